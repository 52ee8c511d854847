package dev.lustre.ir.operator;

import dev.lustre.ir.api.ApiGroup;
import dev.lustre.ir.api.ClosePlan;
import dev.lustre.ir.api.ClosedBy;
import dev.lustre.ir.api.LustreFailoverStatus;
import dev.lustre.ir.api.Phase;
import dev.lustre.ir.api.RecoveryPolicySpec.CloseMethod;
import dev.lustre.ir.api.ServerStatus;
import dev.lustre.ir.api.Via;
import dev.lustre.ir.kube.Times;
import dev.lustre.ir.operator.RoundSnapshot.CloseJob;
import dev.lustre.ir.operator.RoundSnapshot.Inspection;
import dev.lustre.ir.operator.RoundSnapshot.InspectionJob;
import dev.lustre.ir.operator.RoundStep.JobRequest;
import dev.lustre.ir.policy.ClientObservation;
import dev.lustre.ir.policy.ClientState;
import dev.lustre.ir.policy.Decision;
import dev.lustre.ir.policy.EarlyEviction;
import dev.lustre.ir.policy.Plan;
import dev.lustre.ir.policy.RecoveryDecider;
import dev.lustre.ir.policy.RoundObservation;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Moves a round one step, Preflight → Reconnecting → (AwaitingApproval) → ClosingWindow →
 * Recovered, from its recorded stage and what the snapshot shows. Pure: the same status and
 * snapshot give the same step, so every transition is tested without an API server.
 */
final class RoundTransitions {
    static final Duration FAST = Duration.ofSeconds(1);
    /** A round that waits for nothing in particular looks again at least this often. */
    static final Duration SLOW = Duration.ofSeconds(5);
    static final Duration WHILE_AWAITING_APPROVAL = Duration.ofSeconds(2);
    static final Duration VERIFY_WHILE_CLOSING = Duration.ofSeconds(2);
    /** While waiting, the server is looked at now and then to notice Lustre finishing on its own. */
    static final Duration VERIFY_WHILE_WAITING = Duration.ofSeconds(30);
    /** After the close Job's own deadline: how long a close may take before the round fails. */
    static final Duration CLOSE_SLACK = Duration.ofSeconds(60);
    /** After a close Job ended without the window closed: how long the server is watched before the round fails. */
    static final Duration VERIFY_AFTER_FAILED_CLOSE = Duration.ofSeconds(30);
    /**
     * How long after the server was seen out of recovery the round waits for the results of agents
     * that were still reconnecting, so that the status counts what they did. The round ends as soon as
     * they are in; the bound only matters under an overloaded API server, where 20 rounds' 4,000
     * results took 50 s to be written (10 s left most of them uncounted).
     */
    static final Duration RESULTS_AFTER_CLOSE = Duration.ofSeconds(60);
    /** The reason an early eviction's close carries. */
    static final String EARLY_REASON = "ProvenDeadEarly";
    /** The reason of a round whose target restarted or left its server during the round. */
    static final String TARGET_MOVED = "TargetMoved";
    static final String SUSPENDED = "suspended: no new jobs, no window close; jobs in flight finish";

    private final Duration closeTimeout;

    /** @param closeTimeout how long a close Job waits for the target to leave recovery */
    RoundTransitions(Duration closeTimeout) {
        this.closeTimeout = closeTimeout;
    }

    RoundStep next(LustreFailoverStatus recorded, RoundSnapshot seen) {
        Next n = new Next(recorded, seen);
        RoundStage stage = RoundStage.of(recorded, seen);
        String moved = stage.sawTheServer() ? targetMoved(recorded, seen) : null;
        if (moved != null && !(seen.close() != null && seen.close().running())) {
            fail(n, TARGET_MOVED, moved);
            return n.step();
        }
        switch (stage) {
            case Start -> start(n, seen);
            case Inspecting -> inspecting(n, recorded, seen);
            case Deciding -> deciding(n, recorded, seen);
            case AwaitingReplay -> awaitingReplay(n, seen);
            case Closing -> closing(n, recorded, seen);
        }
        return n.step();
    }

