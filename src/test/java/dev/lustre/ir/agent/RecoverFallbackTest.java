package dev.lustre.ir.agent;

import dev.lustre.ir.lustre.ImportState;
import org.junit.jupiter.api.Test;

import static dev.lustre.ir.agent.RecoverFallback.Decision.RUN;
import static dev.lustre.ir.agent.RecoverFallback.Decision.SKIP_NOT_CONNECTING;
import static dev.lustre.ir.agent.RecoverFallback.Decision.SKIP_WOULD_BLOCK_PAST_DEADLINE;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** ptlrpc_recover_import (ptlrpc/recover.c) before and after LU-17142, as the agent budgets for it. */
class RecoverFallbackTest {

    @Test
    void releasesFrom21560Wait() {
        assertFalse(RecoverFallback.recoverWaits("2.12.9\n"));
        assertFalse(RecoverFallback.recoverWaits("2.15.6"));
        assertFalse(RecoverFallback.recoverWaits("lustre: 2.10.8\nkernel: patchless_client\n"));
        assertTrue(RecoverFallback.recoverWaits("2.15.60"));
        assertTrue(RecoverFallback.recoverWaits("2.16.1"));
        assertTrue(RecoverFallback.recoverWaits("2.17.0_ddn3"));
        assertTrue(RecoverFallback.recoverWaits(null), "unknown: assume it blocks");
        assertTrue(RecoverFallback.recoverWaits("garbage"));
    }

    @Test
    void on216OnlyDisconnectedOrConnectingImportsAndOnlyWithObdTimeoutLeft() {
        assertEquals(RUN, RecoverFallback.decide(true, ImportState.DISCONN, 100_000, 100_000));
        assertEquals(RUN, RecoverFallback.decide(true, ImportState.CONNECTING, 120_000, 100_000));
        assertEquals(SKIP_WOULD_BLOCK_PAST_DEADLINE, RecoverFallback.decide(true, ImportState.CONNECTING, 99_999, 100_000));
        for (ImportState s : new ImportState[] {ImportState.REPLAY, ImportState.REPLAY_WAIT, ImportState.FULL,
                ImportState.IDLE, ImportState.EVICTED}) {
            assertEquals(SKIP_NOT_CONNECTING, RecoverFallback.decide(true, s, 1_000_000, 100_000), s.name());
        }
    }

    @Test
    void upTo215OnlyAStartedConnectBlocks() {
        assertEquals(RUN, RecoverFallback.decide(false, ImportState.CONNECTING, 1_000, 100_000), "EALREADY at once");
        assertEquals(RUN, RecoverFallback.decide(false, ImportState.REPLAY_WAIT, 1_000, 100_000));
        assertEquals(SKIP_WOULD_BLOCK_PAST_DEADLINE, RecoverFallback.decide(false, ImportState.DISCONN, 1_000, 100_000));
        assertEquals(SKIP_WOULD_BLOCK_PAST_DEADLINE, RecoverFallback.decide(false, ImportState.FULL, 1_000, 100_000));
        assertEquals(RUN, RecoverFallback.decide(false, ImportState.DISCONN, 100_000, 100_000));
    }

    @Test
    void obdTimeoutIsReadOrDefaults() {
        assertEquals(300_000, RecoverFallback.obdTimeoutMs("300\n"));
        assertEquals(100_000, RecoverFallback.obdTimeoutMs(null));
        assertEquals(100_000, RecoverFallback.obdTimeoutMs("x"));
    }
}
