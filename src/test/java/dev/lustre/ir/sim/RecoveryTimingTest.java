package dev.lustre.ir.sim;

import dev.lustre.ir.lustre.ImportState;
import dev.lustre.ir.lustre.RecoveryState;
import dev.lustre.ir.lustre.LctlRunner;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import static dev.lustre.ir.sim.SimTestSupport.ok;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** When the recovery window closes, and what happens to each client, under Lustre's rules. */
class RecoveryTimingTest {

    private static final String TGT = "lustre-OST0001";
    private final ManualClock clock = SimClock.manual();

    private static long secondsBetween(Instant a, Instant b) {
        return Duration.between(a, b).toSeconds();
    }

    @Test
    void withoutIrADeadClientHoldsTheWindowUntilTheSoftTimer() {
        SimCluster c = SimCluster.builder().target(TGT).clients(10).dead(1).ir(false).seed(11).clock(clock).build();
        Instant failover = clock.instant();
        c.failover();

        // adaptive timeouts: the earliest a client can notice is a ping sent at the failover timing out
        // after at_est2timeout(1 s) = 6 s, plus the 5 s connect to the dead NID
        clock.advance(Duration.ofSeconds(10));
        assertEquals(RecoveryState.WAITING_FOR_CLIENTS, c.recoveryStatus(), "nobody notices before 11 s");
        clock.advance(Duration.ofSeconds(35)); // +45 s: every live client is back on its own
        TargetView t = c.target();
        assertEquals(RecoveryState.RECOVERING, t.status());
        assertEquals(9, t.connected());
        assertEquals(300, t.recoveryTimeoutSec());
        Instant start = t.recoveryStart().orElseThrow();
        long firstBack = secondsBetween(failover, start);
        assertTrue(firstBack >= 11 && firstBack <= 41, "first reconnect at +" + firstBack + " s");

        clock.advance(Duration.ofSeconds(250));
        assertEquals(RecoveryState.RECOVERING, c.recoveryStatus(), "the dead client holds the window");
        for (ClientView v : c.clients()) {
            if (v.alive()) {
                assertEquals(ImportState.REPLAY, v.importState(), v.node() + " waits for the server's replay stage");
            }
        }

        clock.advance(Duration.ofSeconds(120));
        t = c.target();
        assertEquals(RecoveryState.COMPLETE, t.status());
        // the timer starts at the first reconnect, not at mount
        assertEquals(start.plusSeconds(300), t.windowClosedAt().orElseThrow());
        assertEquals("SOFT_TIMEOUT", t.closedBy().orElseThrow());
        String status = ok(c.lctl("oss2"), "get_param", "-n", "obdfilter." + TGT + ".recovery_status");
        assertTrue(status.contains("completed_clients: 9/10\n"), status);
        assertTrue(status.contains("VBR: ENABLED\n"), status);
        assertTrue(status.contains("IR: DISABLED\n"), status);
        for (ClientView v : c.clients()) {
            if (v.alive()) {
                assertEquals(ImportState.FULL, v.importState(), v.node());
                assertTrue(v.replayKept(), v.node() + " replays after the stale client was evicted");
                assertFalse(v.evicted(), v.node());
            } else {
                assertTrue(v.evicted(), "the dead client is evicted at expiry");
                assertEquals(ExportState.EVICTED, v.export());
            }
        }
    }

    /** Milliseconds from the failover to each live client's reconnect, after {@code wait} with no help. */
    private List<Long> reconnectDelaysWithoutHelp(SimClusterBuilder b, Duration wait) {
        SimCluster c = b.target(TGT).ir(false).clock(clock).build();
        Instant failover = clock.instant();
        c.failover();
        clock.advance(wait);
        return c.clients().stream()
                .map(v -> Duration.between(failover, v.reconnectedAt().orElseThrow(() -> new AssertionError(v.node() + " not back"))).toMillis())
                .sorted().toList();
    }

