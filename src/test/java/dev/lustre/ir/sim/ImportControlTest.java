package dev.lustre.ir.sim;

import dev.lustre.ir.lustre.ImportState;
import dev.lustre.ir.lustre.RecoveryState;
import dev.lustre.ir.lustre.CommandResult;
import dev.lustre.ir.lustre.LctlRunner;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import static dev.lustre.ir.sim.SimTestSupport.lctl;
import static dev.lustre.ir.sim.SimTestSupport.ok;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Telling a client to reconnect: set_param import=connection=... and lctl --device ... recover. */
class ImportControlTest {

    private static final String TGT = "lustre-OST0001";
    private static final String NEW_NID = "10.0.0.12@tcp";
    private final ManualClock clock = SimClock.manual();

    private SimCluster cluster(int clients, String... dead) {
        return SimCluster.builder().target(TGT).clients(clients).deadNodes(dead).ir(false).seed(31).clock(clock).build();
    }

    private static int attempts(LctlRunner r) {
        String imp = ok(r, "get_param", "-n", "osc.*.import");
        return Integer.parseInt(imp.replaceAll("(?s).*connection_attempts: (\\d+).*", "$1"));
    }

    @Test
    void setParamReconnectsAtOnceAndIsIdempotentForTheCurrentInstance() {
        SimCluster c = cluster(2);
        c.failover();
        LctlRunner c1 = c.lctl("c001");
        String dev = c.client("c001").device();
        Instant before = clock.instant();
        String value = "connection=" + NEW_NID + "::5";
        assertEquals("osc." + dev + ".import=" + value + "\n", ok(c1, "set_param", "osc." + dev + ".import=" + value));
        assertEquals(ImportState.CONNECTING, c.client("c001").importState(), "asynchronous: returns at once");
        clock.advance(Duration.ofMillis(300));
        ClientView v = c.client("c001");
        assertEquals(ImportState.REPLAY, v.importState());
        assertEquals(NEW_NID, v.currentConnection());
        assertEquals(5, v.connectInstance());
        assertEquals(Duration.ofMillis(200), Duration.between(before, v.reconnectedAt().orElseThrow()));

        int n = attempts(c1);
        ok(c1, "set_param", "osc." + dev + ".import=" + value); // same instance: nothing happens
        ok(c1, "set_param", "-n", "osc.*.import=" + value);
        clock.advance(Duration.ofSeconds(5));
        assertEquals(n, attempts(c1));
        assertEquals(ImportState.REPLAY, c.client("c001").importState());
        assertEquals("", ok(c1, "set_param", "-n", "osc.*.import=" + value));
    }

    @Test
    void setParamValidatesTheValueLikeTheKernel() {
        SimCluster c = cluster(1);
        c.failover();
        LctlRunner c1 = c.lctl("c001");
        String dev = c.client("c001").device();
        String file = "/sys/kernel/debug/lustre/osc/" + dev + "/import";

        CommandResult noAt = lctl(c1, "set_param", "osc." + dev + ".import=connection=10.0.0.12");
        assertEquals(22, noAt.exitCode());
        assertEquals("error: set_param: setting " + file + "=connection=10.0.0.12: Invalid argument\n", noAt.stderr());
        assertEquals("", noAt.stdout());

        CommandResult noPrefix = lctl(c1, "set_param", "osc." + dev + ".import=" + NEW_NID);
        assertEquals(22, noPrefix.exitCode());

        CommandResult noParam = lctl(c1, "set_param", "osc.nosuchdev.import=connection=" + NEW_NID);
        assertEquals(2, noParam.exitCode());
        assertEquals("error: set_param: param_path 'osc/nosuchdev/import': No such file or directory\n", noParam.stderr());
    }

    @Test
    void aNidOutsideFailoverNidsIsIgnoredBySetParamAndRefusedByRecover() {
        SimCluster c = cluster(1);
        c.failover();
        LctlRunner c1 = c.lctl("c001");
        String dev = c.client("c001").device();
        int n = attempts(c1);
        // ldebugfs_import_seq_write drops ptlrpc_recover_import's -ENOENT: the write "succeeds"
        assertEquals(0, lctl(c1, "set_param", "osc." + dev + ".import=connection=10.9.9.9@tcp::5").exitCode());
        clock.advance(Duration.ofSeconds(2));
        assertEquals(n, attempts(c1), "no connect attempt was made");
        assertEquals(ImportState.DISCONN, c.client("c001").importState());
        // the synchronous ioctl does report it
        CommandResult r = lctl(c1, "--device", dev, "recover", "10.9.9.9@tcp");
        assertEquals(2, r.exitCode());
        assertEquals("error: recover: No such file or directory\n", r.stderr());
    }

