package dev.lustre.ir.operator;

import dev.lustre.ir.api.LustreFailoverStatus;
import dev.lustre.ir.api.Phase;
import java.time.Instant;

/** Derives the conditions from the rest of the status, for kubectl wait and GitOps health checks. */
final class StatusConditions {
    /** WindowClosed=False reason while the server waits for clients the operator may not evict. */
    static final String LEFT_TO_LUSTRE = "LeftToLustreTimer";
    /** WindowClosed=Unknown reason while the server has not been inspected in the round. */
    static final String NOT_OBSERVED = "NotObserved";

    private StatusConditions() {
    }

    static void refresh(LustreFailoverStatus s, long generation, Instant now) {
        boolean closed = "closed".equals(s.window);
        boolean leftToLustre = !closed && s.leftToLustre != null;
        if (s.window == null || RoundPresenter.WINDOW_UNKNOWN.equals(s.window)) {
            // The server was not inspected in this round (e.g. it failed before): no claim either way.
            Conditions.set(s.conditions, Conditions.WINDOW_CLOSED, "Unknown", NOT_OBSERVED,
                    "the target's recovery status was not read in this round", generation, now);
        } else {
            Conditions.set(s.conditions, Conditions.WINDOW_CLOSED, closed,
                    closed ? (s.closedBy == null ? "Closed" : s.closedBy.name()) : leftToLustre ? LEFT_TO_LUSTRE : "RecoveryInProgress",
                    leftToLustre ? s.leftToLustre : s.server == null ? "" : "target recovery status " + s.server.recoveryStatus,
                    generation, now);
        }
        if (s.clients != null) {
            var c = s.clients;
            boolean allBack = c.pending == 0 && c.failed == 0 && c.reconnected + c.dead >= c.expected;
            Conditions.set(s.conditions, Conditions.RECONNECTED, allBack, allBack ? "AllLiveClientsBack" : "Waiting",
                    c.reconnected + "/" + c.expected + " reconnected, " + c.dead + " dead", generation, now);
            boolean degraded = c.dead + c.failed > 0;
            Conditions.set(s.conditions, Conditions.DEGRADED, degraded, degraded ? "ClientsDeadOrFailed" : "NoProblem",
                    c.dead + " dead, " + c.failed + " failed", generation, now);
        }
        boolean paused = s.phase == Phase.Suspended;
        Conditions.set(s.conditions, Conditions.PAUSED, paused, paused ? "Suspended" : "Running", "", generation, now);
        if (s.phase == Phase.Recovered) {
            Conditions.set(s.conditions, Conditions.COMPLETE, true, "Recovered", s.message, generation, now);
        } else if (s.phase != Phase.Failed) {
            Conditions.set(s.conditions, Conditions.COMPLETE, false, "InProgress", "phase " + s.phase, generation, now);
        }
    }
}