    @Test
    void withAdaptiveTimeoutsClientsWithoutHelpAreBackIn11To41Seconds() {
        // ptlrpc_pinger: pings every PING_INTERVAL (25 s), so a client's next ping goes 0..25 s after the
        // failover; ptlrpc_at_set_req_timeout gives it at_est2timeout(est) = est*1.25 + 5 s (6..11 s for a
        // 1..5 s estimate); import_select_connection then tries the dead NID (INITIAL_CONNECT_TIMEOUT
        // 5 s) before the failover NID; + 0.2 s for the connect that succeeds
        List<Long> ms = reconnectDelaysWithoutHelp(SimCluster.builder().clients(60).seed(21), Duration.ofSeconds(45));
        assertEquals(60, ms.size());
        assertTrue(ms.get(0) >= 11_000, "earliest " + ms.get(0) + " ms");
        assertTrue(ms.get(ms.size() - 1) <= 41_000 + 200, "latest " + ms.get(ms.size() - 1) + " ms");
        // the delays are per client, not one fixed value: with 60 clients over a 30 s range the seeded
        // phases and estimates spread them out (a fixed delay would make first == last)
        assertTrue(ms.get(ms.size() - 1) - ms.get(0) >= 15_000, "spread " + ms);
    }

    @Test
    void withAtMaxZeroClientsWithoutHelpWaitTheFullObdTimeout() {
        // at_max=0 (obd_at_off): ptlrpc_at_set_req_timeout uses rq_timeout = obd_timeout = 100 s, so
        // 0..25 s of ping phase + 100 s + 5 s for the dead NID
        SimClusterBuilder b = SimCluster.builder().clients(60).seed(21).atMax(0);
        SimCluster early = b.target(TGT).ir(false).clock(clock).build();
        early.failover();
        clock.advance(Duration.ofSeconds(104));
        assertEquals(0, early.target().connected(), "nobody notices before 105 s without adaptive timeouts");

        List<Long> ms = reconnectDelaysWithoutHelp(SimCluster.builder().clients(60).seed(21).atMax(0), Duration.ofSeconds(131));
        assertTrue(ms.get(0) >= 105_000, "earliest " + ms.get(0) + " ms");
        assertTrue(ms.get(ms.size() - 1) <= 130_000 + 200, "latest " + ms.get(ms.size() - 1) + " ms");
        assertTrue(ms.get(ms.size() - 1) - ms.get(0) >= 10_000, "the ping phase still spreads them: " + ms);
    }

    @Test
    void atMaxZeroCanAlsoComeWithTheTimingAndAnExplicitNoticeDelayWins() {
        // SimTiming.atMax(0) is the same switch as the builder's
        List<Long> viaTiming = reconnectDelaysWithoutHelp(
                SimCluster.builder().clients(10).seed(22).timing(new SimTiming().atMax(0)), Duration.ofSeconds(131));
        assertTrue(viaTiming.get(0) >= 105_000, viaTiming.toString());
        // a fixed notice delay is used as given, with adaptive timeouts on or off
        List<Long> fixed = reconnectDelaysWithoutHelp(SimCluster.builder().clients(10).seed(22)
                .timing(new SimTiming().noticeDelay(Duration.ofSeconds(70), Duration.ZERO)), Duration.ofSeconds(71));
        assertEquals(List.of(70_200L), fixed.stream().distinct().toList());
    }

    @Test
    void atEst2TimeoutIsTheKernelsIntegerArithmetic() {
        // lustre_import.h: timeout + (timeout >> 2) + 5, in whole seconds: a 1..3 s estimate gets no 25%
        assertEquals(6, SimTiming.atEst2Timeout(1));
        assertEquals(8, SimTiming.atEst2Timeout(3));
        assertEquals(10, SimTiming.atEst2Timeout(4));
        assertEquals(11, SimTiming.atEst2Timeout(5));
        assertEquals(755, SimTiming.atEst2Timeout(600), "at_max 600 s: the longest adaptive RPC timeout");
    }

