package dev.lustre.ir.lustre;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.Test;

class RecoveryStatusParserTest {
    private static RecoveryStatus parse(String fixture) {
        return RecoveryStatusParser.parse(Fixtures.read(fixture), "lctl get_param x.recovery_status");
    }

    @Test
    void inactiveSingleLineWithName() {
        RecoveryStatus s = parse("recovery-inactive.txt");
        assertEquals(RecoveryState.INACTIVE, s.status());
        assertNull(s.connected());
        assertNull(s.total());
    }

    @Test
    void inactiveWithoutName() {
        assertEquals(RecoveryState.INACTIVE, parse("recovery-inactive-value-only.txt").status());
    }

    @Test
    void completeWithVbrMeansStaleClientsWereEvicted() {
        RecoveryStatus s = parse("recovery-complete-vbr.txt");
        assertEquals(RecoveryState.COMPLETE, s.status());
        assertEquals(1620410016L, s.recoveryStart());
        assertEquals(150L, s.durationSeconds());
        assertEquals(4, s.completed());
        assertEquals(8, s.total());
        assertEquals(4, s.evicted(), "COMPLETE prints max - stale as N/M, so M - N were evicted");
        assertEquals("ENABLED", s.vbr());
        assertEquals("ENABLED", s.ir());
        assertEquals(4294967296L, s.lastTransno());
        assertNull(s.timeRemaining());
    }

    @Test
    void completeAllBackIrDisabled() {
        RecoveryStatus s = parse("recovery-complete-all-back.txt");
        assertEquals(8, s.completed());
        assertEquals(8, s.total());
        assertEquals(0, s.evicted());
        assertEquals("DISABLED", s.vbr());
        assertEquals("DISABLED", s.ir());
    }

    @Test
    void waitingListsNonReadyMdts() {
        RecoveryStatus s = parse("recovery-waiting.txt");
        assertEquals(RecoveryState.WAITING, s.status());
        assertEquals(List.of(0, 2), s.nonReadyMdts());
        assertEquals(75L, s.timeWaited());
        assertEquals(1781484433L, s.recoveryStart());
    }

    @Test
    void waitingOn212LeavesTimeWaitedUnknown() {
        // the same b2_12 mix in the WAITING branch: time_waited = real now - monotonic start ~ the epoch
        RecoveryStatus s = parse("recovery-waiting-2.12.txt");
        assertEquals(RecoveryState.WAITING, s.status());
        assertEquals(8675309L, s.recoveryStart());
        assertNull(s.timeWaited(), "not 56 years of waiting");
        assertEquals(List.of(0, 2), s.nonReadyMdts());
    }

    @Test
    void anEpochStartKeepsAZeroTimeRemaining() {
        // on 2.14+ (epoch start) a 0 is real: the timer ran out and the thread has not acted yet
        String out = "status: RECOVERING\nrecovery_start: 1781484433\ntime_remaining: 0\nconnected_clients: 5/7\n";
        assertEquals(0L, RecoveryStatusParser.parse(out).timeRemaining());
        assertTrue(RecoveryStatusParser.monotonicStart(8675309L));
        assertFalse(RecoveryStatusParser.monotonicStart(1781484433L));
        assertFalse(RecoveryStatusParser.monotonicStart(null));
    }

    @Test
    void waitingForClientsSingleLine() {
        RecoveryStatus s = parse("recovery-waiting-for-clients.txt");
        assertEquals(RecoveryState.WAITING_FOR_CLIENTS, s.status());
        assertTrue(s.status().windowOpen());
    }

    @Test
    void recoveringFullBlockWithMisspelledLockRepay() {
        RecoveryStatus s = parse("recovery-recovering-2.16.txt");
        assertEquals(RecoveryState.RECOVERING, s.status());
        assertEquals(3, s.connected());
        assertEquals(7, s.total());
        assertEquals(3, s.completed(), "bare N while recovering");
        assertEquals(0, s.evicted());
        assertEquals(119L, s.timeRemaining());
        assertEquals(0, s.lockReplay(), "lock_repay_clients is the real key");
        assertEquals(0, s.reqReplay());
        assertEquals(4294967311L, s.nextTransno());
        assertNull(s.ir(), "IR appears only in the COMPLETE block");
        assertNull(s.vbr());
    }

    @Test
    void recoveringCapturedSampleThatStopsEarly() {
        RecoveryStatus s = parse("recovery-recovering-truncated.txt");
        assertEquals(3, s.connected());
        assertEquals(7, s.total());
        assertNull(s.evicted());
    }

    @Test
    void recoveringOn212KeepsMonotonicStartAndLeavesTheTimerUnknown() {
        // b2_12 from 2.12.4: recovery_start is ktime_get_seconds() (since boot) and time_remaining
        // compares it with ktime_get_real_seconds(), so the kernel's 0 means nothing: unknown, not 0
        RecoveryStatus s = parse("recovery-recovering-2.12.txt");
        assertEquals(8675309L, s.recoveryStart());
        assertNull(s.timeRemaining(), "a bogus 0 must not be reported as no time left");
        assertEquals(5, s.connected());
        assertEquals(2, s.lockReplay());
        assertEquals(1, s.evicted());
        assertEquals(4, s.queuedRequests());
    }

    @Test
    void missingConnectedClientsNamesFieldAndCommand() {
        LustreParseException e = assertThrows(LustreParseException.class, () -> parse("recovery-missing-connected.txt"));
        assertEquals("connected_clients", e.field());
        assertTrue(e.getMessage().contains("connected_clients"), e.getMessage());
        assertTrue(e.getMessage().contains("lctl get_param x.recovery_status"), e.getMessage());
    }

    @Test
    void missingStatus() {
        LustreParseException e = assertThrows(LustreParseException.class, () -> parse("recovery-missing-status.txt"));
        assertEquals("status", e.field());
    }

    @Test
    void completeWithoutCompletedClients() {
        LustreParseException e = assertThrows(LustreParseException.class,
                () -> parse("recovery-complete-missing-completed.txt"));
        assertEquals("completed_clients", e.field());
    }

    @Test
    void unknownStatusWordIsAnError() {
        LustreParseException e = assertThrows(LustreParseException.class,
                () -> RecoveryStatusParser.parse("status: SLEEPING\n", "cmd"));
        assertEquals("status", e.field());
    }

    @Test
    void emptyOutputIsAnError() {
        assertThrows(LustreParseException.class, () -> RecoveryStatusParser.parse("", "cmd"));
    }

    @Test
    void unknownLinesAreTolerated() {
        RecoveryStatus s = RecoveryStatusParser.parse(
                "status: RECOVERING\nsome_new_field: 17\nconnected_clients: 1/2\nnew list:\n - a\n", "cmd");
        assertEquals(1, s.connected());
        assertEquals(2, s.total());
    }
}
