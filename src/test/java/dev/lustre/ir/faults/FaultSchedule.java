package dev.lustre.ir.faults;

import dev.lustre.ir.sandbox.Dispatch;
import java.time.Duration;
import java.util.Random;

/**
 * One seeded fault schedule: what a 50-client round meets, all drawn from its seed, so that
 * {@code -Dfault-suite.seeds=<seed>} runs the same schedule alone.
 *
 * @param dead          roster clients that never come back (fenced: proven dead at once)
 * @param lustre        the Lustre-side fault
 * @param faultCall     which lctl call of the faulty node misbehaves (garbage, hang)
 * @param flapping      clients whose connects fail before one succeeds ({@link LustreFaults.Kind#FLAPPING_CLIENTS})
 * @param failoverAfter when the target fails over again after the round is applied ({@link LustreFaults.Kind#FAILOVER_AGAIN})
 * @param api           the API fault rates of the round's namespace
 * @param dispatch      how the round reaches its nodes: Jobs, resident agents (the server's too), or half and half
 */
public record FaultSchedule(long seed, int clients, int dead, LustreFaults.Kind lustre, int faultCall, int flapping, int flapFailures,
        Duration flapPeriod, Duration failoverAfter, ApiFaults.Rates api, long apiSeed, long nodeChoice,
        Dispatch dispatch) {

    public static FaultSchedule of(long seed, int clients) {
        Random r = new Random(seed);
        LustreFaults.Kind[] kinds = LustreFaults.Kind.values();
        LustreFaults.Kind lustre = kinds[r.nextInt(kinds.length)];
        boolean needsDead = lustre == LustreFaults.Kind.SERVER_DIES_MID_EVICTION || lustre == LustreFaults.Kind.SERVER_HANG_IN_CLOSE;
        int dead = needsDead ? 1 + r.nextInt(3) : r.nextInt(4);
        return new FaultSchedule(seed, clients, dead, lustre, 1 + r.nextInt(3), 1 + r.nextInt(5), 1 + r.nextInt(3),
                Duration.ofSeconds(2 + r.nextInt(6)), Duration.ofMillis(500 + r.nextInt(6000)), ApiFaults.Rates.drawn(r), r.nextLong(),
                r.nextLong(), Dispatch.values()[r.nextInt(Dispatch.values().length)]);
    }

    /** The round's name: its nodes' prefix, its namespace and its LustreFailover's name. */
    public String name() {
        return "f" + Long.toString(seed & 0xffffffffL, 36);
    }

    @Override
    public String toString() {
        return "seed " + seed + ": " + clients + " clients, " + dead + " dead, " + dispatch.word() + ", " + lustre
                + (lustre == LustreFaults.Kind.FLAPPING_CLIENTS ? " (" + flapping + " x " + flapFailures + " failed connects)" : "")
                + "; API " + api;
    }
}
