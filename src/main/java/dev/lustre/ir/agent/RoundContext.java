package dev.lustre.ir.agent;

import java.io.PrintStream;
import java.time.Clock;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What one agent's round tasks share: its node, its lctl, its clocks, where results go, and which of
 * its rounds have a close running (the server's observation goes on until every close has finished).
 *
 * @param sleeper how lctl polls wait (the simulated Lustre's clock in tests); the server's
 *     once-a-second observation waits on the wall clock, so that it never writes more often
 */
record RoundContext(String node, Lctl lctl, Sleeper sleeper, Clock clock, PrintStream log, ResultStore store,
        Map<String, Integer> runningCloses) {

    RoundContext(String node, Lctl lctl, Sleeper sleeper, Clock clock, PrintStream log, ResultStore store) {
        this(node, lctl, sleeper, clock, log, store, new ConcurrentHashMap<>());
    }

    void closeBegins(String round) {
        runningCloses.merge(round, 1, Integer::sum);
    }

    void closeEnds(String round) {
        runningCloses.computeIfPresent(round, (k, n) -> n <= 1 ? null : n - 1);
    }

    boolean closeRunning(String round) {
        return runningCloses.containsKey(round);
    }

    void log(String line) {
        log.println("agent serve: " + line);
    }
}