    @Test
    void withIrFullLiveClientsAreBackIn5To10SecondsAndTheWindowIs150() {
        SimCluster c = SimCluster.builder().target(TGT).clients(20).ir(true).seed(12).clock(clock).build();
        Instant failover = clock.instant();
        c.failover();
        assertEquals(150, c.target().recoveryTimeoutSec(), "soft 300 * ir_factor 5 / 10");
        clock.advance(Duration.ofSeconds(11));
        for (ClientView v : c.clients()) {
            long ms = Duration.between(failover, v.reconnectedAt().orElseThrow()).toMillis();
            assertTrue(ms >= 5_000 && ms <= 10_000 + 200, v.node() + " reconnected after " + ms + " ms");
        }
        assertTrue(c.target().windowClosedAt().isPresent(), "everyone is back: the window closes at once");
        clock.advance(Duration.ofSeconds(3)); // 2 s of replay
        TargetView t = c.target();
        assertEquals(RecoveryState.COMPLETE, t.status());
        assertEquals("ALL_CONNECTED", t.closedBy().orElseThrow());
        String status = ok(c.lctl("oss2"), "get_param", "-n", "obdfilter." + TGT + ".recovery_status");
        assertTrue(status.contains("completed_clients: 20/20\nreplayed_requests: 60\n"), status);
        assertTrue(status.contains("VBR: DISABLED\nIR: ENABLED\n"), status);
    }

    @Test
    void withIrADeadClientStillCostsTheShrunkWindow() {
        SimCluster c = SimCluster.builder().target(TGT).clients(10).dead(2).ir(true).seed(13).clock(clock).build();
        c.failover();
        clock.advance(Duration.ofSeconds(400));
        TargetView t = c.target();
        assertEquals(RecoveryState.COMPLETE, t.status());
        assertEquals(150, secondsBetween(t.recoveryStart().orElseThrow(), t.windowClosedAt().orElseThrow()));
        assertTrue(t.vbr());
        assertEquals(8, t.completed());
    }

    @Test
    void aNoIrClientMakesTheMgsPartialSoTheWindowIsNotShrunk() {
        SimCluster c = SimCluster.builder().target(TGT).clients(5).noIrClients(1).ir(true).seed(14).clock(clock).build();
        c.failover();
        TargetView t = c.target();
        assertEquals(IrState.PARTIAL, t.mgsIrState());
        assertEquals(300, t.recoveryTimeoutSec());
        assertFalse(t.irEnabled());
        clock.advance(Duration.ofSeconds(11));
        assertEquals(4, c.target().connected(), "IR-capable clients are still notified");
        clock.advance(Duration.ofSeconds(130));
        TargetView done = c.target();
        assertEquals(RecoveryState.COMPLETE, done.status(), "the no-IR client came back on its own");
        assertTrue(ok(c.lctl("oss2"), "get_param", "-n", "obdfilter.*.recovery_status").contains("IR: DISABLED\n"));
    }

    /** Operator-style: reconnect every live client now, then evict exactly the dead UUIDs. */
    private SimCluster reconnectLiveClients(int clients, int dead, SimTiming timing) {
        SimCluster c = SimCluster.builder().target(TGT).clients(clients).dead(dead).ir(false).seed(15)
                .timing(timing).clock(clock).build();
        c.failover();
        long instance = c.target().instance();
        String nid = c.target().servingNid();
        for (ClientView v : c.clients()) {
            if (v.alive()) {
                String out = ok(c.lctl(v.node()), "set_param", "osc." + v.device() + ".import=connection=" + nid + "::" + instance);
                assertEquals("osc." + v.device() + ".import=connection=" + nid + "::" + instance + "\n", out);
            }
        }
        clock.advance(Duration.ofSeconds(1));
        assertEquals(clients - dead, c.target().connected());
        return c;
    }

