package dev.lustre.ir.sim;

import dev.lustre.ir.lustre.ImportState;
import dev.lustre.ir.lustre.RecoveryState;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;

import static dev.lustre.ir.sim.SimTestSupport.lctl;
import static dev.lustre.ir.sim.SimTestSupport.ok;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Who wakes target_recovery_overseer (ldlm/ldlm_lib.c), which otherwise re-checks
 * check_for_recovery_ready (connected + stale >= max) every 60 s; and the window's length and text.
 */
class RecoveryWakeupTest {

    private static final String TGT = "lustre-OST0001";
    private static final String NEW = "10.0.0.12@tcp";
    private final ManualClock clock = SimClock.manual();

    private SimCluster cluster(SimClusterBuilder b) {
        return b.target(TGT).ir(false).seed(61).clock(clock).build();
    }

    private void reconnect(SimCluster c, String node) {
        ok(c.lctl(node), "set_param", "osc.*.import=connection=" + NEW);
    }

    private void evict(SimCluster c, String node) {
        ok(c.lctl("oss2"), "set_param", "obdfilter." + TGT + ".evict_client=uuid:" + c.client(node).uuid());
    }

    @Test
    void evictionBeforeTheLastLiveConnectLetsThatClientsReplayCloseTheWindow() {
        // target_handle_connect does not wake (connected 1 != max 2), but the client's queued replay
        // does (target_queue_recovery_request): one round trip after the connect
        SimCluster c = cluster(SimCluster.builder().clients(2).deadNodes("c002"));
        c.failover();
        clock.advance(Duration.ofSeconds(3));
        evict(c, "c002");
        Instant before = clock.instant();
        reconnect(c, "c001");
        clock.advance(Duration.ofSeconds(1));
        Instant closed = c.windowClosedAt().orElseThrow();
        long ms = Duration.between(before, closed).toMillis();
        assertEquals(400, ms, "connect round trip + first replay round trip (2 x connectLatency)");
        assertEquals("EVICTIONS", c.target().closedBy().orElseThrow());
    }

    @Test
    void evictionAfterTheLastLiveConnectWaitsForTheSixtySecondTick() {
        // class_export_recovery_cleanup only counts connected-- and stale++: no wake_up
        SimCluster c = cluster(SimCluster.builder().clients(2).deadNodes("c002"));
        c.failover();
        clock.advance(Duration.ofSeconds(3));
        reconnect(c, "c001");
        clock.advance(Duration.ofSeconds(2));
        evict(c, "c002");
        clock.advance(Duration.ofSeconds(50));
        assertEquals(RecoveryState.RECOVERING, c.recoveryStatus(), "nothing woke the thread yet");
        clock.advance(Duration.ofSeconds(10));
        Instant closed = c.windowClosedAt().orElseThrow();
        assertEquals(c.recheckTickAtOrAfter(closed), closed, "closed on the 60 s grid");
    }

    @Test
    void aConnectThatMakesConnectedEqualMaxWakesAtOnce() {
        SimCluster c = cluster(SimCluster.builder().clients(1));
        c.failover();
        Instant before = clock.instant();
        reconnect(c, "c001");
        clock.advance(Duration.ofSeconds(1));
        assertEquals(200, Duration.between(before, c.windowClosedAt().orElseThrow()).toMillis(),
                "woken by the connect itself (connected == max)");
        assertEquals("ALL_CONNECTED", c.target().closedBy().orElseThrow());
    }

