package dev.lustre.ir.operator;

import dev.lustre.ir.operator.RoundSnapshot.CloseJob;
import dev.lustre.ir.api.ServerStatus;
import static dev.lustre.ir.operator.RoundFixture.CLOSE_TIMEOUT;
import static dev.lustre.ir.operator.RoundFixture.T0;
import static dev.lustre.ir.operator.RoundFixture.complete;
import static dev.lustre.ir.operator.RoundFixture.dead;
import static dev.lustre.ir.operator.RoundFixture.pending;
import static dev.lustre.ir.operator.RoundFixture.policy;
import static dev.lustre.ir.operator.RoundFixture.reconnected;
import static dev.lustre.ir.operator.RoundFixture.recorded;
import static dev.lustre.ir.operator.RoundFixture.recovering;
import static dev.lustre.ir.operator.RoundFixture.running;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lustre.ir.api.ClosedBy;
import dev.lustre.ir.api.LustreFailoverStatus;
import dev.lustre.ir.api.Phase;
import dev.lustre.ir.api.RecoveryPolicySpec;
import dev.lustre.ir.api.RecoveryPolicySpec.CloseMethod;
import dev.lustre.ir.operator.RoundFixture.Seen;
import dev.lustre.ir.operator.RoundSnapshot.Inspection;
import dev.lustre.ir.operator.RoundSnapshot.JobProgress;
import dev.lustre.ir.operator.RoundStep.JobRequest;
import dev.lustre.ir.policy.Plan;
import io.fabric8.kubernetes.api.model.Condition;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Every transition of a round, from stubbed snapshots: no API server, no simulator. */
class RoundTransitionsTest {
    private static final Map<String, List<String>> C2_KNOWN = Map.of("c2", List.of("c2-uuid"));
    private static final Plan EVICT_C2 = new Plan(CloseMethod.EvictDead, List.of("c2-uuid"), "DeadClients", null);

    private final RoundTransitions transitions = new RoundTransitions(CLOSE_TIMEOUT);

    /** One step and the status it records. */
    private record Stepped(RoundStep step, LustreFailoverStatus status) {
        List<JobRequest> jobs() {
            return step.jobs();
        }

        boolean closes() {
            return step.jobs().stream().anyMatch(j -> j instanceof JobRequest.Close);
        }

        Condition condition(String type) {
            return Conditions.find(status.conditions, type);
        }
    }

    private Stepped step(LustreFailoverStatus recorded, Seen seen) {
        RoundSnapshot snapshot = seen.build();
        RoundStep step = transitions.next(recorded, snapshot);
        return new Stepped(step, RoundPresenter.present(recorded, snapshot, step, 1));
    }

    private static Instant at(int seconds) {
        return T0.plusSeconds(seconds);
    }

    private static RecoveryPolicySpec inline() {
        return new RecoveryPolicySpec();
    }

    // Preflight

    @Test
    void aNewRoundInspectsTheServerFirst() {
        Stepped s = step(recorded(Phase.Pending, 2), Seen.start());
        assertEquals(Phase.Preflight, s.status.phase);
        assertEquals(List.of(new JobRequest.Round(), new JobRequest.Preflight()), s.jobs());
        assertEquals("inspecting lustre-OST0001 on oss2", s.status.message);
        assertEquals(RoundTransitions.FAST, s.step.again());
    }

    @Test
    void aPreflightRunningIsWaitedForAndNeverCreatedTwice() {
        Stepped s = step(recorded(Phase.Preflight, 2), Seen.start().preflight(JobProgress.Running, null));
        assertEquals(Phase.Preflight, s.status.phase);
        assertTrue(s.jobs().isEmpty());
    }

    @Test
    void aFailedPreflightFailsTheRound() {
        Stepped s = step(recorded(Phase.Preflight, 2),
                Seen.start().preflight(JobProgress.Failed, "NoReport: the agent left no termination message"));
        assertEquals(Phase.Failed, s.status.phase);
        assertEquals("preflight on oss2 failed: NoReport: the agent left no termination message", s.status.message);
        assertEquals("PreflightFailed", s.condition(Conditions.COMPLETE).getReason());
        assertEquals("False", s.condition(Conditions.COMPLETE).getStatus());
        assertTrue(s.jobs().isEmpty());
        assertNull(s.step.again(), "the round is over");
        assertEquals("2026-11-25T10:00:00Z", s.status.completionTime);
    }

    @Test
    void aTargetAlreadyCompleteEndsTheRoundAtOnceWithoutAnyClientJob() {
        Stepped s = step(recorded(Phase.Preflight, 2), Seen.inspected(complete(T0), pending("c1"), pending("c2")).at(at(3)));
        assertEquals(Phase.Recovered, s.status.phase);
        assertEquals(ClosedBy.LustreFinishedOnItsOwn, s.status.closedBy);
        assertTrue(s.jobs().isEmpty(), "nothing dispatched: " + s.jobs());
        assertEquals("closed", s.status.window);
        assertEquals("2026-11-25T10:00:00Z", s.status.windowClosedTime);
        assertEquals("True", s.condition(Conditions.COMPLETE).getStatus());
        assertNull(s.step.again());
    }