    /**
     * Whether the target restarted since the round saw it: it left the server node (the server's
     * agent finds no device), or its instance changed (the low bits of its mount count,
     * {@code instance_show}, change at each mount). The round's reconnects went to the instance it
     * left and its clients' reports are of that instance: nothing more is decided on them, and no
     * verification would ever see the window it waited for close. A close still running is waited
     * for: its report says what it did.
     */
    private static String targetMoved(LustreFailoverStatus recorded, RoundSnapshot seen) {
        String left = null;
        if (seen.targetLeft() != null) {
            left = seen.target() + " is no longer mounted on " + seen.serverNode() + " (" + seen.targetLeft() + ")";
        } else if (recorded.server != null && recorded.server.instance != null && seen.latest() != null
                && seen.latest().server().instance != null && !recorded.server.instance.equals(seen.latest().server().instance)) {
            left = seen.target() + " restarted: its instance went from " + recorded.server.instance + " to "
                    + seen.latest().server().instance;
        }
        if (left == null) {
            return null;
        }
        CloseJob close = seen.close();
        String closed = close == null ? "" : close.evicted() != null ? "; the close issued before evicted " + close.evicted()
                : close.failure() != null ? "; the close issued before ended: " + close.failure() : "";
        return left + " during the round: it failed over again or was restarted, and this round's reconnects went to the"
                + " instance it left, so nothing more is decided or evicted" + closed
                + "; Lustre's own recovery timers run on the new instance; apply a new LustreFailover naming the server that holds it now";
    }

    private static void start(Next n, RoundSnapshot seen) {
        if (seen.suspended()) {
            suspend(n);
            return;
        }
        ServerReadiness.Problem problem = seen.serverProblem();
        if (seen.serverVia() == null || (problem != null && problem.fatal())) {
            // Nothing is issued, not even the LustreRound: no agent acts for a round that cannot inspect its server.
            fail(n, problem != null ? problem.reason() : ServerReadiness.UNREACHABLE, problem != null ? problem.message()
                    : "spec.server.node: " + seen.serverNode() + " cannot be reached");
            return;
        }
        // The LustreRound goes out first: resident client agents reconnect the moment it appears,
        // while the server is still being inspected.
        n.jobs.add(new JobRequest.Round());
        if (seen.serverVia() == Via.Job) {
            n.jobs.add(new JobRequest.Preflight());
        }
        n.phase = Phase.Preflight;
        n.message = inspecting(seen);
        n.again = FAST;
    }

    private static void inspecting(Next n, LustreFailoverStatus recorded, RoundSnapshot seen) {
        switch (seen.preflight()) {
            case Absent -> start(n, seen);
            case Running -> {
                ServerReadiness.Problem problem = seen.serverProblem();
                if (problem != null && problem.fatal()) {
                    fail(n, problem.reason(), problem.message());
                    return;
                }
                n.phase = Phase.Preflight;
                // What keeps the preflight from running shows at once, not only when its Job's deadline ends it.
                n.message = problem == null ? inspecting(seen) : inspecting(seen) + ": " + problem.message();
                n.again = FAST;
            }
            case Failed -> fail(n, "PreflightFailed", "preflight on " + seen.serverNode() + " failed: " + seen.preflightFailure());
            case Succeeded -> deciding(n, recorded, seen);
        }
    }

