package dev.lustre.ir.operator;

import dev.lustre.ir.kube.Times;
import dev.lustre.ir.report.TargetRecovery;
import dev.lustre.ir.api.ApiGroup;
import dev.lustre.ir.api.ClientCounts;
import dev.lustre.ir.api.ClientIssue;
import dev.lustre.ir.api.ClosePlan;
import dev.lustre.ir.api.ClosedBy;
import dev.lustre.ir.api.LustreFailoverStatus;
import dev.lustre.ir.api.Phase;
import dev.lustre.ir.api.ServerStatus;
import dev.lustre.ir.report.AgentError;
import dev.lustre.ir.api.RecoveryPolicySpec.CloseMethod;
import dev.lustre.ir.policy.ClientClassifier;
import dev.lustre.ir.policy.ClientObservation;
import dev.lustre.ir.policy.ClientState;
import dev.lustre.ir.policy.Decision;
import dev.lustre.ir.policy.JobOutcome;
import dev.lustre.ir.policy.NodeHealth;
import dev.lustre.ir.policy.Plan;
import dev.lustre.ir.policy.RecoveryDecider;
import dev.lustre.ir.policy.RoundObservation;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Moves a round one step: Preflight → Reconnecting → (AwaitingApproval) → ClosingWindow →
 * Recovered. Every step is derived from what exists on the API server (Jobs and their reports,
 * the status), so a restarted operator continues where the last one stopped, adopting its Jobs.
 */
class RoundDriver {
    /** Bound of per-client lists in status; counts stay complete. */
    static final int LIST_BOUND = 100;
    static final Duration FAST = Duration.ofSeconds(1);
    static final Duration VERIFY_WHILE_CLOSING = Duration.ofSeconds(2);
    /** While waiting, the server is looked at now and then to notice Lustre finishing on its own. */
    static final Duration VERIFY_WHILE_WAITING = Duration.ofSeconds(30);
    /** After the close Job's own deadline: how long a close may take before the round fails. */
    static final Duration CLOSE_SLACK = Duration.ofSeconds(60);
    /** After a close Job ended without the window closed: how long the server is watched before the round fails. */
    static final Duration VERIFY_AFTER_FAILED_CLOSE = Duration.ofSeconds(30);

    private final AgentJobFactory factory;
    private final JobLauncher launcher;
    private final Roster roster;
    private final Inventory inventory;
    /** Outcomes of finished client Jobs by Job UID: a finished Job does not change, so its report is read once. */
    private final Map<String, JobOutcome> finished = new java.util.concurrent.ConcurrentHashMap<>();

    RoundDriver(AgentJobFactory factory, JobLauncher launcher, Roster roster, Inventory inventory) {
        this.factory = factory;
        this.launcher = launcher;
        this.roster = roster;
        this.inventory = inventory;
    }

    /** @return when to look again */
    Duration step(RoundState st) {
        LustreFailoverStatus s = st.status();
        JobView preflight = st.job(Names.serverJob(st.name(), st.round(), AgentJobFactory.ROLE_PREFLIGHT));
        if (preflight == null) {
            if (st.suspended()) {
                return suspend(st);
            }
            launcher.create(List.of(factory.inspect(st.lfo(), st.round(), st.policy(), AgentJobFactory.ROLE_PREFLIGHT, 0)));
            s.phase = Phase.Preflight;
            s.message = "inspecting " + st.lfo().getSpec().target + " on " + st.lfo().getSpec().server.node;
            return FAST;
        }
        if (!preflight.finished() || preflight.reportPending()) {
            s.phase = Phase.Preflight;
            return FAST;
        }
        AgentReport pre = AgentReport.parse(preflight.terminationMessage());
        if (!preflight.complete() || !pre.ok()) {
            return fail(st, "PreflightFailed", "preflight on " + st.lfo().getSpec().server.node + " failed: "
                    + describe(pre, preflight));
        }
        Inspection latest = latestInspection(st, pre);
        s.server = ServerViews.from(latest.report.recovery(), latest.report, latest.observedAt, s.server);

        List<ClientObservation> clients = observeClients(st);
        recordCounts(st, clients);

        if (ServerViews.windowClosed(s.server.recoveryStatus)) {
            return finish(st, clients, closedBy(s), latest.observedAt);
        }
        JobView close = st.job(Names.serverJob(st.name(), st.round(), AgentJobFactory.ROLE_CLOSE));
        if (close != null || (s.plan != null && s.plan.issuedAt != null)) {
            return closing(st, clients, close);
        }
        if (s.closedBy != null) {
            // Every client is back: Lustre ends recovery by itself once replay is done; verify it.
            s.phase = Phase.ClosingWindow;
            s.message = "all clients reconnected; waiting for the target to finish replay";
            verify(st, VERIFY_WHILE_CLOSING);
            return FAST;
        }
        if (!st.suspended()) {
            dispatch(st, clients);
        }
        return decide(st, clients, latest);
    }

