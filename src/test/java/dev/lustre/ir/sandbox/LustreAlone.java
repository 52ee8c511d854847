package dev.lustre.ir.sandbox;

import dev.lustre.ir.sim.ManualClock;
import dev.lustre.ir.sim.SimClock;
import dev.lustre.ir.sim.SimCluster;
import java.time.Duration;
import java.time.Instant;

/**
 * The baseline: the same failover with no operator, on the simulated Lustre's own timers (client
 * RPC timeouts, IR notifications, the soft timer), on a simulated clock.
 */
public final class LustreAlone {
    private LustreAlone() {
    }

    /** Seconds from the failover to the window closed, or NaN if it never closed within two hours. */
    public static double windowSeconds(int clients, int dead, boolean ir, long seed) {
        ManualClock clock = SimClock.manual();
        SimCluster sim = SimCluster.builder().fsName("lustre").target("lustre-OST0001").clients(clients).dead(dead)
                .ir(ir).seed(seed).clock(clock).build();
        sim.failover();
        Instant failover = clock.instant();
        Instant giveUp = failover.plus(Duration.ofHours(2));
        while (sim.windowClosedAt().isEmpty()) {
            Instant next = sim.nextEventAt().orElse(null);
            if (next == null || next.isAfter(giveUp)) {
                return Double.NaN;
            }
            clock.advanceTo(next.toEpochMilli());
            sim.advance();
        }
        return Duration.between(failover, sim.windowClosedAt().get()).toMillis() / 1000.0;
    }
}