    private static void deciding(Next n, LustreFailoverStatus recorded, RoundSnapshot seen) {
        Inspection latest = seen.latest();
        if (latest == null) {
            // The inspections' Jobs are gone (their TTL ran out, e.g. while a plan awaited approval):
            // nothing is decided on a server nobody looked at.
            verify(n, seen, Duration.ZERO);
            n.again = FAST;
            return;
        }
        if (latest.windowClosed()) {
            if (seen.serverVia() == Via.Agent && seen.count(ClientState.Running) > 0
                    && seen.now().isBefore(latest.observedAt().plus(RESULTS_AFTER_CLOSE))) {
                // The last reconnects closed the window before their agents' results arrived: what
                // closed it is said once they are in, or after a few seconds without them.
                n.phase = Phase.ClosingWindow;
                n.message = "the window is closed; waiting for " + seen.count(ClientState.Running) + " agent result(s)";
                n.again = FAST;
                return;
            }
            finish(n, seen, closedByTheServer(recorded.closedBy, seen), latest.observedAt(), seen.close());
            return;
        }
        if (seen.suspended()) {
            suspend(n);
            return;
        }
        dispatch(n, seen, latest);
        if (seen.serverVia() == Via.Agent && !seen.serverAgentAlive()) {
            n.phase = recorded.phase == Phase.AwaitingApproval ? recorded.phase : Phase.Reconnecting;
            n.message = "the resident agent on " + seen.serverNode() + " stopped renewing its Lease: nothing is decided on"
                    + " a stale view of " + seen.target() + " (last seen " + latest.observedAt() + "); Lustre's own timers still run";
            n.again = SLOW;
            return;
        }
        RoundObservation observation = new RoundObservation(seen.policy(), Times.parse(recorded.startTime), seen.now(),
                seen.expected(), seen.clients(), latest.staleClients(), !latest.staleTruncated(), seen.inventory(),
                seen.approved(), seen.ordered());
        Decision d = withoutOrdered(RecoveryDecider.decide(observation), seen.ordered());
        if (!(d instanceof Decision.Wait) && latest.staleTruncated() && !latest.observedAt().isAfter(seen.lastClientReport())) {
            // The server's list of missing clients was cut to fit a termination message; ask again now
            // that the live clients are back and the list is short.
            n.phase = recorded.phase == Phase.AwaitingApproval || recorded.phase == Phase.ClosingWindow ? recorded.phase : Phase.Reconnecting;
            n.message = "policy holds; confirming the missing clients with the server";
            verify(n, seen, Duration.ZERO);
            n.again = FAST;
            return;
        }
        n.leftToLustre = null;
        if (d instanceof Decision.Wait w) {
            n.phase = Phase.Reconnecting;
            n.message = w.reason();
            verify(n, seen, VERIFY_WHILE_WAITING);
            Instant next = evictEarly(n, seen, observation, w.nextCheck());
            Duration until = Duration.between(seen.now(), next);
            n.again = until.compareTo(FAST) < 0 ? FAST : until.compareTo(SLOW) > 0 ? SLOW : until;
        } else if (d instanceof Decision.AllBack) {
            n.closedBy = ClosedBy.AllReconnected;
            n.phase = Phase.ClosingWindow;
            n.message = "all clients reconnected; no eviction needed";
            n.learned = learned(seen);
            verify(n, seen, Duration.ZERO);
            n.again = FAST;
        } else if (d instanceof Decision.LeaveToLustre l) {
            // Decided again at every step: a dead node's UUID may still become known, and a client
            // may still report. Lustre's own timer ends the window meanwhile.
            n.phase = Phase.ClosingWindow;
            n.message = l.reason();
            n.leftToLustre = l.nobodyMissing() ? null : l.reason();
            n.learned = learned(seen);
            verify(n, seen, l.nobodyMissing() ? VERIFY_WHILE_CLOSING : VERIFY_WHILE_WAITING);
            n.again = SLOW;
        } else if (d instanceof Decision.AwaitApproval a) {
            n.phase = Phase.AwaitingApproval;
            n.plan = RoundPresenter.planView(a.plan(), null);
            n.message = "plan ready: annotate " + ApiGroup.APPROVE_ANNOTATION + "=" + seen.round() + " to " + describe(n.plan);
            n.again = WHILE_AWAITING_APPROVAL;
        } else {
            Decision.Close c = (Decision.Close) d;
            n.jobs.add(new JobRequest.Close(c.plan(), c.closedBy(), seen.closesIssued() + 1));
            n.plan = RoundPresenter.planView(c.plan(), seen.now());
            n.closedBy = c.closedBy();
            n.phase = Phase.ClosingWindow;
            n.message = "closing the window: " + describe(n.plan);
            n.leftToLustre = c.plan().leftToLustre();
            n.learned = learned(seen);
            n.again = FAST;
        }
    }