    private Duration decide(RoundState st, List<ClientObservation> clients, Inspection latest) {
        LustreFailoverStatus s = st.status();
        Set<String> stale = latest.report.staleSupported() ? new LinkedHashSet<>(latest.report.staleClients()) : null;
        boolean approved = Long.toString(st.round()).equals(annotation(st, ApiGroup.APPROVE_ANNOTATION));
        RoundObservation o = new RoundObservation(st.policy(), Times.parse(s.startTime), st.now(), s.clients.expected,
                clients, stale, !latest.report.staleTruncated(), inventory.read(st.lfo()), approved);
        Decision d = RecoveryDecider.decide(o);
        if (!(d instanceof Decision.Wait) && latest.report.staleTruncated() && !latest.observedAt.isAfter(lastReport(st, clients))) {
            // The server's list of missing clients was cut to fit a termination message; ask again now
            // that the live clients are back and the list is short.
            s.message = "policy holds; confirming the missing clients with the server";
            verify(st, Duration.ZERO);
            return FAST;
        }
        if (st.suspended()) {
            return suspend(st);
        }
        s.leftToLustre = null;
        if (d instanceof Decision.Wait w) {
            s.phase = Phase.Reconnecting;
            s.message = w.reason();
            verify(st, VERIFY_WHILE_WAITING);
            Duration until = Duration.between(st.now(), w.nextCheck());
            return until.compareTo(FAST) < 0 ? FAST : until.compareTo(Duration.ofSeconds(5)) > 0 ? Duration.ofSeconds(5) : until;
        }
        if (d instanceof Decision.AllBack) {
            s.closedBy = ClosedBy.AllReconnected;
            s.phase = Phase.ClosingWindow;
            s.message = "all clients reconnected; no eviction needed";
            recordInventory(st, clients);
            verify(st, Duration.ZERO);
            return FAST;
        }
        if (d instanceof Decision.LeaveToLustre l) {
            // Decided again at every step: a dead node's UUID may still become known, and a client
            // may still report. Lustre's own timer ends the window meanwhile.
            s.phase = Phase.ClosingWindow;
            s.message = l.reason();
            s.leftToLustre = l.nobodyMissing() ? null : l.reason();
            recordInventory(st, clients);
            verify(st, l.nobodyMissing() ? VERIFY_WHILE_CLOSING : VERIFY_WHILE_WAITING);
            return Duration.ofSeconds(5);
        }
        if (d instanceof Decision.AwaitApproval a) {
            s.phase = Phase.AwaitingApproval;
            s.plan = planView(a.plan(), null);
            s.message = "plan ready: annotate " + ApiGroup.APPROVE_ANNOTATION + "=" + st.round() + " to "
                    + describe(a.plan());
            return Duration.ofSeconds(2);
        }
        Decision.Close c = (Decision.Close) d;
        Job job = factory.close(st.lfo(), st.round(), st.policy(), c.plan().action() == CloseMethod.AbortRecovery, c.plan().uuids());
        launcher.create(List.of(job));
        s.plan = planView(c.plan(), Times.format(st.now()));
        s.closedBy = c.closedBy();
        s.phase = Phase.ClosingWindow;
        s.message = "closing the window: " + describe(c.plan());
        s.leftToLustre = c.plan().leftToLustre();
        recordInventory(st, clients);
        return FAST;
    }

