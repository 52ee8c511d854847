package dev.lustre.ir.faults;

import dev.lustre.ir.agent.ProcessLctlRunner;
import dev.lustre.ir.lustre.CommandResult;
import dev.lustre.ir.lustre.LctlRunner;
import dev.lustre.ir.sim.SimCluster;
import java.time.Duration;
import java.util.List;
import java.util.Random;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Lustre-side faults of one schedule, put around the simulated lctl of its cluster: what the
 * simulator cannot be asked for by a scenario setting (a hung lctl, garbage output, an agent killed
 * mid-eviction). A hung lctl is a real process that never ends, run by the product's own
 * {@link ProcessLctlRunner}, whose call timeout kills it: the agent must carry on from there.
 * Flapping clients and a second failover are the simulator's own (scenario setting, {@link SimCluster#failover}).
 */
public final class LustreFaults implements SimCluster.LctlInterposer {
    /** One Lustre-side fault per schedule (or none). */
    public enum Kind {
        NONE,
        /** Clients whose connects fail a few times before one succeeds. */
        FLAPPING_CLIENTS,
        /** One live client's lctl prints garbage once. */
        CLIENT_GARBAGE,
        /** One live client's lctl hangs once (killed by the agent's call timeout). */
        CLIENT_HANG,
        /** The server's lctl prints garbage once (preflight or later reads). */
        SERVER_GARBAGE,
        /** The close's agent is killed after its first eviction. */
        SERVER_DIES_MID_EVICTION,
        /** The server's lctl hangs at the first eviction (killed by the agent's call timeout). */
        SERVER_HANG_IN_CLOSE,
        /** The target fails over again mid-round: a new instance, every client disconnected again. */
        FAILOVER_AGAIN;

        /**
         * Whether the round may end Failed (with a clear reason) rather than Recovered. Garbage from the
         * server's lctl may: a target whose state cannot be read is never acted on, and the round names
         * the parse error (a preflight is not run again on its own).
         */
        public boolean mayFail() {
            return this == SERVER_DIES_MID_EVICTION || this == SERVER_HANG_IN_CLOSE || this == FAILOVER_AGAIN || this == SERVER_GARBAGE;
        }
    }

    /** The error that ends the agent's thread as a SIGKILL ends its process: no report, no clean-up. */
    public static final class Killed extends Error {
        public Killed(String node) {
            super("the agent on " + node + " was killed (injected fault)");
        }
    }

    /** How long a hung lctl runs before the runner kills it (the product's default is above obd_timeout; time here runs faster). */
    static final Duration HANG_TIMEOUT = Duration.ofSeconds(2);

    private final Kind kind;
    private final String node;
    private final int atCall;
    private final Random random;
    private final AtomicInteger calls = new AtomicInteger();
    private final AtomicBoolean fired = new AtomicBoolean();

    /**
     * @param node   the node whose lctl misbehaves (a live client, or the server)
     * @param atCall which of its lctl calls (1-based) misbehaves
     */
    public LustreFaults(Kind kind, String node, int atCall, long seed) {
        this.kind = kind;
        this.node = node;
        this.atCall = atCall;
        this.random = new Random(seed);
    }

    /** Whether the fault happened (a schedule's fault may come too late, e.g. a close that never runs). */
    public boolean fired() {
        return fired.get();
    }

    public Kind kind() {
        return kind;
    }

    @Override
    public CommandResult run(String on, List<String> args, LctlRunner simulated) {
        if (!on.equals(node)) {
            return simulated.run(args);
        }
        switch (kind) {
            case CLIENT_GARBAGE, SERVER_GARBAGE -> {
                if (calls.incrementAndGet() == atCall && fired.compareAndSet(false, true)) {
                    return CommandResult.success(garbage());
                }
            }
            case CLIENT_HANG -> {
                if (calls.incrementAndGet() == atCall && fired.compareAndSet(false, true)) {
                    return hang(args);
                }
            }
            case SERVER_DIES_MID_EVICTION -> {
                if (isEviction(args) && !fired.get()) {
                    CommandResult first = simulated.run(args);
                    fired.set(true);
                    if (first.ok()) {
                        throw new Killed(on);
                    }
                    return first;
                }
            }
            case SERVER_HANG_IN_CLOSE -> {
                if (isEviction(args) && fired.compareAndSet(false, true)) {
                    return hang(args);
                }
            }
            default -> { }
        }
        return simulated.run(args);
    }

    /** Marks a fault the schedule caused from outside lctl (a second failover). */
    public void markFired() {
        fired.set(true);
    }

    private static boolean isEviction(List<String> args) {
        return args.size() >= 2 && args.get(0).equals("set_param") && args.stream().anyMatch(a -> a.contains(".evict_client="));
    }

    /** A process that never ends, killed by the product's runner at its call timeout (exit 124). */
    private static CommandResult hang(List<String> args) {
        // The arguments are passed after a fixed script that ignores them: nothing of them reaches a shell's parser.
        return new ProcessLctlRunner(List.of("sh", "-c", "exec sleep 600", "lctl"), HANG_TIMEOUT).run(args);
    }

    /** What a broken lctl or a truncated read prints: partial key lines, control bytes, noise. */
    private String garbage() {
        StringBuilder b = new StringBuilder();
        int lines = 1 + random.nextInt(6);
        for (int i = 0; i < lines; i++) {
            switch (random.nextInt(5)) {
                case 0 -> b.append("status: ");
                case 1 -> b.append("recovery_start: ").append(random.nextLong());
                case 2 -> b.append("\u0000\u0007\u001b[2J");
                case 3 -> b.append("connection:\n   current_connection: ").append("\uFFFD".repeat(random.nextInt(4)));
                default -> {
                    for (int j = 0, n = random.nextInt(80); j < n; j++) {
                        b.append((char) (32 + random.nextInt(95)));
                    }
                }
            }
            b.append('\n');
        }
        return b.toString();
    }
}