    private static void awaitingReplay(Next n, RoundSnapshot seen) {
        Inspection latest = seen.latest();
        if (latest != null && latest.windowClosed()) {
            finish(n, seen, n.closedBy, latest.observedAt(), seen.close());
            return;
        }
        n.phase = Phase.ClosingWindow;
        n.message = "all clients reconnected; waiting for the target to finish replay";
        verify(n, seen, VERIFY_WHILE_CLOSING);
        n.again = FAST;
    }

    private void closing(Next n, LustreFailoverStatus recorded, RoundSnapshot seen) {
        CloseJob close = seen.close();
        if (recorded.plan == null || recorded.plan.issuedAt == null) {
            // The status write that recorded the close was lost: the close Job says what it does.
            n.plan = RoundPresenter.planView(close.plan(), close.createdAt());
            n.closedBy = close.closedBy();
            n.leftToLustre = close.plan().leftToLustre();
        }
        Inspection latest = seen.latest();
        Instant bound = Times.parse(n.plan.issuedAt).plus(closeTimeout).plus(CLOSE_SLACK);
        if (latest != null && latest.windowClosed()) {
            if (close != null && close.running() && !seen.now().isAfter(bound)) {
                // The server is out of recovery and the close has not reported: it may have closed the
                // window, or found it closed by Lustre's own timer and done nothing. Which one is said
                // once its report is in (it ends as soon as it reads the target), never guessed.
                n.phase = Phase.ClosingWindow;
                n.message = "the window is closed; waiting for the close's report";
                n.again = FAST;
                return;
            }
            finish(n, seen, closedByTheServer(n.closedBy, seen), latest.observedAt(), close);
            return;
        }
        n.phase = Phase.ClosingWindow;
        if (close != null && close.running()) {
            if (seen.now().isAfter(bound)) {
                closeFailed(n, "the close Job has not finished");
                return;
            }
            n.message = "closing the window: " + describe(n.plan);
            n.again = FAST;
            return;
        }
        String outcome = "the close Job is gone";
        if (close != null) {
            if (close.closedWindow()) {
                n.server = close.finalServer();
                finish(n, seen, n.closedBy, seen.now(), close);
                return;
            }
            if (close.timedOut() && n.leftToLustre != null) {
                // The evictions were made; the server still waits for clients the operator may not
                // evict, as the plan said. Lustre's recovery timer (hard limit included) ends it.
                n.server = close.finalServer();
                n.closedBy = null; // whatever ends the window now, it is not this close
                n.message = "evicted " + n.plan.count + " dead client(s); " + n.leftToLustre;
                verify(n, seen, VERIFY_WHILE_WAITING);
                n.again = SLOW;
                return;
            }
            outcome = "the close Job ended without the window closed (" + close.failure() + ")";
            Instant ended = close.finishedAt();
            if (ended != null && ended.plus(VERIFY_AFTER_FAILED_CLOSE).isBefore(bound)) {
                bound = ended.plus(VERIFY_AFTER_FAILED_CLOSE);
            }
        }
        if (seen.now().isAfter(bound)) {
            closeFailed(n, outcome);
            return;
        }
        // Never re-run an eviction blindly: look at the server until the bound, then give up.
        n.message = outcome + "; verifying";
        verify(n, seen, VERIFY_WHILE_CLOSING);
        n.again = FAST;
    }

    private static void closeFailed(Next n, String outcome) {
        ServerStatus srv = n.server;
        String last = srv == null ? "the server was not seen"
                : "the server's last state: " + srv.recoveryStatus
                        + (srv.connected == null ? "" : ", " + srv.connected + "/" + srv.total + " connected")
                        + (srv.evicted == null ? "" : ", " + srv.evicted + " evicted")
                        + (srv.timeRemaining == null ? "" : ", " + srv.timeRemaining + "s on the recovery timer")
                        + (srv.observedAt == null ? "" : " (observed " + srv.observedAt + ")");
        fail(n, "CloseFailed", outcome + "; not retried (an eviction is never re-run blindly); " + last
                + "; Lustre's own recovery timer still ends the window");
    }