    private Duration closing(RoundState st, List<ClientObservation> clients, JobView close) {
        LustreFailoverStatus s = st.status();
        s.phase = Phase.ClosingWindow;
        Instant issued = s.plan == null || s.plan.issuedAt == null ? st.now() : Times.parse(s.plan.issuedAt);
        Instant bound = issued.plus(factory.closeTimeout()).plus(CLOSE_SLACK);
        if (close != null && (!close.finished() || close.reportPending())) {
            return st.now().isAfter(bound) ? closeFailed(st, "the close Job has not finished") : FAST;
        }
        String outcome = "the close Job is gone";
        if (close != null) {
            AgentReport report = AgentReport.parse(close.terminationMessage());
            TargetRecovery fin = report.finalRecovery();
            if (close.complete() && report.ok() && ServerViews.windowClosed(fin)) {
                s.server = ServerViews.from(fin, null, st.now(), s.server);
                return finish(st, clients, s.closedBy, st.now());
            }
            if (AgentError.Timeout.name().equals(report.error()) && s.leftToLustre != null) {
                // The evictions were made; the server still waits for clients the operator may not
                // evict, as the plan said. Lustre's recovery timer (hard limit included) ends it.
                s.server = fin == null ? s.server : ServerViews.from(fin, null, st.now(), s.server);
                s.closedBy = null; // whatever ends the window now, it is not this close
                s.message = "evicted " + s.plan.count + " dead client(s); " + s.leftToLustre;
                verify(st, VERIFY_WHILE_WAITING);
                return Duration.ofSeconds(5);
            }
            outcome = "the close Job ended without the window closed (" + describe(report, close) + ")";
            Instant ended = finishedAt(close);
            if (ended != null && ended.plus(VERIFY_AFTER_FAILED_CLOSE).isBefore(bound)) {
                bound = ended.plus(VERIFY_AFTER_FAILED_CLOSE);
            }
        }
        if (st.now().isAfter(bound)) {
            return closeFailed(st, outcome);
        }
        // Never re-run an eviction blindly: look at the server until the bound, then give up.
        s.message = outcome + "; verifying";
        verify(st, VERIFY_WHILE_CLOSING);
        return FAST;
    }

    private Duration closeFailed(RoundState st, String outcome) {
        ServerStatus srv = st.status().server;
        String last = srv == null ? "the server was not seen"
                : "the server's last state: " + srv.recoveryStatus
                        + (srv.connected == null ? "" : ", " + srv.connected + "/" + srv.total + " connected")
                        + (srv.evicted == null ? "" : ", " + srv.evicted + " evicted")
                        + (srv.timeRemaining == null ? "" : ", " + srv.timeRemaining + "s on the recovery timer")
                        + (srv.observedAt == null ? "" : " (observed " + srv.observedAt + ")");
        return fail(st, "CloseFailed", outcome + "; not retried (an eviction is never re-run blindly); " + last
                + "; Lustre's own recovery timer still ends the window");
    }

    private static Instant finishedAt(JobView v) {
        var status = v.job().getStatus();
        if (status == null) {
            return null;
        }
        if (status.getCompletionTime() != null) {
            return Instant.parse(status.getCompletionTime());
        }
        return status.getConditions() == null ? null : status.getConditions().stream()
                .filter(c -> "Failed".equals(c.getType()) && c.getLastTransitionTime() != null)
                .map(c -> Instant.parse(c.getLastTransitionTime())).findFirst().orElse(null);
    }

    private Duration finish(RoundState st, List<ClientObservation> clients, ClosedBy by, Instant closedAt) {
        LustreFailoverStatus s = st.status();
        s.phase = Phase.Recovered;
        s.closedBy = by;
        s.window = "closed";
        if (s.windowClosedTime == null) {
            s.windowClosedTime = Times.format(closedAt);
        }
        s.completionTime = Times.format(st.now());
        if (s.plan != null && s.server != null) {
            s.plan.evicted = s.server.evicted;
        }
        s.message = "recovery window closed (" + by + ")"
                + (s.plan != null && s.plan.action == CloseMethod.AbortRecovery && s.server.evicted != null
                        ? "; abort_recovery evicted " + s.server.evicted + " clients" : "")
                + (s.plan != null && s.plan.action == CloseMethod.EvictDead ? "; evicted " + s.plan.count + " dead clients" : "");
        recordInventory(st, clients);
        return null;
    }

    /** Who closed a window the operator did not close itself. */
    private static ClosedBy closedBy(LustreFailoverStatus s) {
        if (s.closedBy != null) {
            return s.closedBy;
        }
        // Every client was told to reconnect and did: the last reconnect let Lustre finish.
        boolean allBack = s.clients.dispatched > 0 && s.clients.reconnected >= s.clients.expected;
        return allBack ? ClosedBy.AllReconnected : ClosedBy.LustreFinishedOnItsOwn;
    }

    private Duration fail(RoundState st, String reason, String message) {
        LustreFailoverStatus s = st.status();
        s.phase = Phase.Failed;
        s.message = message;
        s.completionTime = Times.format(st.now());
        Conditions.set(s.conditions, Conditions.COMPLETE, false, reason, message, st.lfo().getMetadata().getGeneration(), st.now());
        return null;
    }