    @Test
    void aWrongNidOnAFullImportDisconnectsItUntilThePingerReconnects() {
        SimCluster c = cluster(1);
        LctlRunner c1 = c.lctl("c001");
        String dev = c.client("c001").device();
        // before any failover the import is FULL on the primary at instance 4; an old instance forces the
        // reconnect path, which first disconnects the FULL import and then fails to find the NID
        assertEquals(0, lctl(c1, "set_param", "osc." + dev + ".import=connection=10.9.9.9@tcp::3").exitCode());
        assertEquals(ImportState.DISCONN, c.client("c001").importState());
        clock.advance(Duration.ofSeconds(6));
        assertEquals(ImportState.FULL, c.client("c001").importState());
        assertEquals("10.0.0.11@tcp", c.client("c001").currentConnection());
    }

    @Test
    void recoverWaitsUntilTheImportLeavesRecovery() {
        SimCluster c = cluster(1);
        c.failover();
        Instant t0 = clock.instant();
        String dev = c.client("c001").device();
        // the only client: its reconnect closes the window; the call returns when it is FULL
        assertEquals("", ok(c.lctl("c001"), "--device", dev, "recover", NEW_NID));
        assertEquals(ImportState.FULL, c.client("c001").importState());
        long took = Duration.between(t0, clock.instant()).toMillis();
        assertTrue(took >= 2_000 && took <= 2_500, "connect + replay, took " + took + " ms (the sleeper advanced the clock)");
        assertEquals(RecoveryState.COMPLETE, c.recoveryStatus());
    }

    @Test
    void recoverTimesOutWhileTheTargetWaitsForOthers() {
        SimCluster c = cluster(2, "c002");
        c.failover();
        Instant t0 = clock.instant();
        String dev = c.client("c001").device();
        CommandResult r = lctl(c.lctl("c001"), "--device", "%" + dev, "recover");
        assertEquals(110, r.exitCode());
        assertEquals("error: recover: Connection timed out\n", r.stderr());
        assertEquals(100, Duration.between(t0, clock.instant()).toSeconds(), "waited obd_timeout");
        assertEquals(ImportState.REPLAY, c.client("c001").importState(), "connected, waiting for the window");
        // 2.16+ (LU-17142): a second recover on the replaying import does not say EALREADY, it blocks
        // another obd_timeout (RecoverVersionTest has the per-version cases)
        Instant t1 = clock.instant();
        CommandResult again = lctl(c.lctl("c001"), "--device", dev, "recover");
        assertEquals(110, again.exitCode());
        assertEquals(100, Duration.between(t1, clock.instant()).toSeconds());
    }

    @Test
    void recoverByDeviceNumberAndOnTheMdsOspDevice() {
        SimCluster c = SimCluster.builder().target(TGT).clients(1).mdsClient("mds1", "MDT0000").ir(false).seed(32)
                .clock(clock).build();
        c.failover();
        ok(c.lctl("mds1"), "set_param", "osp." + TGT + "-osc-MDT0000.import=connection=" + NEW_NID + "::5");
        ok(c.lctl("c001"), "--device", "1", "recover");
        assertEquals(ImportState.FULL, c.client("mds1").importState());
        assertEquals(ImportState.FULL, c.client("c001").importState());
        assertEquals(TGT + "_UUID\tFULL\n",
                ok(c.lctl("mds1"), "get_param", "-n", "osp." + TGT + "-osc-MDT0000.ost_server_uuid"));
        CommandResult wrong = lctl(c.lctl("c001"), "--device", TGT, "recover");
        assertEquals(19, wrong.exitCode(), wrong.stderr());
        CommandResult notTarget = lctl(c.lctl("c001"), "--device", c.client("c001").device(), "abort_recovery");
        assertEquals(25, notTarget.exitCode());
        assertEquals("error: abort_recovery: Inappropriate ioctl for device\n", notTarget.stderr());
    }

    @Test
    void aDeadNodesLctlCannotRun() {
        SimCluster c = cluster(2, "c002");
        LctlRunner dead = c.lctl("c002");
        SimNodeDownException e = assertThrows(SimNodeDownException.class, () -> dead.run(List.of("dl")));
        assertEquals("c002", e.node());
        assertThrows(IllegalArgumentException.class, () -> c.lctl("c999"));
        c.kill("c001");
        assertThrows(SimNodeDownException.class, () -> c.lctl("c001").run(List.of("dl")));
    }
}
