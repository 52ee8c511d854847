package dev.lustre.ir.sandbox;

import dev.lustre.ir.api.LustreFailover;
import dev.lustre.ir.sim.SimCluster;
import dev.lustre.ir.sim.TargetView;
import java.time.Duration;

/**
 * One line of the live display: the round as the operator reports it, the path the clients took
 * (results their resident agents wrote, Jobs the operator dispatched), and the target as Lustre has it.
 */
final class ProgressLine {
    private ProgressLine() {
    }

    static String of(LustreFailover lfo, SimCluster sim, Duration elapsed, RoundTimeline timeline) {
        var s = lfo == null ? null : lfo.getStatus();
        TargetView t = sim.target();
        String phase = s == null || s.phase == null ? "Pending" : s.phase.name();
        String clients = s == null || s.clients == null ? "-" : s.clients.reconnected + "/" + s.clients.expected;
        int dead = s == null || s.clients == null ? 0 : s.clients.dead;
        return String.format("[%6.1fs] %-16s reconnected %-11s dead %-4d window %-7s | via agents %-5d Jobs %-5d"
                        + " | target %s %d/%d connected, %d evicted",
                elapsed.toMillis() / 1000.0, phase, clients, dead, s == null || s.window == null ? "unknown" : s.window,
                timeline.agentResults(), timeline.jobsDispatched(), t.status(), t.connected(), t.total(), t.evicted());
    }
}