    private Duration suspend(RoundState st) {
        st.status().phase = Phase.Suspended;
        st.status().message = "suspended: no new jobs, no window close; jobs in flight finish";
        return Duration.ofSeconds(5);
    }

    /** Creates client Jobs for nodes not yet dispatched, keeping at most maxConcurrentJobs alive. */
    private void dispatch(RoundState st, List<ClientObservation> clients) {
        long alive = clients.stream().filter(c -> c.state() == ClientState.Running).count();
        long room = st.policy().maxConcurrentJobs() - alive;
        if (room <= 0) {
            return;
        }
        Long instance = st.status().server == null ? null : st.status().server.instance;
        List<Job> batch = new ArrayList<>();
        for (ClientObservation c : clients) {
            if (batch.size() >= room) {
                break;
            }
            if (c.state() == ClientState.Pending) {
                batch.add(factory.reconnect(st.lfo(), st.round(), st.policy(), c.node(), instance));
            }
        }
        if (!batch.isEmpty()) {
            launcher.create(batch);
            st.status().clients.dispatched += batch.size();
        }
    }

    private List<ClientObservation> observeClients(RoundState st) {
        List<String> nodes = roster.get(st.lfo(), st.round());
        List<ClientObservation> out = new ArrayList<>(nodes == null ? 0 : nodes.size());
        if (nodes == null) {
            return out;
        }
        for (String node : nodes) {
            NodeHealth health = NodeHealthReader.health(st.nodes().apply(node));
            JobView view = st.job(Names.clientJob(st.name(), st.round(), node));
            out.add(ClientClassifier.classify(node, health, cachedOutcome(view), st.policy().deadClientEvidence()));
        }
        return out;
    }

    private JobOutcome cachedOutcome(JobView view) {
        if (view == null || !view.finished() || view.reportPending()) {
            return outcome(view);
        }
        return finished.computeIfAbsent(view.job().getMetadata().getUid(), uid -> outcome(view));
    }

    /** Drops what was cached about a failover's Jobs. */
    void forget(java.util.Collection<String> jobUids) {
        jobUids.forEach(finished::remove);
    }

    static JobOutcome outcome(JobView view) {
        if (view == null) {
            return JobOutcome.notCreated();
        }
        if (!view.finished() || view.reportPending()) {
            return new JobOutcome(JobOutcome.Phase.Running, false, null, List.of(), view.attempts(), null);
        }
        AgentReport r = AgentReport.parse(view.terminationMessage());
        String message = r.message() != null ? r.message() : view.failureReason();
        return new JobOutcome(view.complete() ? JobOutcome.Phase.Succeeded : JobOutcome.Phase.Failed,
                view.complete() && r.ok(), r.error() != null ? r.error() : view.failureReason(), r.uuids(), view.attempts(), message);
    }

    private void recordCounts(RoundState st, List<ClientObservation> clients) {
        LustreFailoverStatus s = st.status();
        ClientCounts counts = new ClientCounts();
        counts.expected = s.clients != null && s.clients.expected > 0 ? s.clients.expected : clients.size();
        counts.dispatched = (int) clients.stream().filter(c -> st.job(Names.clientJob(st.name(), st.round(), c.node())) != null).count();
        counts.reconnected = (int) clients.stream().filter(c -> c.state() == ClientState.Reconnected).count();
        counts.dead = (int) clients.stream().filter(c -> c.state() == ClientState.Dead).count();
        counts.failed = (int) clients.stream().filter(c -> c.state() == ClientState.Failed).count();
        counts.pending = (int) clients.stream().filter(c -> c.state() == ClientState.Pending || c.state() == ClientState.Running).count();
        s.clients = counts;
        s.progress = counts.reconnected + "/" + counts.expected;
        s.window = s.server != null && ServerViews.windowClosed(s.server.recoveryStatus) ? "closed" : "open";

        Map<String, List<String>> inv = null;
        List<ClientIssue> issues = new ArrayList<>();
        for (ClientState wanted : List.of(ClientState.Dead, ClientState.Failed, ClientState.Running, ClientState.Pending)) {
            for (ClientObservation c : clients) {
                if (issues.size() >= LIST_BOUND) {
                    break;
                }
                if (c.state() == wanted) {
                    ClientIssue i = new ClientIssue();
                    i.node = c.node();
                    if (!c.uuids().isEmpty()) {
                        i.uuid = c.uuids().get(0);
                    } else if (wanted == ClientState.Dead) {
                        inv = inv == null ? inventory.read(st.lfo()) : inv;
                        List<String> known = inv.get(c.node());
                        i.uuid = known == null || known.isEmpty() ? null : known.get(0);
                    }
                    i.reason = c.evidence() != null ? c.evidence().name() : wanted.name();
                    i.attempts = c.attempts();
                    i.message = c.message();
                    issues.add(i);
                }
            }
        }
        s.notReconnected = issues.isEmpty() ? null : issues;
    }