    // Reconnecting

    @Test
    void clientJobsAreDispatchedWithinMaxConcurrentJobs() {
        RecoveryPolicySpec p = inline();
        p.maxConcurrentJobs = 3;
        Seen seen = Seen.inspected(recovering(T0), running("c1"), pending("c2"), pending("c3"), pending("c4"), pending("c5"))
                .withPolicy(policy(p)).at(at(2));
        Stepped s = step(recorded(Phase.Preflight, 5), seen);
        assertEquals(Phase.Reconnecting, s.status.phase);
        assertEquals(List.of(new JobRequest.Reconnect(List.of("c2", "c3"), 5L)), s.jobs());
        assertEquals(3, s.status.clients.dispatched);
        assertEquals(5, s.status.clients.pending, "counted as observed, before this step's Jobs run");
        assertEquals("0/5", s.status.progress);

        Stepped full = step(recorded(Phase.Reconnecting, 5), seen.withClients(running("c1"), running("c2"), running("c3"),
                pending("c4"), pending("c5")));
        assertTrue(full.jobs().isEmpty(), "three alive: no room");
    }

    @Test
    void whileClientsAreOutTheRoundWaitsAndLooksAtTheServerNowAndThen() {
        Seen seen = Seen.inspected(recovering(T0), reconnected("c1"), running("c2"));
        Stepped soon = step(recorded(Phase.Reconnecting, 2), seen.at(at(10)));
        assertEquals(Phase.Reconnecting, soon.status.phase);
        assertEquals("1/2 reconnected, 1 in flight, 0 dead, 0 failed", soon.status.message);
        assertTrue(soon.jobs().isEmpty(), "the last inspection is 10 s old");
        Duration again = soon.step.again();
        assertTrue(again.compareTo(RoundTransitions.FAST) >= 0 && again.compareTo(RoundTransitions.SLOW) <= 0, again::toString);

        Stepped later = step(recorded(Phase.Reconnecting, 2), seen.at(at(31)));
        assertEquals(List.of(new JobRequest.Verify(1)), later.jobs());
        assertEquals(1, later.status.verifications);
    }

    // AllBack → ClosingWindow → Recovered

    @Test
    void allClientsBackNeedNoEvictionAndLustreEndsTheWindowAfterReplay() {
        Seen seen = Seen.inspected(recovering(T0), reconnected("c1"), reconnected("c2")).at(at(5));
        Stepped allBack = step(recorded(Phase.Reconnecting, 2), seen);
        assertEquals(Phase.ClosingWindow, allBack.status.phase);
        assertEquals(ClosedBy.AllReconnected, allBack.status.closedBy);
        assertEquals("all clients reconnected; no eviction needed", allBack.status.message);
        assertEquals(List.of(new JobRequest.Verify(1)), allBack.jobs());
        assertEquals(Map.of("c1", List.of("c1-uuid"), "c2", List.of("c2-uuid")), allBack.step.learned());

        Stepped replay = step(allBack.status, seen.inspecting(1, at(5)).at(at(6)));
        assertEquals(Phase.ClosingWindow, replay.status.phase);
        assertEquals("all clients reconnected; waiting for the target to finish replay", replay.status.message);
        assertTrue(replay.jobs().isEmpty(), "the verification runs");

        Stepped done = step(replay.status, seen.verified(1, complete(at(7))).at(at(9)));
        assertEquals(Phase.Recovered, done.status.phase);
        assertEquals(ClosedBy.AllReconnected, done.status.closedBy);
        assertEquals("recovery window closed (AllReconnected)", done.status.message);
        assertEquals("closed", done.status.window);
        assertEquals("2026-11-25T10:00:07Z", done.status.windowClosedTime);
        assertFalse(done.closes());
    }

    // The target restarts or leaves its server during the round

    private static final String NO_DEVICE = "NoDevice: lustre-OST0001 is not mounted on this node";

    @Test
    void aTargetThatLeftItsServerWhileReplayWasAwaitedEndsTheRoundWithoutWaitingForever() {
        Seen seen = Seen.inspected(recovering(T0), reconnected("c1"), reconnected("c2")).at(at(5));
        Stepped allBack = step(recorded(Phase.Reconnecting, 2), seen);
        assertEquals(Phase.ClosingWindow, allBack.status.phase);

        Stepped gone = step(allBack.status, seen.verified(1, recovering(at(5))).withTargetLeft(NO_DEVICE).at(at(8)));
        assertEquals(Phase.Failed, gone.status.phase);
        assertEquals(RoundTransitions.TARGET_MOVED, gone.condition(Conditions.COMPLETE).getReason());
        assertTrue(gone.status.message.startsWith("lustre-OST0001 is no longer mounted on oss2 (" + NO_DEVICE + ") during the round"),
                gone.status.message);
        assertTrue(gone.status.message.contains("nothing more is decided or evicted"), gone.status.message);
        assertTrue(gone.jobs().isEmpty(), "nothing issued: " + gone.jobs());
        assertNull(gone.step.again(), "the round is over");
    }

