package dev.lustre.ir.operator;

import dev.lustre.ir.api.ClientCounts;
import dev.lustre.ir.api.ClosedBy;
import dev.lustre.ir.api.LustreFailoverStatus;
import dev.lustre.ir.api.Phase;
import dev.lustre.ir.api.Via;
import dev.lustre.ir.api.RecoveryPolicySpec;
import dev.lustre.ir.api.RecoveryPolicySpec.Evidence;
import dev.lustre.ir.api.ServerStatus;
import dev.lustre.ir.kube.Times;
import dev.lustre.ir.operator.RoundSnapshot.CloseJob;
import dev.lustre.ir.operator.RoundSnapshot.Inspection;
import dev.lustre.ir.operator.RoundSnapshot.InspectionJob;
import dev.lustre.ir.operator.RoundSnapshot.JobProgress;
import dev.lustre.ir.policy.ClientObservation;
import dev.lustre.ir.policy.ClientState;
import dev.lustre.ir.policy.EffectivePolicy;
import dev.lustre.ir.policy.Plan;
import dev.lustre.ir.policy.PolicyResolver;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.Set;

/** Stubbed snapshots and recorded statuses of a round on lustre-OST0001, served by oss2. */
final class RoundFixture {
    static final Instant T0 = Instant.parse("2026-11-25T10:00:00Z");
    static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(150);

    private RoundFixture() {
    }

    static EffectivePolicy policy(RecoveryPolicySpec inline) {
        return PolicyResolver.resolve(null, inline);
    }

    static String uuid(String node) {
        return node + "-uuid";
    }

    static ClientObservation reconnected(String node) {
        return new ClientObservation(node, ClientState.Reconnected, null, List.of(uuid(node)), 1, null);
    }

    static ClientObservation dead(String node) {
        return new ClientObservation(node, ClientState.Dead, Evidence.NodeNotReady, List.of(), 0, "node is not Ready");
    }

    static ClientObservation running(String node) {
        return new ClientObservation(node, ClientState.Running, null, List.of(), 1, null);
    }

    static ClientObservation pending(String node) {
        return new ClientObservation(node, ClientState.Pending, null, List.of(), 0, null);
    }

    static ServerStatus server(String recoveryStatus) {
        ServerStatus s = new ServerStatus();
        s.recoveryStatus = recoveryStatus;
        s.connected = 0;
        s.total = 0;
        s.evicted = 0;
        s.instance = 5L;
        s.observedAt = Times.format(T0);
        return s;
    }

    /** An inspection that saw the target RECOVERING, waiting for these UUIDs (null: the server cannot list them). */
    static Inspection recovering(Instant at, String... stale) {
        return new Inspection(server("RECOVERING"), stale == null ? null : new LinkedHashSet<>(List.of(stale)), false, at);
    }

    static Inspection complete(Instant at) {
        return new Inspection(server("COMPLETE"), Set.of(), false, at);
    }

    /** A close Job as the operator issued it, still running. */
    static CloseJob closeRunning(Plan plan, ClosedBy by, Instant created) {
        return new CloseJob(plan, by, created, true, false, false, null, null, null);
    }

    static CloseJob closeSucceeded(Plan plan, ClosedBy by, Instant created, Instant finished, int evicted) {
        ServerStatus fin = server("COMPLETE");
        fin.evicted = evicted;
        return new CloseJob(plan, by, created, false, true, false, fin, null, finished, plan.uuids().size(), false);
    }

    /** A close that found the target already out of recovery (Lustre's timer was first): it did nothing. */
    static CloseJob closeFoundWindowClosed(Plan plan, ClosedBy by, Instant created, Instant finished, int evictedByLustre) {
        ServerStatus fin = server("COMPLETE");
        fin.evicted = evictedByLustre;
        return new CloseJob(plan, by, created, false, true, false, fin, null, finished, 0, true);
    }

    static CloseJob closeFailed(Plan plan, ClosedBy by, Instant created, Instant finished, String failure) {
        return new CloseJob(plan, by, created, false, false, false, null, failure, finished);
    }

    static CloseJob closeTimedOut(Plan plan, ClosedBy by, Instant created, Instant finished) {
        return new CloseJob(plan, by, created, false, false, true, server("RECOVERING"), "Timeout: still recovering", finished);
    }

    static LustreFailoverStatus recorded(Phase phase, int expected) {
        LustreFailoverStatus s = new LustreFailoverStatus();
        s.round = 1L;
        s.roundSpec = "0123456789abcdef";
        s.startTime = Times.format(T0);
        s.window = "open";
        s.phase = phase;
        s.effectivePolicy = policy(null).toSpec();
        s.clients = new ClientCounts();
        s.clients.expected = expected;
        s.progress = "0/" + expected;
        return s;
    }

