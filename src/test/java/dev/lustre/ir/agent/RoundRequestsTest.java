package dev.lustre.ir.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lustre.ir.agent.RoundResults.ServerView;
import dev.lustre.ir.api.LustreCloseSpec;
import dev.lustre.ir.api.LustreRoundResultSpec.Progress;
import dev.lustre.ir.api.LustreRoundSpec;
import dev.lustre.ir.api.RecoveryPolicySpec.CloseMethod;
import dev.lustre.ir.lustre.RecoveryState;
import dev.lustre.ir.report.AgentError;
import dev.lustre.ir.report.CloseWindowReport;
import dev.lustre.ir.report.InspectServerReport;
import dev.lustre.ir.report.TargetRecovery;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The pure decisions of an agent's rounds: what a spec may run, what a result says, when to write and stop. */
class RoundRequestsTest {
    private static LustreRoundSpec round() {
        LustreRoundSpec s = new LustreRoundSpec();
        s.failover = "f";
        s.round = 1L;
        s.fsName = "lustre";
        s.target = "lustre-OST0001";
        s.serverNode = "oss2";
        s.nids = List.of("10.0.0.12@tcp", "10.0.0.13@tcp");
        s.reconnectTimeout = "45s";
        return s;
    }

    private static LustreCloseSpec close() {
        LustreCloseSpec s = new LustreCloseSpec();
        s.round = "f-r1";
        s.sequence = 1;
        s.target = "lustre-OST0001";
        s.serverNode = "oss2";
        s.action = CloseMethod.EvictDead;
        s.uuids = List.of("a1b2c3d4-0000-1111-2222-333344445555");
        s.waitForWindow = true;
        s.timeout = "150s";
        return s;
    }

    @Test
    void aRoundGivesTheReconnectAJobWouldRun() {
        AgentRequest.Reconnect r = RoundRequests.reconnect(round());
        assertEquals("lustre-OST0001", r.target().name());
        assertEquals(List.of("10.0.0.12@tcp", "10.0.0.13@tcp"), r.nids());
        assertNull(r.instance(), "without an instance");
        assertEquals(Duration.ofSeconds(45), r.timeout());
        assertEquals(Duration.ofSeconds(45).plusHours(1), RoundRequests.serverWatch(round()));
    }

    @Test
    void everyFieldIsCheckedAgainAndNamedWhenWrong() {
        LustreRoundSpec badNid = round();
        badNid.nids = List.of("10.0.0.12@tcp", "10.0.0.13@tcp;reboot");
        assertRefused("spec.nids", () -> RoundRequests.reconnect(badNid));
        LustreRoundSpec otherFs = round();
        otherFs.target = "scratch-OST0001";
        assertRefused("spec.target", () -> RoundRequests.reconnect(otherFs));
        LustreRoundSpec badFs = round();
        badFs.fsName = "$(id)";
        assertRefused("spec.fsName", () -> RoundRequests.inspect(badFs));
        LustreRoundSpec zero = round();
        zero.reconnectTimeout = "0s";
        assertRefused("spec.reconnectTimeout", () -> RoundRequests.reconnect(zero));

        LustreCloseSpec serverUuid = close();
        serverUuid.uuids = List.of("a1b2c3d4-0000-1111-2222-333344445555", "lustre-MDT0000-mdtlov_UUID");
        assertRefused("spec.uuids", () -> RoundRequests.close(serverUuid));
        LustreCloseSpec shell = close();
        shell.uuids = List.of("x;rm");
        assertRefused("spec.uuids", () -> RoundRequests.close(shell));
        LustreCloseSpec none = close();
        none.uuids = List.of();
        assertRefused("spec.uuids", () -> RoundRequests.close(none));
        LustreCloseSpec noTimeout = close();
        noTimeout.timeout = null;
        assertRefused("spec.timeout", () -> RoundRequests.close(noTimeout));
    }

    @Test
    void anEarlyEvictionDoesNotWaitAndAnAbortEvictsNobodyByName() {
        LustreCloseSpec early = close();
        early.waitForWindow = false;
        early.timeout = null;
        AgentRequest.CloseWindow c = RoundRequests.close(early);
        assertEquals(Duration.ZERO, c.timeout());
        assertEquals(early.uuids, c.evictUuids());
        LustreCloseSpec abort = close();
        abort.action = CloseMethod.AbortRecovery;
        abort.uuids = null;
        AgentRequest.CloseWindow a = RoundRequests.close(abort);
        assertTrue(a.abort());
        assertEquals(Duration.ofSeconds(150), a.timeout());
    }