    @Test
    void anUnknownClientsConnectStartsTheTimerBeforeItIsRefused() {
        // check_and_start_recovery_timer(target, req, export == NULL) runs before the -EBUSY branch
        SimCluster c = cluster(SimCluster.builder().clients(2));
        c.failover();
        evict(c, "c002"); // its UUID is gone from the target: its connect is that of a new client
        clock.advance(Duration.ofSeconds(2));
        String param = "obdfilter." + TGT + ".recovery_status";
        assertEquals("status: WAITING_FOR_CLIENTS\n", ok(c.lctl("oss2"), "get_param", "-n", param));
        reconnect(c, "c002");
        clock.advance(Duration.ofSeconds(1));
        String st = ok(c.lctl("oss2"), "get_param", "-n", param);
        assertTrue(st.startsWith("status: RECOVERING\n") && st.contains("connected_clients: 0/2\n"), st);
        assertTrue(st.contains("\ntime_remaining: 299\n"), st);
        assertEquals(ImportState.DISCONN, c.client("c002").importState(), "refused with -EBUSY, waits for the end");
    }

    @Test
    void irWindowIsMaxOf120sAndSoftTimesFactorAndNotCappedAtSoft() {
        assertEquals(150, SimEngine.irShrunkWindow(300, 5, 120_000));
        assertEquals(120, SimEngine.irShrunkWindow(100, 5, 120_000), "raised above soft to OBD_RECOVERY_TIME_MIN");
        assertEquals(300, SimEngine.irShrunkWindow(300, 10, 120_000));
        SimCluster c = SimCluster.builder().target(TGT).clients(1).ir(true).recoveryTimeSoft(Duration.ofSeconds(100))
                .seed(62).clock(clock).build();
        c.failover();
        assertEquals(120, c.target().recoveryTimeoutSec());
    }

    @Test
    void irFactorIsWritableWithinOneToTenAndShapesTheNextMount() {
        SimCluster c = SimCluster.builder().target(TGT).clients(1).ir(true).seed(63).clock(clock).build();
        c.failover();
        assertEquals(150, c.target().recoveryTimeoutSec());
        String param = "obdfilter." + TGT + ".ir_factor";
        assertEquals(22, lctl(c.lctl("oss2"), "set_param", param + "=11").exitCode());
        assertEquals(22, lctl(c.lctl("oss2"), "set_param", param + "=0").exitCode());
        ok(c.lctl("oss2"), "set_param", param + "=8");
        assertEquals("8\n", ok(c.lctl("oss2"), "get_param", "-n", param));
        assertEquals(150, c.target().recoveryTimeoutSec(), "server_calc_timeout runs at mount only");
        clock.advance(Duration.ofSeconds(600));
        c.failover();
        assertEquals(240, c.target().recoveryTimeoutSec());
    }

    @Test
    void aTargetMountedNoirGetsNoShortenedWindow() {
        SimCluster c = SimCluster.builder().target(TGT).clients(1).ir(true).targetMountedNoIr(true)
                .seed(64).clock(clock).build();
        c.failover();
        assertEquals(300, c.target().recoveryTimeoutSec());
        assertTrue(!c.target().irEnabled());
    }

    @Test
    void lustre2125AndLaterPrintTimeRemainingZeroWhileRecovering() {
        SimCluster c = SimCluster.builder().target(TGT).clients(2).deadNodes("c002").ir(false)
                .version(LustreVersion.V2_12).seed(65).clock(clock).build();
        c.failover();
        reconnect(c, "c001");
        clock.advance(Duration.ofSeconds(5));
        String st = ok(c.lctl("oss2"), "get_param", "-n", "obdfilter." + TGT + ".recovery_status");
        assertTrue(st.startsWith("status: RECOVERING\n") && st.contains("\ntime_remaining: 0\n"), st);
        SimCluster now = SimCluster.builder().target(TGT).clients(2).deadNodes("c002").ir(false)
                .version(LustreVersion.V2_16).seed(65).clock(clock).build();
        now.failover();
        reconnect(now, "c001");
        clock.advance(Duration.ofSeconds(5));
        String st16 = ok(now.lctl("oss2"), "get_param", "-n", "obdfilter." + TGT + ".recovery_status");
        assertTrue(st16.contains("\ntime_remaining: 295\n"), st16);
    }
}