    @Test
    void evictingExactlyTheDeadClosesTheWindowAtTheNextRecheckAndKeepsLiveReplay() {
        Instant failover = clock.instant();
        SimCluster c = reconnectLiveClients(10, 2, new SimTiming());
        clock.advance(Duration.ofSeconds(24)); // now +25 s
        LctlRunner oss2 = c.lctl("oss2");
        for (String uuid : c.deadClientUuids()) {
            ok(oss2, "set_param", "obdfilter." + TGT + ".evict_client=uuid:" + uuid);
        }
        TargetView t = c.target();
        assertEquals(8 + 2, t.connected() + t.evicted(), "connected + evicted reached the total");
        assertEquals(RecoveryState.RECOVERING, t.status(), "but eviction does not wake the recovery thread");

        clock.advance(Duration.ofSeconds(34)); // +59 s
        assertTrue(c.target().windowClosedAt().isEmpty());
        clock.advance(Duration.ofSeconds(5)); // +64 s: the 60 s wait_event_timeout came round at +60 s
        t = c.target();
        assertEquals(failover.plusSeconds(60), t.windowClosedAt().orElseThrow());
        assertEquals("EVICTIONS", t.closedBy().orElseThrow());
        assertEquals(RecoveryState.COMPLETE, t.status());
        assertFalse(t.vbr(), "no timer expiry: VBR stays off");
        assertEquals(8, t.completed());
        for (ClientView v : c.clients()) {
            if (v.alive()) {
                assertTrue(v.replayKept() && !v.evicted() && v.importState() == ImportState.FULL, v.toString());
            } else {
                assertTrue(v.evicted(), v.toString());
            }
        }
    }

    @Test
    void theRecheckIntervalIsConfigurable() {
        Instant failover = clock.instant();
        SimCluster c = reconnectLiveClients(6, 1, new SimTiming().recheckInterval(Duration.ofSeconds(10)));
        clock.advance(Duration.ofSeconds(24)); // +25 s
        ok(c.lctl("oss2"), "set_param", "obdfilter." + TGT + ".evict_client=" + c.deadClientUuids().get(0));
        clock.advance(Duration.ofSeconds(10));
        assertEquals(failover.plusSeconds(30), c.target().windowClosedAt().orElseThrow());
    }

    @Test
    void aReconnectAfterTheEvictionWakesTheThreadEarlier() {
        // one slow live client comes back at ~+20 s; the dead one was evicted at +1 s: its reconnect
        // (and the replay RPCs that follow it) wake the thread, which then sees connected + evicted = total
        Instant failover = clock.instant();
        SimCluster c = SimCluster.builder().target(TGT).clients(4).deadNodes("c004").slowNode("c003", Duration.ofSeconds(20))
                .ir(false).seed(16).clock(clock).build();
        c.failover();
        long inst = c.target().instance();
        for (String n : List.of("c001", "c002", "c003")) {
            ok(c.lctl(n), "set_param", "osc.*.import=connection=10.0.0.12@tcp::" + inst);
        }
        clock.advance(Duration.ofSeconds(1));
        ok(c.lctl("oss2"), "set_param", "obdfilter." + TGT + ".evict_client=" + c.client("c004").uuid());
        clock.advance(Duration.ofSeconds(30));
        Instant closed = c.target().windowClosedAt().orElseThrow();
        // the connect itself does not wake it (connected 3 != max 4); its first replay does, one round trip later
        assertEquals(c.client("c003").reconnectedAt().orElseThrow().plusMillis(200), closed);
        assertTrue(Duration.between(failover, closed).toMillis() < 60_000);
    }

    @Test
    void unknownUuidEvictionIsHarmless() {
        SimCluster c = reconnectLiveClients(4, 1, new SimTiming());
        var r = c.lctl("oss2").run(List.of("set_param", "obdfilter." + TGT + ".evict_client=uuid:00000000-dead-beef-0000-000000000000"));
        assertEquals(0, r.exitCode(), "evict_client_store returns count even when no export matches");
        assertEquals(0, c.target().evicted());
        assertEquals(RecoveryState.RECOVERING, c.recoveryStatus());
    }