    @Test
    void aTargetWhoseInstanceChangedIsNotClosedOnTheEarlierInstancesEvidence() {
        Seen seen = Seen.inspected(recovering(T0, "c2-uuid"), reconnected("c1"), dead("c2")).withInventory(C2_KNOWN).at(at(5));
        LustreFailoverStatus before = recorded(Phase.Reconnecting, 2);
        before.server = RoundFixture.server("RECOVERING");
        before.server.instance = 4L;
        Stepped s = step(before, seen);
        assertEquals(Phase.Failed, s.status.phase);
        assertFalse(s.closes(), "no eviction on evidence of the instance the target left");
        assertEquals(RoundTransitions.TARGET_MOVED, s.condition(Conditions.COMPLETE).getReason());
        assertTrue(s.status.message.startsWith("lustre-OST0001 restarted: its instance went from 4 to 5 during the round"), s.status.message);

        before.server.instance = 5L;
        assertTrue(step(before, seen).closes(), "the same instance: the dead client is evicted");
    }

    @Test
    void aCloseStillRunningWhenTheTargetLeftIsWaitedForAndItsOutcomeSaid() {
        Seen seen = Seen.inspected(recovering(T0, "c2-uuid"), reconnected("c1"), dead("c2")).withInventory(C2_KNOWN).at(at(5));
        Stepped close = step(recorded(Phase.Reconnecting, 2), seen);
        Seen left = seen.withTargetLeft(NO_DEVICE);

        Stepped waiting = step(close.status, left.withClose(RoundFixture.closeRunning(EVICT_C2, ClosedBy.AllReconnected, at(5))).at(at(8)));
        assertEquals(Phase.ClosingWindow, waiting.status.phase);
        assertFalse(waiting.closes(), "nothing issued again");

        Stepped failed = step(waiting.status, left.withClose(RoundFixture.closeFailed(EVICT_C2, ClosedBy.AllReconnected, at(5), at(9),
                NO_DEVICE)).at(at(10)));
        assertEquals(Phase.Failed, failed.status.phase);
        assertEquals(RoundTransitions.TARGET_MOVED, failed.condition(Conditions.COMPLETE).getReason());
        assertTrue(failed.status.message.contains("; the close issued before ended: " + NO_DEVICE), failed.status.message);
        assertFalse(failed.closes(), "never re-run");
    }

    @Test
    void noDeviceBeforeTheServerWasSeenIsAFailedPreflightNotAMove() {
        Stepped s = step(recorded(Phase.Preflight, 2), Seen.start().preflight(JobProgress.Failed, NO_DEVICE).withTargetLeft(NO_DEVICE));
        assertEquals("PreflightFailed", s.condition(Conditions.COMPLETE).getReason());
    }

    @Test
    void aWindowClosedBeforeTheLastAgentsResultsWaitsForThemUpToItsBound() {
        Seen closed = Seen.inspected(complete(at(10)), reconnected("c1"), running("c2")).viaServerAgent();
        Stepped waiting = step(recorded(Phase.Reconnecting, 2), closed.at(at(65)));
        assertEquals(Phase.ClosingWindow, waiting.status.phase, "a result written late is still counted");
        assertEquals("the window is closed; waiting for 1 agent result(s)", waiting.status.message);

        Stepped in = step(waiting.status, closed.withClients(reconnected("c1"), reconnected("c2")).at(at(66)));
        assertEquals(Phase.Recovered, in.status.phase, "ends as soon as the results are in");
        assertEquals(ClosedBy.AllReconnected, in.status.closedBy);

        Stepped late = step(waiting.status, closed.at(at(10).plus(RoundTransitions.RESULTS_AFTER_CLOSE).plusSeconds(1)));
        assertEquals(Phase.Recovered, late.status.phase, "not forever");
        assertEquals("1/2", late.status.progress);
    }

    // Early evictions