    /**
     * @param close the round's close, if any: its report, once in, says what it did. A close that found
     *     the target already out of recovery closed nothing and evicted nobody, whatever the plan
     *     decided: the window is then Lustre's doing, and the status says so.
     */
    private static void finish(Next n, RoundSnapshot seen, ClosedBy by, Instant closedAt, CloseJob close) {
        ServerStatus srv = n.server;
        n.phase = Phase.Recovered;
        // A close that found the window closed, or evicted nobody of its plan (the server no longer
        // waited for them), did not close it: Lustre did.
        boolean closeDidNothing = close != null && (close.foundClosed() || (close.evicted() != null && close.evicted() == 0
                && n.plan != null && n.plan.action == CloseMethod.EvictDead && n.plan.count != null && n.plan.count > 0));
        n.closedBy = closeDidNothing ? ClosedBy.LustreFinishedOnItsOwn : by;
        by = n.closedBy;
        n.windowClosedAt = closedAt;
        if (n.plan != null && srv != null) {
            n.plan = RoundPresenter.withEvicted(n.plan, srv.evicted);
        }
        n.message = "recovery window closed (" + by + ")"
                + (n.plan != null && n.plan.action == CloseMethod.AbortRecovery && srv != null && srv.evicted != null
                        ? "; abort_recovery evicted " + srv.evicted + " clients" : "")
                + (n.plan != null && n.plan.action == CloseMethod.EvictDead ? "; " + evictions(n.plan, close) : "");
        n.learned = learned(seen);
        n.again = null;
    }

    /** What the status says of the close's evictions: only what its report told, or that they were ordered. */
    private static String evictions(ClosePlan plan, CloseJob close) {
        if (close != null && close.foundClosed()) {
            return "the target had left recovery before the close ran: nobody was evicted";
        }
        if (close != null && close.evicted() != null) {
            return "evicted " + close.evicted() + " dead clients";
        }
        return "eviction of " + plan.count + " dead client(s) ordered";
    }

    private static void fail(Next n, String reason, String message) {
        n.phase = Phase.Failed;
        n.message = message;
        n.failure = reason;
        n.again = null;
    }

    private static void suspend(Next n) {
        n.phase = Phase.Suspended;
        n.message = SUSPENDED;
        n.again = SLOW;
    }

    /** Who closed a window the operator did not close itself. */
    private static ClosedBy closedByTheServer(ClosedBy decided, RoundSnapshot seen) {
        if (decided != null) {
            return decided;
        }
        // Every client was told to reconnect and did: the last reconnect let Lustre finish. Or every
        // live one did and the dead were evicted early: the last live client's replay let it finish.
        boolean allBack = seen.dispatched() > 0 && seen.count(ClientState.Reconnected) >= seen.expected();
        // The early evictions count once the server's agent said it made them: ordered is not done (an
        // overloaded API server can hold the order back until Lustre's timer has ended the window).
        boolean liveBackDeadEvicted = seen.earlyEvictionsDone() && seen.count(ClientState.Reconnected) > 0
                && seen.count(ClientState.Reconnected) + seen.count(ClientState.Dead) == seen.clients().size();
        allBack = allBack || liveBackDeadEvicted;
        return allBack ? ClosedBy.AllReconnected : ClosedBy.LustreFinishedOnItsOwn;
    }

    /**
     * Client Jobs for nodes not yet dispatched (no live agent, or one that fell silent), keeping at
     * most maxConcurrentJobs alive; nodes whose agents are at work do not count against it.
     */
    private static void dispatch(Next n, RoundSnapshot seen, Inspection latest) {
        long room = seen.policy().maxConcurrentJobs() - seen.jobsRunning();
        List<String> nodes = seen.clients().stream().filter(c -> c.state() == ClientState.Pending)
                .limit(Math.max(room, 0)).map(ClientObservation::node).toList();
        if (!nodes.isEmpty()) {
            n.jobs.add(new JobRequest.Reconnect(nodes, latest.server().instance));
        }
    }