    /** What one reconcile saw; each {@code with…} returns a changed copy. */
    static final class Seen {
        Instant now = T0;
        EffectivePolicy policy = policy(null);
        boolean suspended;
        boolean approved;
        int expected;
        JobProgress preflight = JobProgress.Absent;
        String preflightFailure;
        Inspection latest;
        int verifications;
        InspectionJob lastInspection;
        List<ClientObservation> clients = List.of();
        int dispatched;
        Instant lastClientReport = Instant.EPOCH;
        CloseJob close;
        Map<String, List<String>> inventory = Map.of();
        Via serverVia = Via.Job;
        boolean serverAgentAlive;
        Set<String> ordered = Set.of();
        Set<String> orderedEarly = Set.of();
        int closesIssued;
        ServerReadiness.Problem serverProblem;
        String targetLeft;
        boolean earlyEvictionsDone;

        static Seen start() {
            return new Seen();
        }

        /** The preflight succeeded at T0 with this view of the server, and the roster's clients are as given. */
        static Seen inspected(Inspection latest, ClientObservation... clients) {
            Seen s = new Seen();
            s.preflight = JobProgress.Succeeded;
            s.latest = latest;
            s.lastInspection = new InspectionJob(true, latest.observedAt());
            s.clients = List.of(clients);
            s.expected = clients.length;
            s.dispatched = (int) s.clients.stream().filter(c -> c.state() != ClientState.Pending).count();
            return s;
        }

        RoundSnapshot build() {
            return new RoundSnapshot(now, 1, policy, suspended, approved, "lustre-OST0001", "oss2", expected, preflight,
                    preflightFailure, latest, verifications, lastInspection, clients, dispatched, lastClientReport, close, inventory,
                    serverVia, serverAgentAlive, 0, dispatched,
                    (int) clients.stream().filter(c -> c.state() == ClientState.Running).count(), ordered, orderedEarly, closesIssued,
                    serverProblem, targetLeft, earlyEvictionsDone);
        }

        Seen at(Instant t) {
            Seen s = copy();
            s.now = t;
            return s;
        }

        Seen withPolicy(EffectivePolicy p) {
            Seen s = copy();
            s.policy = p;
            return s;
        }

        Seen suspended(boolean on) {
            Seen s = copy();
            s.suspended = on;
            return s;
        }

        Seen approved() {
            Seen s = copy();
            s.approved = true;
            return s;
        }

        Seen preflight(JobProgress progress, String failure) {
            Seen s = copy();
            s.preflight = progress;
            s.preflightFailure = failure;
            return s;
        }

        /** A newer inspection, the {@code sequence}-th verification, created when it looked. */
        Seen verified(int sequence, Inspection latest) {
            Seen s = copy();
            s.verifications = sequence;
            s.latest = latest;
            s.lastInspection = new InspectionJob(true, latest.observedAt());
            return s;
        }

        /** An inspection Job started at {@code created} that has not finished. */
        Seen inspecting(int sequence, Instant created) {
            Seen s = copy();
            s.verifications = sequence;
            s.lastInspection = new InspectionJob(false, created);
            return s;
        }

        Seen withClients(ClientObservation... clients) {
            Seen s = copy();
            s.clients = List.of(clients);
            s.dispatched = (int) s.clients.stream().filter(c -> c.state() != ClientState.Pending).count();
            return s;
        }

        Seen lastClientReport(Instant t) {
            Seen s = copy();
            s.lastClientReport = t;
            return s;
        }

        Seen withClose(CloseJob close) {
            Seen s = copy();
            s.close = close;
            return s;
        }

        /** Early evictions of these UUIDs were issued to the server's agent; {@code done}: it answered having evicted. */
        Seen withEarlyEvictions(Set<String> uuids, boolean done) {
            Seen s = viaServerAgent();
            s.ordered = uuids;
            s.orderedEarly = uuids;
            s.earlyEvictionsDone = done;
            return s;
        }

        /** The server is reached through its resident agent, alive. */
        Seen viaServerAgent() {
            Seen s = copy();
            s.serverVia = Via.Agent;
            s.serverAgentAlive = true;
            return s;
        }

        /** The server's newest report says the target is not mounted on the server node. */
        Seen withTargetLeft(String report) {
            Seen s = copy();
            s.targetLeft = report;
            return s;
        }

        Seen withInventory(Map<String, List<String>> inventory) {
            Seen s = copy();
            s.inventory = inventory;
            return s;
        }

        private Seen copy() {
            Seen s = new Seen();
            s.now = now;
            s.policy = policy;
            s.suspended = suspended;
            s.approved = approved;
            s.expected = expected;
            s.preflight = preflight;
            s.preflightFailure = preflightFailure;
            s.latest = latest;
            s.verifications = verifications;
            s.lastInspection = lastInspection;
            s.clients = new ArrayList<>(clients);
            s.dispatched = dispatched;
            s.lastClientReport = lastClientReport;
            s.close = close;
            s.inventory = inventory;
            s.serverVia = serverVia;
            s.serverAgentAlive = serverAgentAlive;
            s.ordered = ordered;
            s.orderedEarly = orderedEarly;
            s.closesIssued = closesIssued;
            s.serverProblem = serverProblem;
            s.targetLeft = targetLeft;
            s.earlyEvictionsDone = earlyEvictionsDone;
            return s;
        }
    }
}