    @Test
    void aWindowEndIsCreditedToEarlyEvictionsOnlyOnceTheServersAgentSaidItMadeThem() {
        Seen closed = Seen.inspected(complete(at(40)), reconnected("c1"), dead("c2")).withInventory(C2_KNOWN).at(at(41));
        Stepped ordered = step(recorded(Phase.Reconnecting, 2), closed.withEarlyEvictions(Set.of("c2-uuid"), false));
        assertEquals(Phase.Recovered, ordered.status.phase);
        assertEquals(ClosedBy.LustreFinishedOnItsOwn, ordered.status.closedBy,
                "ordered but unanswered: Lustre's timer may have ended the window before the eviction ran");

        Stepped done = step(recorded(Phase.Reconnecting, 2), closed.withEarlyEvictions(Set.of("c2-uuid"), true));
        assertEquals(ClosedBy.AllReconnected, done.status.closedBy, "every live client back and the dead evicted");
    }

    // AwaitingApproval

    @Test
    void approvalRequiredShowsThePlanAndClosesOnlyOnceApproved() {
        RecoveryPolicySpec p = inline();
        p.approval = RecoveryPolicySpec.Approval.Required;
        Seen seen = Seen.inspected(recovering(T0, "c2-uuid"), reconnected("c1"), dead("c2"))
                .withPolicy(policy(p)).withInventory(C2_KNOWN).at(at(4));
        Stepped waiting = step(recorded(Phase.Reconnecting, 2), seen);
        assertEquals(Phase.AwaitingApproval, waiting.status.phase);
        assertEquals(List.of("c2-uuid"), waiting.status.plan.uuids);
        assertNull(waiting.status.plan.issuedAt, "not issued");
        assertTrue(waiting.status.message.startsWith("plan ready: annotate ir.lustre.dev/approve=1 to evict 1 dead client(s)"),
                waiting.status.message);
        assertFalse(waiting.closes());

        Stepped still = step(waiting.status, seen.at(at(30)));
        assertEquals(Phase.AwaitingApproval, still.status.phase);
        assertFalse(still.closes(), "nothing is closed before approval");

        Stepped approved = step(still.status, seen.approved().at(at(31)));
        assertEquals(List.of(new JobRequest.Close(EVICT_C2, ClosedBy.Approved, 1)), approved.jobs());
        assertEquals(ClosedBy.Approved, approved.status.closedBy);
        assertEquals("2026-11-25T10:00:31Z", approved.status.plan.issuedAt);
        assertEquals(Phase.ClosingWindow, approved.status.phase);
    }

    // Close → ClosingWindow → Recovered

    @Test
    void aCloseEvictsTheDeadOnceAndTheRoundRecovers() {
        Seen seen = Seen.inspected(recovering(T0, "c2-uuid"), reconnected("c1"), dead("c2")).withInventory(C2_KNOWN).at(at(5));
        Stepped close = step(recorded(Phase.Reconnecting, 2), seen);
        assertEquals(List.of(new JobRequest.Close(EVICT_C2, ClosedBy.AllReconnected, 1)), close.jobs());
        assertEquals(Phase.ClosingWindow, close.status.phase);
        assertEquals("closing the window: evict 1 dead client(s) because DeadClients", close.status.message);
        assertEquals("2026-11-25T10:00:05Z", close.status.plan.issuedAt);
        assertEquals(Map.of("c1", List.of("c1-uuid")), close.step.learned());
        assertEquals("1/2 reconnected, 1 dead", close.condition(Conditions.RECONNECTED).getMessage());
        assertEquals("True", close.condition(Conditions.DEGRADED).getStatus());

        Stepped closing = step(close.status, seen.withClose(RoundFixture.closeRunning(EVICT_C2, ClosedBy.AllReconnected, at(5))).at(at(8)));
        assertEquals(Phase.ClosingWindow, closing.status.phase);
        assertTrue(closing.jobs().isEmpty(), "the eviction is never issued twice");
        assertEquals(close.status.message, closing.status.message);

        Stepped done = step(closing.status,
                seen.withClose(RoundFixture.closeSucceeded(EVICT_C2, ClosedBy.AllReconnected, at(5), at(12), 1)).at(at(13)));
        assertEquals(Phase.Recovered, done.status.phase);
        assertEquals(ClosedBy.AllReconnected, done.status.closedBy);
        assertEquals(1, done.status.plan.evicted);
        assertEquals("recovery window closed (AllReconnected); evicted 1 dead clients", done.status.message);
        assertEquals("COMPLETE", done.status.server.recoveryStatus);
        assertEquals("2026-11-25T10:00:13Z", done.status.windowClosedTime);
        assertNull(close.status.plan.evicted, "the plan said nothing of the cost before");
    }

