package dev.lustre.ir.sim;

import dev.lustre.ir.lustre.RecoveryState;
import dev.lustre.ir.lustre.CommandResult;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static dev.lustre.ir.sim.SimTestSupport.ok;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ScenarioVariantsTest {

    private final ManualClock clock = SimClock.manual();

    @Test
    void anMdtTargetUsesMdcDevicesAndTheMdtNamespace() {
        SimCluster c = SimCluster.builder().fsName("fs1").target("fs1-MDT0000").serverNode("mds2")
                .serverNids("10.0.1.1@o2ib", "10.0.1.2@o2ib").clients(3).deadNodes("c003").ir(false).seed(41)
                .clock(clock).build();
        assertEquals("mds1", c.primaryNode());
        String dev = c.client("c001").device();
        assertTrue(dev.matches("fs1-MDT0000-mdc-ffff88[0-9a-f]{10}"), dev);
        assertTrue(ok(c.lctl("c001"), "dl").contains(" UP mdc " + dev + " "));
        c.failover();
        assertEquals("status: WAITING_FOR_CLIENTS\n", ok(c.lctl("mds2"), "get_param", "-n", "mdt.fs1-MDT0000.recovery_status"));
        ok(c.lctl("c001"), "set_param", "mdc." + dev + ".import=connection=10.0.1.2@o2ib::5");
        clock.advance(Duration.ofSeconds(1));
        assertEquals("fs1-MDT0000_UUID\tREPLAY\n", ok(c.lctl("c001"), "get_param", "-n", "mdc.*.mds_server_uuid"));
        assertTrue(ok(c.lctl("c001"), "get_param", "-n", "mdc.*.import").contains("       max_mod_rpcs: 8\n"));
        ok(c.lctl("mds2"), "set_param", "mdt.fs1-MDT0000.evict_client=" + c.client("c003").uuid());
        assertEquals("", ok(c.lctl("mds2"), "--device", "fs1-MDT0000", "abort_recovery"));
        String st = ok(c.lctl("mds2"), "get_param", "-n", "mdt.fs1-MDT0000.recovery_status");
        assertTrue(st.startsWith("status: COMPLETE\n") && st.contains("completed_clients: 0/3\n"), st);
    }

    @Test
    void pastTheHardLimitTheTimerAborts() {
        SimCluster c = SimCluster.builder().target("lustre-OST0001").clients(2).deadNodes("c002").ir(false)
                .recoveryTimeSoft(Duration.ofSeconds(1000)).recoveryTimeHard(Duration.ofSeconds(900)).seed(42)
                .clock(clock).build();
        c.failover();
        clock.advance(Duration.ofSeconds(1200));
        TargetView t = c.target();
        assertEquals(RecoveryState.COMPLETE, t.status());
        assertEquals("HARD_TIMEOUT", t.closedBy().orElseThrow());
        assertTrue(c.client("c001").evicted(), "an abort evicts the busy connected client too");
    }

    @Test
    void nextEventAtLetsASandboxPace() {
        SimCluster c = SimCluster.builder().target("lustre-OST0001").clients(2).ir(true).seed(43).clock(clock).build();
        assertTrue(c.nextEventAt().isEmpty());
        c.failover();
        long in = Duration.between(clock.instant(), c.nextEventAt().orElseThrow()).toSeconds();
        assertTrue(in >= 5 && in <= 10, "first IR notification in " + in + " s");
    }

    @Test
    void concurrentLctlCallsOnAScaledClock() throws Exception {
        ScaledClock fast = new ScaledClock(System.currentTimeMillis(), System.currentTimeMillis(), 2000);
        SimCluster c = SimCluster.builder().target("lustre-OST0001").clients(12).ir(false).seed(44).clock(fast).build();
        c.failover();
        ExecutorService pool = Executors.newFixedThreadPool(6);
        try {
            List<Future<CommandResult>> results = new ArrayList<>();
            for (String node : c.clientNodes()) {
                results.add(pool.submit(() -> {
                    // what the node agent does: ask for the reconnect, then poll the import
                    var r = c.lctl(node);
                    String dev = c.client(node).device();
                    r.run(List.of("set_param", "osc." + dev + ".import=connection=10.0.0.12@tcp::5"));
                    CommandResult st;
                    do {
                        fast.sleep(Duration.ofSeconds(1));
                        st = r.run(List.of("get_param", "-n", "osc." + dev + ".ost_server_uuid"));
                    } while (!st.stdout().endsWith("\tFULL\n"));
                    return st;
                }));
            }
            for (Future<CommandResult> f : results) {
                CommandResult r = f.get(30, TimeUnit.SECONDS);
                assertEquals(0, r.exitCode(), r.stderr());
            }
        } finally {
            pool.shutdownNow();
        }
        assertEquals(RecoveryState.COMPLETE, c.recoveryStatus());
        assertEquals(12, c.target().completed());
    }
}