    private void recordInventory(RoundState st, List<ClientObservation> clients) {
        Map<String, List<String>> learned = new HashMap<>();
        clients.stream().filter(c -> c.state() == ClientState.Reconnected && !c.uuids().isEmpty())
                .forEach(c -> learned.put(c.node(), c.uuids()));
        inventory.record(st.lfo(), learned);
    }

    /** The newest finished server inspection: the preflight, or the last successful verification. */
    private Inspection latestInspection(RoundState st, AgentReport preflight) {
        int n = st.status().verifications == null ? 0 : st.status().verifications;
        for (int i = n; i >= 1; i--) {
            JobView v = st.job(Names.serverJob(st.name(), st.round(), AgentJobFactory.ROLE_VERIFY + "-" + i));
            if (v != null && v.complete()) {
                AgentReport r = AgentReport.parse(v.terminationMessage());
                if (r.ok()) {
                    return new Inspection(r, created(v));
                }
            }
        }
        JobView pre = st.job(Names.serverJob(st.name(), st.round(), AgentJobFactory.ROLE_PREFLIGHT));
        return new Inspection(preflight, created(pre));
    }

    /** Starts a new server inspection unless one is running or the last one is younger than {@code interval}. */
    private void verify(RoundState st, Duration interval) {
        LustreFailoverStatus s = st.status();
        int n = s.verifications == null ? 0 : s.verifications;
        String lastName = n == 0 ? AgentJobFactory.ROLE_PREFLIGHT : AgentJobFactory.ROLE_VERIFY + "-" + n;
        JobView last = st.job(Names.serverJob(st.name(), st.round(), lastName));
        if (last != null && (!last.finished() || created(last).plus(interval).isAfter(st.now()))) {
            return;
        }
        launcher.create(List.of(factory.inspect(st.lfo(), st.round(), st.policy(), AgentJobFactory.ROLE_VERIFY, n + 1)));
        s.verifications = n + 1;
    }

    private static Instant lastReport(RoundState st, List<ClientObservation> clients) {
        Instant last = Instant.EPOCH;
        for (ClientObservation c : clients) {
            JobView v = st.job(Names.clientJob(st.name(), st.round(), c.node()));
            if (v != null && v.job().getStatus() != null && v.job().getStatus().getCompletionTime() != null) {
                Instant t = Instant.parse(v.job().getStatus().getCompletionTime());
                last = t.isAfter(last) ? t : last;
            }
        }
        return last;
    }

    private static Instant created(JobView v) {
        String ts = v.job().getMetadata().getCreationTimestamp();
        return ts == null ? Instant.EPOCH : Instant.parse(ts);
    }

    private static String annotation(RoundState st, String key) {
        var a = st.lfo().getMetadata().getAnnotations();
        return a == null ? null : a.get(key);
    }

    private static ClosePlan planView(Plan plan, String issuedAt) {
        ClosePlan p = new ClosePlan();
        p.action = plan.action();
        p.uuids = plan.uuids().size() > LIST_BOUND ? plan.uuids().subList(0, LIST_BOUND) : plan.uuids();
        p.count = plan.uuids().size();
        p.reason = plan.reason();
        p.leftToLustre = plan.leftToLustre();
        p.issuedAt = issuedAt;
        return p;
    }

    private static String describe(Plan plan) {
        return plan.action() == CloseMethod.AbortRecovery
                ? "abort recovery (evicts every client that has not finished replay) because " + plan.reason()
                : "evict " + plan.uuids().size() + " dead client(s) because " + plan.reason();
    }

    private static String describe(AgentReport r, JobView v) {
        String what = r.error() != null ? r.error() + ": " + r.message() : v.failureReason();
        return what == null ? "no report" : what;
    }

    private record Inspection(AgentReport report, Instant observedAt) {
    }
}