    @Test
    void abortRecoverySaysWhatItCost() {
        RecoveryPolicySpec p = inline();
        p.closeMethod = CloseMethod.AbortRecovery;
        Seen seen = Seen.inspected(recovering(T0, "c2-uuid"), reconnected("c1"), dead("c2")).withPolicy(policy(p)).at(at(5));
        Stepped close = step(recorded(Phase.Reconnecting, 2), seen);
        Plan abort = new Plan(CloseMethod.AbortRecovery, List.of(), "DeadClients", null);
        assertEquals(List.of(new JobRequest.Close(abort, ClosedBy.AllReconnected, 1)), close.jobs());
        assertTrue(close.status.message.startsWith("closing the window: abort recovery"), close.status.message);

        Stepped done = step(close.status, seen.withClose(RoundFixture.closeSucceeded(abort, ClosedBy.AllReconnected, at(5), at(9), 2)));
        assertEquals("recovery window closed (AllReconnected); abort_recovery evicted 2 clients", done.status.message);
        assertEquals(2, done.status.plan.evicted);
    }

    // A close that fails

    @Test
    void aFailedCloseIsWatchedForItsBoundThenFailsTheRoundAndIsNeverRunAgain() {
        Seen seen = Seen.inspected(recovering(T0, "c2-uuid"), reconnected("c1"), dead("c2")).withInventory(C2_KNOWN).at(at(5));
        LustreFailoverStatus issued = step(recorded(Phase.Reconnecting, 2), seen).status;
        Seen failed = seen.withClose(RoundFixture.closeFailed(EVICT_C2, ClosedBy.AllReconnected, at(5), at(10),
                "BackoffLimitExceeded"));

        Stepped watching = step(issued, failed.at(at(20)));
        assertEquals(Phase.ClosingWindow, watching.status.phase);
        assertEquals("the close Job ended without the window closed (BackoffLimitExceeded); verifying", watching.status.message);
        assertEquals(List.of(new JobRequest.Verify(1)), watching.jobs(), "the server is looked at, the eviction not re-run");

        Stepped gaveUp = step(watching.status, failed.verified(1, recovering(at(20), "c2-uuid")).at(at(41)));
        assertEquals(Phase.Failed, gaveUp.status.phase);
        assertEquals("CloseFailed", gaveUp.condition(Conditions.COMPLETE).getReason());
        assertTrue(gaveUp.status.message.startsWith("the close Job ended without the window closed (BackoffLimitExceeded); "
                + "not retried (an eviction is never re-run blindly); the server's last state: RECOVERING"), gaveUp.status.message);
        assertFalse(watching.closes() || gaveUp.closes());
        assertNull(gaveUp.step.again());
    }

    @Test
    void aCloseThatNeverFinishesFailsTheRoundAfterTheCloseTimeoutAndSlack() {
        Seen seen = Seen.inspected(recovering(T0, "c2-uuid"), reconnected("c1"), dead("c2")).withInventory(C2_KNOWN).at(at(5));
        LustreFailoverStatus issued = step(recorded(Phase.Reconnecting, 2), seen).status;
        Seen stuck = seen.withClose(RoundFixture.closeRunning(EVICT_C2, ClosedBy.AllReconnected, at(5)));
        Instant bound = at(5).plus(CLOSE_TIMEOUT).plus(RoundTransitions.CLOSE_SLACK);

        assertEquals(Phase.ClosingWindow, step(issued, stuck.at(bound)).status.phase);
        Stepped late = step(issued, stuck.at(bound.plusSeconds(1)));
        assertEquals(Phase.Failed, late.status.phase);
        assertTrue(late.status.message.startsWith("the close Job has not finished; not retried"), late.status.message);
    }

    @Test
    void aCloseJobThatIsGoneIsNeverRecreated() {
        Seen seen = Seen.inspected(recovering(T0, "c2-uuid"), reconnected("c1"), dead("c2")).withInventory(C2_KNOWN).at(at(5));
        LustreFailoverStatus issued = step(recorded(Phase.Reconnecting, 2), seen).status;
        Stepped gone = step(issued, seen.at(at(6)));
        assertEquals("the close Job is gone; verifying", gone.status.message);
        assertFalse(gone.closes());
    }

    // LeaveToLustre

    @Test
    void clientsNobodyMayEvictAreLeftToLustreAndDecidedAgainAtEveryStep() {
        // c2 is dead but its UUID unknown; the server waits for a UUID no roster node claims.
        Seen seen = Seen.inspected(recovering(T0, "stranger-uuid"), reconnected("c1"), dead("c2")).at(at(5));
        Stepped left = step(recorded(Phase.Reconnecting, 2), seen);
        assertEquals(Phase.ClosingWindow, left.status.phase);
        assertFalse(left.closes());
        assertTrue(left.status.leftToLustre.endsWith(
                "1 client(s) the server waits for that no roster node claims: left to Lustre's recovery timer"), left.status.leftToLustre);
        assertEquals(StatusConditions.LEFT_TO_LUSTRE, left.condition(Conditions.WINDOW_CLOSED).getReason());
        assertNull(left.status.closedBy, "nobody closed anything");

        // Its UUID becomes known (c2 registers with the inventory): the same stage now closes.
        Stepped close = step(left.status, seen.verified(1, recovering(at(6), "stranger-uuid", "c2-uuid"))
                .withInventory(C2_KNOWN).at(at(7)));
        assertEquals(List.of(new JobRequest.Close(new Plan(CloseMethod.EvictDead, List.of("c2-uuid"), "DeadClients",
                "1 client(s) the server waits for that no roster node claims: left to Lustre's recovery timer"),
                ClosedBy.AllReconnected, 1)), close.jobs());
    }

