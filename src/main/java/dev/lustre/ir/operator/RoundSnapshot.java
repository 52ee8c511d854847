package dev.lustre.ir.operator;

import dev.lustre.ir.api.ClosedBy;
import dev.lustre.ir.api.ServerStatus;
import dev.lustre.ir.api.Via;
import dev.lustre.ir.policy.ClientObservation;
import dev.lustre.ir.policy.ClientState;
import dev.lustre.ir.policy.EffectivePolicy;
import dev.lustre.ir.policy.Plan;
import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What one reconcile saw of a round on the API server, read once and never changed: what the agents
 * reported (through Jobs or as resident agents), the client nodes' health, the inventory. Everything
 * the round decides is a function of this snapshot and the recorded status.
 *
 * @param expected          clients the round waits for
 * @param preflight         how far the preflight inspection got
 * @param preflightFailure  why the preflight failed, with {@link JobProgress#Failed}
 * @param latest            the newest successful inspection of the server, or null
 * @param verifications     verification Jobs of the round, counting any the status did not record
 * @param lastInspection    the newest inspection Job, successful or not, or null
 * @param clients           the roster nodes, each classified; empty until the server was inspected
 * @param dispatched        client Jobs that exist
 * @param lastClientReport  when the last client Job completed (the epoch if none did)
 * @param close             the close that waits for the window (a Job, or a LustreClose for the server's agent), or null
 * @param inventory         client UUIDs per node from earlier reports and the agents' registrations; empty
 *                          until the server was inspected
 * @param serverVia         how the server is reached; null when it is neither a Kubernetes node nor has a live agent
 * @param serverAgentAlive  with {@link Via#Agent}: whether the server's agent still renews its Lease
 * @param viaAgent          roster nodes taking part through their resident agent
 * @param viaJob            roster nodes taking part through a Job
 * @param jobsRunning       client Jobs still running (what maxConcurrentJobs bounds)
 * @param ordered           every UUID a close of this round was issued for (each is issued once)
 * @param orderedEarly      of those, the UUIDs evicted early, while live clients still reconnected
 * @param closesIssued      closes issued to the server's agent (early evictions and the last close)
 * @param serverProblem     what keeps the server from being inspected (no such node, NotReady, the
 *                          preflight's Pod unschedulable or not starting), or null
 * @param targetLeft        the server's newest report, when it says the target is no longer mounted on
 *                          the server node after the round saw it there; else null
 * @param earlyEvictionsDone whether early evictions were ordered and the server's agent answered each,
 *                          having evicted: only then may the window's end be credited to them
 */
record RoundSnapshot(
        Instant now,
        long round,
        EffectivePolicy policy,
        boolean suspended,
        boolean approved,
        String target,
        String serverNode,
        int expected,
        JobProgress preflight,
        String preflightFailure,
        Inspection latest,
        int verifications,
        InspectionJob lastInspection,
        List<ClientObservation> clients,
        int dispatched,
        Instant lastClientReport,
        CloseJob close,
        Map<String, List<String>> inventory,
        Via serverVia,
        boolean serverAgentAlive,
        int viaAgent,
        int viaJob,
        int jobsRunning,
        Set<String> ordered,
        Set<String> orderedEarly,
        int closesIssued,
        ServerReadiness.Problem serverProblem,
        String targetLeft,
        boolean earlyEvictionsDone) {

    RoundSnapshot {
        clients = List.copyOf(clients);
        inventory = Map.copyOf(inventory);
        ordered = Collections.unmodifiableSet(new LinkedHashSet<>(ordered));
        orderedEarly = Collections.unmodifiableSet(new LinkedHashSet<>(orderedEarly));
    }

    long count(ClientState state) {
        return clients.stream().filter(c -> c.state() == state).count();
    }

    enum JobProgress {
        Absent,
        /** Running, or finished with its report still on its way. */
        Running,
        Failed,
        Succeeded
    }

    /**
     * The target's recovery state as one inspection Job saw it.
     *
     * @param staleClients the UUIDs the server still waits for, or null where it cannot list them (before 2.16)
     * @param staleTruncated whether that list was cut to fit the agent's report
     * @param observedAt   when the inspection started: the state is at least this recent
     */
    record Inspection(ServerStatus server, Set<String> staleClients, boolean staleTruncated, Instant observedAt) {
        Inspection {
            staleClients = staleClients == null ? null : Collections.unmodifiableSet(new LinkedHashSet<>(staleClients));
        }

        /** What an inspect-server report says, observed at {@code observedAt}. */
        static Inspection of(AgentReport report, Instant observedAt, ServerStatus previous) {
            return new Inspection(ServerViews.from(report.recovery(), report, observedAt, previous),
                    report.staleSupported() ? new LinkedHashSet<>(report.staleClients()) : null, report.staleTruncated(), observedAt);
        }

        boolean windowClosed() {
            return ServerViews.windowClosed(server.recoveryStatus);
        }
    }

    /** An inspection Job, for pacing the next one. */
    record InspectionJob(boolean finished, Instant createdAt) {
    }

    /**
     * The close: what it was issued to do (read back from the Job or LustreClose itself, so a close
     * whose status write was lost is still known) and how it ended.
     *
     * @param running      not finished, or finished with its report still on its way
     * @param closedWindow it succeeded and the target left recovery
     * @param timedOut     the target still waited for someone when the agent stopped waiting
     * @param finalServer  the target as the agent last saw it, once finished
     * @param failure      what the agent or Kubernetes said when it did not close the window
     * @param evicted      how many UUIDs the close itself evicted, as its report says; null while unknown
     * @param foundClosed  the close found the target already out of recovery and did nothing (Lustre's
     *                     own timer, or the last reconnects, closed the window before it ran)
     */
    record CloseJob(Plan plan, ClosedBy closedBy, Instant createdAt, boolean running, boolean closedWindow,
            boolean timedOut, ServerStatus finalServer, String failure, Instant finishedAt, Integer evicted, boolean foundClosed) {
        /** A close whose report says nothing of what it did (running, failed, gone). */
        CloseJob(Plan plan, ClosedBy closedBy, Instant createdAt, boolean running, boolean closedWindow,
                boolean timedOut, ServerStatus finalServer, String failure, Instant finishedAt) {
            this(plan, closedBy, createdAt, running, closedWindow, timedOut, finalServer, failure, finishedAt, null, false);
        }
    }
}
