package dev.lustre.ir.sim;

import dev.lustre.ir.lustre.ImportState;
import dev.lustre.ir.lustre.CommandResult;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;

import static dev.lustre.ir.sim.SimTestSupport.lctl;
import static dev.lustre.ir.sim.SimTestSupport.ok;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code lctl --device X recover} per release: ptlrpc_recover_import (ptlrpc/recover.c) returns
 * -EALREADY at once up to 2.15 when the import is not DISCON, and since LU-17142 (2.16) waits instead,
 * on ptlrpc_import_in_recovery_disconnect(imp, true), for up to obd_timeout.
 */
class RecoverVersionTest {

    private static final String TGT = "lustre-OST0001";
    private final ManualClock clock = SimClock.manual();

    private SimCluster cluster(LustreVersion v) {
        return SimCluster.builder().target(TGT).clients(3).deadNodes("c003").idleNodes("c002").ir(false)
                .version(v).seed(51).clock(clock).build();
    }

    /** c001 reconnects (REPLAY, waiting for c003 that never comes); c002 stays IDLE. */
    private SimCluster reconnected(LustreVersion v) {
        SimCluster c = cluster(v);
        c.failover();
        ok(c.lctl("c001"), "set_param", "osc.*.import=connection=10.0.0.12@tcp");
        clock.advance(Duration.ofSeconds(1));
        assertEquals(ImportState.REPLAY, c.client("c001").importState());
        return c;
    }

    private CommandResult recover(SimCluster c, String node) {
        return lctl(c.lctl(node), "--device", c.client(node).device(), "recover", "10.0.0.12@tcp");
    }

    @Test
    void upTo215ARecoverOnAReplayingImportSaysEalreadyAtOnce() {
        for (LustreVersion v : new LustreVersion[] {LustreVersion.V2_12, LustreVersion.V2_15}) {
            SimCluster c = reconnected(v);
            Instant t0 = clock.instant();
            CommandResult r = recover(c, "c001");
            assertEquals(114, r.exitCode(), v.name());
            assertEquals("error: recover: Operation already in progress\n", r.stderr());
            assertEquals(Duration.ZERO, Duration.between(t0, clock.instant()), v.name());
        }
    }

    @Test
    void from216ARecoverOnAReplayingImportBlocksForObdTimeout() {
        SimCluster c = reconnected(LustreVersion.V2_16);
        Instant t0 = clock.instant();
        CommandResult r = recover(c, "c001");
        assertEquals(110, r.exitCode());
        assertEquals("error: recover: Connection timed out\n", r.stderr());
        assertEquals(100, Duration.between(t0, clock.instant()).toSeconds(), "obd_timeout, uninterruptible");
    }

    @Test
    void onAnIdleImportRecoverSaysEalreadyUpTo215AndSucceedsAtOnceFrom216() {
        SimCluster old = reconnected(LustreVersion.V2_15);
        Instant t0 = clock.instant();
        CommandResult r = recover(old, "c002");
        assertEquals(114, r.exitCode(), "ptlrpc_set_import_discon leaves IDLE alone, so state != DISCON");
        assertEquals(ImportState.IDLE, old.client("c002").importState());

        SimCluster now = reconnected(LustreVersion.V2_16);
        t0 = clock.instant();
        assertEquals("", ok(now.lctl("c002"), "--device", now.client("c002").device(), "recover", "10.0.0.12@tcp"));
        assertEquals(Duration.ZERO, Duration.between(t0, clock.instant()), "IDLE is not in recovery: no wait");
        assertEquals(ImportState.IDLE, now.client("c002").importState(), "recover did nothing");
    }

    @Test
    void from216ARecoverOnADisconnectedImportConnectsAndWaitsThroughTheWindow() {
        SimCluster c = cluster(LustreVersion.V2_16);
        c.failover();
        assertEquals(ImportState.DISCONN, c.client("c001").importState());
        Instant t0 = clock.instant();
        CommandResult r = recover(c, "c001");
        // connected at once, then REPLAY until the window closes: c003 never comes, so obd_timeout
        assertEquals(110, r.exitCode());
        assertEquals(100, Duration.between(t0, clock.instant()).toSeconds());
        assertEquals("10.0.0.12@tcp", c.client("c001").currentConnection());
    }

    @Test
    void evictedIsNotInRecoveryButDisconnIsOnlyFor216() {
        assertFalse(ImportState.EVICTED.inRecovery());
        assertFalse(ImportState.IDLE.inRecovery());
        assertFalse(ImportState.DISCONN.inRecovery());
        assertTrue(ImportState.DISCONN.inRecoveryOrDisconnected());
        assertTrue(ImportState.REPLAY_WAIT.inRecovery());
        assertFalse(ImportState.EVICTED.inRecoveryOrDisconnected());
    }

    @Test
    void versionAndTimeoutParamsAreThere() {
        SimCluster c = cluster(LustreVersion.V2_15);
        assertEquals("2.15.6\n", ok(c.lctl("c001"), "get_param", "-n", "version"));
        assertEquals("100\n", ok(c.lctl("c001"), "get_param", "-n", "timeout"));
    }
}