    @Test
    void aServerThatListsNobodyMissingIsLeftToFinishReplay() {
        Seen seen = Seen.inspected(recovering(T0), reconnected("c1"), dead("c2")).withInventory(C2_KNOWN).at(at(5));
        Stepped s = step(recorded(Phase.Reconnecting, 2), seen);
        assertEquals(Phase.ClosingWindow, s.status.phase);
        assertFalse(s.closes(), "an empty stale list evicts nobody");
        assertNull(s.status.leftToLustre);
        assertTrue(s.status.message.startsWith("the server lists no client as missing"), s.status.message);
    }

    @Test
    void aCloseThatLeavesClientsToLustreEndsWhenLustreEndsTheWindow() {
        RecoveryPolicySpec p = inline();
        p.closeWhen = RecoveryPolicySpec.CloseWhen.Deadline;
        p.deadline = "10s";
        Seen seen = Seen.inspected(recovering(T0, "c2-uuid", "c3-uuid"), reconnected("c1"), dead("c2"), running("c3"))
                .withPolicy(policy(p)).withInventory(C2_KNOWN).at(at(10));
        Stepped close = step(recorded(Phase.Reconnecting, 3), seen);
        Plan plan = ((JobRequest.Close) close.jobs().get(0)).plan();
        assertEquals(List.of("c2-uuid"), plan.uuids(), "the running client is not proven dead");
        assertEquals("DeadlineExpired", plan.reason());
        assertEquals(ClosedBy.Deadline, close.status.closedBy);
        assertTrue(close.status.leftToLustre.startsWith("1 client(s) not reported and not proven dead are never evicted"),
                close.status.leftToLustre);

        Seen timedOut = seen.withClose(RoundFixture.closeTimedOut(plan, ClosedBy.Deadline, at(10), at(40)));
        Stepped waiting = step(close.status, timedOut.at(at(41)));
        assertEquals(Phase.ClosingWindow, waiting.status.phase);
        assertEquals("evicted 1 dead client(s); " + close.status.leftToLustre, waiting.status.message);
        assertNull(waiting.status.closedBy, "whatever ends the window now, it is not this close");
        assertEquals(List.of(new JobRequest.Verify(1)), waiting.jobs());

        Stepped done = step(waiting.status, timedOut.verified(1, complete(at(60))).at(at(61)));
        assertEquals(Phase.Recovered, done.status.phase);
        assertEquals(ClosedBy.LustreFinishedOnItsOwn, done.status.closedBy);
    }

    // Suspend

    @Test
    void suspendPausesTheRoundAndResumeGoesOn() {
        Seen seen = Seen.inspected(recovering(T0), reconnected("c1"), pending("c2")).at(at(5));
        Stepped paused = step(recorded(Phase.Reconnecting, 2), seen.suspended(true));
        assertEquals(Phase.Suspended, paused.status.phase);
        assertEquals(RoundTransitions.SUSPENDED, paused.status.message);
        assertTrue(paused.jobs().isEmpty(), "no new jobs");
        assertEquals("True", paused.condition(Conditions.PAUSED).getStatus());

        Stepped resumed = step(paused.status, seen.at(at(9)));
        assertEquals(Phase.Reconnecting, resumed.status.phase);
        assertEquals(List.of(new JobRequest.Reconnect(List.of("c2"), 5L)), resumed.jobs());
        assertEquals("False", resumed.condition(Conditions.PAUSED).getStatus());
    }

    @Test
    void aSuspendedRoundNeverClosesTheWindow() {
        Seen seen = Seen.inspected(recovering(T0, "c2-uuid"), reconnected("c1"), dead("c2")).withInventory(C2_KNOWN).at(at(5));
        Stepped s = step(recorded(Phase.Reconnecting, 2), seen.suspended(true));
        assertEquals(Phase.Suspended, s.status.phase);
        assertFalse(s.closes());
    }

    @Test
    void aSuspendedRoundBeforeItsPreflightCreatesNothingAndResumesWithIt() {
        Stepped paused = step(recorded(Phase.Pending, 2), Seen.start().suspended(true));
        assertEquals(Phase.Suspended, paused.status.phase);
        assertTrue(paused.jobs().isEmpty());
        Stepped resumed = step(paused.status, Seen.start());
        assertEquals(List.of(new JobRequest.Round(), new JobRequest.Preflight()), resumed.jobs());
    }