    /**
     * While live clients still reconnect, the dead whose UUIDs are known are evicted now, so that the
     * last live client's replay finds nobody else to wait for and ends the window at once (an
     * eviction wakes nothing in Lustre; a replay does). Only through the server's resident agent: a
     * Job per eviction would cost a Pod start each. Returns when to look again.
     */
    private static Instant evictEarly(Next n, RoundSnapshot seen, RoundObservation o, Instant nextCheck) {
        if (seen.serverVia() != Via.Agent) {
            return nextCheck;
        }
        EarlyEviction early = EarlyEviction.select(o, seen.ordered());
        if (early.any()) {
            n.jobs.add(new JobRequest.EvictEarly(new Plan(CloseMethod.EvictDead, early.evict(), EARLY_REASON, null),
                    seen.closesIssued() + 1));
            n.message = n.message + "; evicting " + early.evict().size() + " client(s) proven dead now: " + early.reason();
        }
        return early.graceEndsAt() != null && early.graceEndsAt().isBefore(nextCheck) ? early.graceEndsAt() : nextCheck;
    }

    /**
     * The decision with every UUID a close of this round was already issued for taken out of its
     * plan: each UUID is issued once. A plan left with nobody to evict leaves the rest to Lustre.
     */
    private static Decision withoutOrdered(Decision d, Set<String> ordered) {
        Plan plan = d instanceof Decision.Close c ? c.plan() : d instanceof Decision.AwaitApproval a ? a.plan() : null;
        if (plan == null || ordered.isEmpty() || plan.action() != CloseMethod.EvictDead
                || plan.uuids().stream().noneMatch(ordered::contains)) {
            return d;
        }
        List<String> rest = plan.uuids().stream().filter(u -> !ordered.contains(u)).toList();
        if (rest.isEmpty()) {
            return new Decision.LeaveToLustre(false, "every dead client's UUID the server waits for was already evicted"
                    + (plan.leftToLustre() == null ? "; waiting for the target to finish replay" : "; " + plan.leftToLustre()));
        }
        Plan fewer = new Plan(plan.action(), rest, plan.reason(), plan.leftToLustre());
        return d instanceof Decision.Close c ? new Decision.Close(fewer, c.closedBy()) : new Decision.AwaitApproval(fewer);
    }

    /** A new server inspection, unless one is running or the last one is younger than {@code interval}. */
    private static void verify(Next n, RoundSnapshot seen, Duration interval) {
        InspectionJob last = seen.lastInspection();
        if (last != null && (!last.finished() || last.createdAt().plus(interval).isAfter(seen.now()))) {
            return;
        }
        n.verifications = seen.verifications() + 1;
        n.jobs.add(new JobRequest.Verify(n.verifications));
    }

    private static Map<String, List<String>> learned(RoundSnapshot seen) {
        Map<String, List<String>> learned = new HashMap<>();
        seen.clients().stream().filter(c -> c.state() == ClientState.Reconnected && !c.uuids().isEmpty())
                .forEach(c -> learned.put(c.node(), c.uuids()));
        return learned;
    }

    private static String inspecting(RoundSnapshot seen) {
        return "inspecting " + seen.target() + " on " + seen.serverNode() + (seen.serverVia() == Via.Agent ? " (its resident agent)" : "");
    }

    private static String describe(ClosePlan plan) {
        return plan.action == CloseMethod.AbortRecovery
                ? "abort recovery (evicts every client that has not finished replay) because " + plan.reason
                : "evict " + plan.count + " dead client(s) because " + plan.reason;
    }

    /** The step being built: it starts as "nothing changes", and each transition says what does. */
    private static final class Next {
        Phase phase;
        String message;
        ClosedBy closedBy;
        ClosePlan plan;
        String leftToLustre;
        ServerStatus server;
        String failure;
        Instant windowClosedAt;
        final List<JobRequest> jobs = new ArrayList<>();
        int verifications;
        Map<String, List<String>> learned = Map.of();
        Duration again;
        final Via serverVia;

        Next(LustreFailoverStatus recorded, RoundSnapshot seen) {
            serverVia = seen.serverVia();
            phase = recorded.phase;
            message = recorded.message;
            closedBy = recorded.closedBy;
            plan = recorded.plan;
            leftToLustre = recorded.leftToLustre;
            server = seen.latest() != null ? seen.latest().server() : recorded.server;
            verifications = seen.verifications();
        }

        RoundStep step() {
            return new RoundStep(phase, message, closedBy, plan, leftToLustre, server, failure, windowClosedAt, jobs,
                    verifications, learned, again, serverVia);
        }
    }
}