    @Test
    void outcomesOfACloseAndAClient() {
        TargetRecovery open = recovery(RecoveryState.RECOVERING, 30L);
        CloseWindowReport timedOut = CloseWindowReport.of("lustre-OST0001", CloseWindowReport.Action.EvictDead,
                List.of("u1"), List.of(), false, open, 0, AgentError.Timeout, "still RECOVERING");
        assertEquals("Evicted", RoundResults.closeOutcome(timedOut, false), "expected of an early eviction");
        assertEquals("TimedOut", RoundResults.closeOutcome(timedOut, true));
        assertEquals("Failed", RoundResults.closeOutcome(
                CloseWindowReport.failed("lustre-OST0001", AgentError.NoDevice, "not here"), true));
        assertEquals("Closed", RoundResults.closeOutcome(CloseWindowReport.of("lustre-OST0001",
                CloseWindowReport.Action.EvictDead, List.of("u1"), List.of(), false,
                recovery(RecoveryState.COMPLETE, null), 0, null, null), true));
    }

    @Test
    void theServerWritesOnlyWhenMoreThanTheTimersChanged() {
        ServerView a = view(recovery(RecoveryState.RECOVERING, 120L), Progress.Running);
        ServerView b = view(recovery(RecoveryState.RECOVERING, 119L), Progress.Running);
        assertTrue(a.sameAs(b), "only time_remaining moved");
        assertFalse(a.sameAs(view(new TargetRecovery(RecoveryState.RECOVERING, 2, 3, 0, 0, 119L, 1L, null, "ENABLED",
                "DISABLED", null, null), Progress.Running)), "one more client connected");
        assertFalse(a.sameAs(a.finished()), "the last write says Finished");
        assertFalse(a.sameAs(null));
    }

    @Test
    void theObservationEndsOutOfRecoveryWithNoCloseRunningOrPastItsWatch() {
        Instant now = Instant.parse("2026-01-15T08:00:00Z");
        InspectServerReport done = report(recovery(RecoveryState.COMPLETE, null));
        InspectServerReport waiting = report(recovery(RecoveryState.WAITING, null));
        InspectServerReport open = report(recovery(RecoveryState.RECOVERING, 10L));
        InspectServerReport failed = InspectServerReport.failed("lustre-OST0001", AgentError.NoDevice, "not mounted");
        assertTrue(ServerRound.finished(done, false, now.plusSeconds(60), now));
        assertFalse(ServerRound.finished(done, true, now.plusSeconds(60), now), "a close still runs");
        assertFalse(ServerRound.finished(waiting, false, null, now), "DNE: still in recovery");
        assertFalse(ServerRound.finished(open, false, null, now));
        assertFalse(ServerRound.finished(failed, false, null, now));
        assertTrue(ServerRound.finished(open, true, now.minusSeconds(1), now), "past its watch");
        assertTrue(ClientRound.tooOld(now.minus(Duration.ofMinutes(16)), now));
        assertFalse(ClientRound.tooOld(now.minus(Duration.ofMinutes(14)), now));
    }

    @Test
    void onlyFailuresThatMayPassAreRetried() {
        for (int code : new int[] {-1, 0, 401, 403, 408, 429, 500, 503}) {
            assertTrue(WriteRetry.worthRetrying(code), "" + code);
        }
        for (int code : new int[] {400, 404, 409, 422}) {
            assertFalse(WriteRetry.worthRetrying(code), "" + code);
        }
    }

    private static TargetRecovery recovery(RecoveryState s, Long remaining) {
        return new TargetRecovery(s, 1, 3, 0, 0, remaining, 1L, null, "ENABLED", "DISABLED", null, null);
    }

    private static InspectServerReport report(TargetRecovery r) {
        return InspectServerReport.of("lustre-OST0001", r, 5L, List.of(), null);
    }

    private static ServerView view(TargetRecovery r, Progress p) {
        return ServerView.of(report(r), p);
    }

    private static void assertRefused(String field, Runnable build) {
        RoundRequests.InvalidSpecException e = assertThrows(RoundRequests.InvalidSpecException.class, build::run);
        assertTrue(e.getMessage().startsWith(field), "names " + field + ": " + e.getMessage());
    }
}