    @Test
    void abortRecoveryEvictsConnectedButUnfinishedClientsToo() {
        SimCluster c = SimCluster.builder().target(TGT).clients(6).deadNodes("c006").quietClients(2).ir(false)
                .seed(17).clock(clock).build();
        c.failover();
        long inst = c.target().instance();
        for (ClientView v : c.clients()) {
            if (v.alive()) {
                ok(c.lctl(v.node()), "set_param", "osc." + v.device() + ".import=connection=10.0.0.12@tcp::" + inst);
            }
        }
        clock.advance(Duration.ofSeconds(10));
        Instant abortAt = clock.instant();
        assertEquals("", ok(c.lctl("oss2"), "--device", TGT, "abort_recovery"));
        TargetView t = c.target();
        assertEquals(RecoveryState.COMPLETE, t.status(), "abort_recovery blocks until recovery is over");
        assertEquals(abortAt, t.windowClosedAt().orElseThrow());
        assertEquals("ABORT", t.closedBy().orElseThrow());
        clock.advance(Duration.ofSeconds(5));
        int kept = 0;
        for (ClientView v : c.clients()) {
            if (!v.alive()) {
                assertTrue(v.evicted());
                continue;
            }
            assertEquals(ImportState.FULL, v.importState(), v.toString());
            if (v.replayKept()) {
                kept++; // quiet clients had sent their final ping: exp_finished, not evicted
            } else {
                assertTrue(v.evicted(), v.toString());
                String state = ok(c.lctl(v.node()), "get_param", "-n", "osc.*.state");
                assertTrue(state.contains(", EVICTED ]\n"), state);
                assertTrue(ok(c.lctl(v.node()), "get_param", "-n", "osc.*.import").contains("       generation: 2\n"));
            }
        }
        assertEquals(2, kept);
        assertTrue(ok(c.lctl("oss2"), "get_param", "-n", "obdfilter.*.recovery_status").contains("completed_clients: 2/6\n"));
    }

    @Test
    void aClientEvictedByTheSoftTimerComesBackEvictedAndWithoutItsReplay() {
        SimCluster c = SimCluster.builder().target(TGT).clients(3).slowNode("c003", Duration.ofSeconds(400))
                .ir(true).seed(18).clock(clock).build();
        c.failover();
        clock.advance(Duration.ofSeconds(900)); // each of its connects takes 400 s
        assertEquals(RecoveryState.COMPLETE, c.recoveryStatus());
        ClientView slow = c.client("c003");
        assertTrue(slow.evicted());
        assertFalse(slow.replayKept());
        assertEquals(ImportState.FULL, slow.importState(), "reconnected as a new client");
        assertTrue(c.client("c001").replayKept());
    }

    @Test
    void idleImportsAreHealthyAndNotRecoverable() {
        SimCluster c = SimCluster.builder().target(TGT).clients(4).idleNodes("c002").ir(true).seed(19).clock(clock).build();
        c.failover();
        assertEquals(3, c.target().total(), "an idle-disconnected client is not in last_rcvd");
        assertEquals(ImportState.IDLE, c.client("c002").importState());
        assertTrue(ImportState.IDLE.isReconnected());
        assertEquals("", ok(c.lctl("c002"), "--device", c.client("c002").device(), "recover"));
        assertEquals(ImportState.IDLE, c.client("c002").importState());
        clock.advance(Duration.ofSeconds(20));
        assertEquals(RecoveryState.COMPLETE, c.recoveryStatus());
    }

    @Test
    void flappingClientsNeedSeveralAttempts() {
        SimCluster c = SimCluster.builder().target(TGT).clients(2).flapping(1, 3, Duration.ofSeconds(10)).ir(true)
                .seed(20).clock(clock).build();
        c.failover();
        clock.advance(Duration.ofSeconds(90));
        assertEquals(RecoveryState.COMPLETE, c.recoveryStatus());
        int maxAttempts = 0;
        for (ClientView v : c.clients()) {
            String imp = ok(c.lctl(v.node()), "get_param", "-n", "osc.*.import");
            int attempts = Integer.parseInt(imp.replaceAll("(?s).*connection_attempts: (\\d+).*", "$1"));
            maxAttempts = Math.max(maxAttempts, attempts);
        }
        assertEquals(1 + 4, maxAttempts, "mount-time connect + 3 failures + the success");
    }
}