    @Test
    void aCloseInFlightFinishesWhileSuspended() {
        Seen seen = Seen.inspected(recovering(T0, "c2-uuid"), reconnected("c1"), dead("c2")).withInventory(C2_KNOWN).at(at(5));
        LustreFailoverStatus issued = step(recorded(Phase.Reconnecting, 2), seen).status;
        Stepped s = step(issued, seen.suspended(true)
                .withClose(RoundFixture.closeSucceeded(EVICT_C2, ClosedBy.AllReconnected, at(5), at(8), 1)).at(at(9)));
        assertEquals(Phase.Recovered, s.status.phase);
    }

    // Restart adoption: the recorded phase lags the Jobs

    @Test
    void aCloseJobTheStatusNeverRecordedIsAdoptedWithItsPlan() {
        // The operator created the close Job and stopped before writing ClosingWindow.
        Plan plan = new Plan(CloseMethod.EvictDead, List.of("c2-uuid"), "DeadlineExpired", null);
        Seen seen = Seen.inspected(recovering(T0, "c2-uuid"), reconnected("c1"), dead("c2")).withInventory(C2_KNOWN)
                .withClose(RoundFixture.closeRunning(plan, ClosedBy.Deadline, at(7))).at(at(9));
        for (Phase lagging : List.of(Phase.Reconnecting, Phase.AwaitingApproval, Phase.Suspended)) {
            Stepped adopted = step(recorded(lagging, 2), seen);
            assertEquals(Phase.ClosingWindow, adopted.status.phase, lagging::name);
            assertFalse(adopted.closes(), "no second close");
            assertEquals(List.of("c2-uuid"), adopted.status.plan.uuids);
            assertEquals("2026-11-25T10:00:07Z", adopted.status.plan.issuedAt, "issued when the Job was created");
            assertEquals(ClosedBy.Deadline, adopted.status.closedBy);
            assertEquals("closing the window: evict 1 dead client(s) because DeadlineExpired", adopted.status.message);
        }
        Stepped done = step(recorded(Phase.Reconnecting, 2),
                seen.withClose(RoundFixture.closeSucceeded(plan, ClosedBy.Deadline, at(7), at(12), 1)).at(at(13)));
        assertEquals(Phase.Recovered, done.status.phase);
        assertEquals(ClosedBy.Deadline, done.status.closedBy);
        assertEquals("recovery window closed (Deadline); evicted 1 dead clients", done.status.message);
    }

    /**
     * Found by the fault suite: a close issued while the server was slow to be reached ran after
     * Lustre's own timer had ended recovery. It evicted nobody, yet the round said the plan's reason
     * closed the window and that it "evicted 3 dead clients". The status says what the close's report
     * says: Lustre finished on its own, nobody was evicted by the operator.
     */
    @Test
    void aCloseThatFoundTheWindowClosedClaimsNeitherTheCloseNorTheEvictions() {
        Seen seen = Seen.inspected(recovering(T0, "c2-uuid"), reconnected("c1"), dead("c2")).withInventory(C2_KNOWN).at(at(5));
        Stepped close = step(recorded(Phase.Reconnecting, 2), seen);
        assertEquals(List.of(new JobRequest.Close(EVICT_C2, ClosedBy.AllReconnected, 1)), close.jobs());

        Stepped done = step(close.status,
                seen.withClose(RoundFixture.closeFoundWindowClosed(EVICT_C2, ClosedBy.AllReconnected, at(5), at(12), 1)).at(at(13)));
        assertEquals(Phase.Recovered, done.status.phase);
        assertEquals(ClosedBy.LustreFinishedOnItsOwn, done.status.closedBy);
        assertEquals("recovery window closed (LustreFinishedOnItsOwn); the target had left recovery before the close ran: "
                + "nobody was evicted", done.status.message);
        assertEquals(1, done.status.plan.evicted, "the server's own count, whoever evicted");
    }

    /**
     * Found by the fault suite: the server seen out of recovery while the close Job still ran made the
     * round end at once, crediting the plan's rule, though the close then found the window closed by
     * Lustre's timer and evicted nobody. The round waits for the close's report and says what it did.
     */
    /**
     * Found by the fault suite: a close that ran while the window was open but evicted nobody (the
     * server no longer waited for the planned UUIDs, or the eviction's lctl hung and was killed) left
     * Lustre's timer to close the window; the round must not credit its rule with it.
     */
    @Test
    void aCloseThatEvictedNobodyDoesNotClaimTheWindow() {
        Seen seen = Seen.inspected(recovering(T0, "c2-uuid"), reconnected("c1"), dead("c2")).withInventory(C2_KNOWN).at(at(5));
        Stepped close = step(recorded(Phase.Reconnecting, 2), seen);
        ServerStatus fin = new ServerStatus();
        fin.recoveryStatus = "COMPLETE";
        CloseJob nobody = new CloseJob(EVICT_C2, ClosedBy.AllReconnected, at(5), false, true, false, fin, null, at(12), 0, false);
        Stepped done = step(close.status, seen.withClose(nobody).at(at(13)));
        assertEquals(Phase.Recovered, done.status.phase);
        assertEquals(ClosedBy.LustreFinishedOnItsOwn, done.status.closedBy);
        assertEquals("recovery window closed (LustreFinishedOnItsOwn); evicted 0 dead clients", done.status.message);
    }

    @Test
    void aWindowSeenClosedWhileTheCloseRunsWaitsForTheClosesReport() {
        Seen seen = Seen.inspected(recovering(T0, "c2-uuid"), reconnected("c1"), dead("c2")).withInventory(C2_KNOWN).at(at(5));
        Stepped close = step(recorded(Phase.Reconnecting, 2), seen);
        Seen closedByLustre = Seen.inspected(RoundFixture.complete(at(9)), reconnected("c1"), dead("c2")).withInventory(C2_KNOWN);

        Stepped waiting = step(close.status, closedByLustre.withClose(RoundFixture.closeRunning(EVICT_C2, ClosedBy.AllReconnected, at(5)))
                .at(at(10)));
        assertEquals(Phase.ClosingWindow, waiting.status.phase);
        assertEquals("the window is closed; waiting for the close's report", waiting.status.message);
        assertFalse(waiting.closes(), "nothing issued again");

        Stepped done = step(waiting.status, closedByLustre
                .withClose(RoundFixture.closeFoundWindowClosed(EVICT_C2, ClosedBy.AllReconnected, at(5), at(11), 1)).at(at(12)));
        assertEquals(Phase.Recovered, done.status.phase);
        assertEquals(ClosedBy.LustreFinishedOnItsOwn, done.status.closedBy);
    }

    @Test
    void anAdoptedCloseKeepsTheBoundOfItsCreation() {
        Seen stuck = Seen.inspected(recovering(T0, "c2-uuid"), reconnected("c1"), dead("c2"))
                .withClose(RoundFixture.closeRunning(EVICT_C2, ClosedBy.AllReconnected, at(7)));
        Instant bound = at(7).plus(CLOSE_TIMEOUT).plus(RoundTransitions.CLOSE_SLACK);
        assertEquals(Phase.Failed, step(recorded(Phase.Reconnecting, 2), stuck.at(bound.plusSeconds(1))).status.phase);
    }

    @Test
    void aPreflightTheStatusNeverRecordedIsAdopted() {
        Stepped s = step(recorded(Phase.Pending, 2), Seen.start().preflight(JobProgress.Running, null));
        assertEquals(Phase.Preflight, s.status.phase);
        assertTrue(s.jobs().isEmpty(), "the preflight exists already");
    }

    @Test
    void aRoundWhoseInspectionsAreAllGoneLooksAgainBeforeDeciding() {
        // Awaiting approval longer than the Jobs' TTL: preflight and verifications were cleaned up.
        Seen seen = Seen.start().withClients(reconnected("c1"), dead("c2")).at(at(900));
        seen.expected = 2;
        seen.verifications = 3;
        Stepped s = step(recorded(Phase.AwaitingApproval, 2), seen);
        assertEquals(List.of(new JobRequest.Verify(4)), s.jobs());
        assertFalse(s.closes());
        assertEquals(Phase.AwaitingApproval, s.status.phase);
    }

    // The server's list of missing clients cut short

    @Test
    void aCutListOfMissingClientsIsReadAgainBeforeAnyPlan() {
        Inspection cut = new Inspection(RoundFixture.server("RECOVERING"), Set.of("c2-uuid"), true, T0);
        Seen seen = Seen.inspected(cut, reconnected("c1"), dead("c2")).withInventory(C2_KNOWN).lastClientReport(at(3)).at(at(4));
        Stepped confirm = step(recorded(Phase.Reconnecting, 2), seen);
        assertEquals("policy holds; confirming the missing clients with the server", confirm.status.message);
        assertEquals(List.of(new JobRequest.Verify(1)), confirm.jobs());
        assertFalse(confirm.closes());
        assertEquals(Phase.Reconnecting, confirm.status.phase);

        Stepped close = step(confirm.status, seen.verified(1, recovering(at(4), "c2-uuid")).at(at(6)));
        assertTrue(close.closes(), "a whole list read after the last report: the plan is made");
    }

    @Test
    void aCutListSeenAfterTheLastClientReportIsNotReadAgain() {
        Inspection cut = new Inspection(RoundFixture.server("RECOVERING"), Set.of("c2-uuid"), true, at(4));
        Seen seen = Seen.inspected(cut, reconnected("c1"), dead("c2")).withInventory(C2_KNOWN).lastClientReport(at(3)).at(at(5));
        assertTrue(step(recorded(Phase.Reconnecting, 2), seen).closes());
    }
}
