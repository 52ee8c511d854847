package dev.lustre.ir.sim;

import dev.lustre.ir.lustre.CommandResult;
import dev.lustre.ir.lustre.LctlRunner;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;

import static dev.lustre.ir.sim.SimTestSupport.lctl;
import static dev.lustre.ir.sim.SimTestSupport.ok;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The text lctl prints, state by state, against the formats in reference/lustre-recovery.md. */
class LctlFormatsTest {

    private static final String TGT = "lustre-OST0001";
    private static final String STATUS = "obdfilter." + TGT + ".recovery_status";

    private final ManualClock clock = SimClock.manual();
    private final long f = clock.epochSeconds(); // the failover happens at the start

    /** 3 clients, one dead; no IR; every live client reconnects exactly 105 s after the failover. */
    private SimCluster cluster(LustreVersion v) {
        SimTiming timing = new SimTiming().noticeDelay(Duration.ofSeconds(105), Duration.ZERO);
        return SimCluster.builder().target(TGT).serverNode("oss2").primaryNode("oss1")
                .serverNids("10.0.0.11@tcp", "10.0.0.12@tcp").clients(3).deadNodes("c002").ir(false)
                .version(v).seed(1).clock(clock).timing(timing).build();
    }

    @Test
    void recoveryStatusThroughEveryState() {
        SimCluster c = cluster(LustreVersion.V2_16);
        LctlRunner oss1 = c.lctl("oss1");
        LctlRunner oss2 = c.lctl("oss2");

        // no client in last_rcvd when the target was mounted: one line
        assertEquals(STATUS + "=status: INACTIVE\n", ok(oss1, "get_param", STATUS));
        // the target is not on oss2 yet
        CommandResult none = lctl(oss2, "get_param", STATUS);
        assertEquals(2, none.exitCode());
        assertEquals("error: get_param: param_path 'obdfilter/" + TGT + "/recovery_status': No such file or directory\n",
                none.stderr());

        c.failover();
        assertEquals(STATUS + "=status: WAITING_FOR_CLIENTS\n", ok(oss2, "get_param", STATUS));
        assertEquals("status: WAITING_FOR_CLIENTS\n", ok(oss2, "get_param", "-n", STATUS));
        assertEquals("obdfilter." + TGT + ".instance=5\n", ok(oss2, "get_param", "obdfilter.*.instance"));

        clock.advance(Duration.ofSeconds(110)); // the two live clients reconnected at +105.2 s
        String expected = STATUS + "=\n"
                + "status: RECOVERING\n"
                + "recovery_start: " + (f + 105) + "\n"
                + "time_remaining: 295\n"
                + "connected_clients: 2/3\n"
                + "req_replay_clients: 2\n"
                + "lock_repay_clients: 2\n"
                + "completed_clients: 0\n"
                + "evicted_clients: 0\n"
                + "replayed_requests: 0\n"
                + "queued_requests: 2\n"
                + "next_transno: 4294968531\n";
        assertEquals(expected, ok(oss2, "get_param", STATUS));

        String dead = c.client("c002").uuid();
        assertEquals("obdfilter." + TGT + ".recovery_stale_clients=" + dead + "\n",
                ok(oss2, "get_param", "obdfilter." + TGT + ".recovery_stale_clients"));
        assertEquals("", ok(oss2, "set_param", "-n", "obdfilter." + TGT + ".evict_client=uuid:" + dead));
        // evicted: no longer stale, counted as evicted; the window closes at the next 60 s re-check
        assertEquals("obdfilter." + TGT + ".recovery_stale_clients=\n",
                ok(oss2, "get_param", "obdfilter." + TGT + ".recovery_stale_clients"));
        assertTrue(ok(oss2, "get_param", STATUS).contains("evicted_clients: 1\n"));

        clock.advance(Duration.ofSeconds(20)); // re-check at +120 s, replay until +122 s
        String complete = STATUS + "=\n"
                + "status: COMPLETE\n"
                + "recovery_start: " + (f + 105) + "\n"
                + "recovery_duration: 17\n"
                + "completed_clients: 2/3\n"
                + "replayed_requests: 6\n"
                + "last_transno: 4294968536\n"
                + "VBR: DISABLED\n"
                + "IR: DISABLED\n";
        assertEquals(complete, ok(oss2, "get_param", STATUS));
        assertEquals("", ok(oss2, "get_param", "-n", "obdfilter." + TGT + ".recovery_stale_clients"));
    }

    @Test
    void importFile216QuotesNidsAndShowsNidsStats() {
        SimCluster c = cluster(LustreVersion.V2_16);
        LctlRunner c1 = c.lctl("c001");
        String dev = c.client("c001").device();
        c.failover();
        String disc = ok(c1, "get_param", "-n", "osc." + dev + ".import");
        assertTrue(disc.startsWith("import:\n    name: " + dev + "\n    target: " + TGT + "_UUID\n    state: DISCONN\n"), disc);
        assertTrue(disc.contains("       failover_nids: [ \"10.0.0.11@tcp\", \"10.0.0.12@tcp\" ]\n"), disc);
        assertTrue(disc.contains("       current_connection: \"<none>\"\n"), disc);
        assertTrue(disc.contains("       instance: 4\n"), disc);

        clock.advance(Duration.ofSeconds(200)); // soft timer has not run out: still REPLAY
        String imp = ok(c1, "get_param", "osc." + dev + ".import");
        assertTrue(imp.startsWith("osc." + dev + ".import=\nimport:\n"), imp);
        assertTrue(imp.contains("    state: REPLAY\n"), imp);
        assertTrue(imp.contains("    connect_data:\n       flags: "), imp);
        assertTrue(imp.contains("       instance: 5\n"), imp);
        assertTrue(imp.contains("       nids_stats:\n          \"10.0.0.11@tcp\": { connects: 2, replied: 1, uptodate: unreachable, sec_ago: 100 }\n"
                + "          \"10.0.0.12@tcp\": { connects: 1, replied: 1, uptodate: uptodate, sec_ago: 95 }\n"
                + "       current_connection: \"10.0.0.12@tcp\"\n"
                + "       connection_attempts: 3\n"
                + "       generation: 1\n"
                + "       in-progress_invalidations: 0\n"), imp);
        assertTrue(imp.endsWith("       last_checked: 4294968530\n"), imp);
    }

    @Test
    void importFile212IsUnquotedWithoutNidsStats() {
        SimCluster c = cluster(LustreVersion.V2_12);
        LctlRunner c1 = c.lctl("c001");
        c.failover();
        String disc = ok(c1, "get_param", "-n", "osc.*.import");
        assertTrue(disc.contains("       failover_nids: [ 10.0.0.11@tcp, 10.0.0.12@tcp ]\n"
                + "       current_connection: <none>\n"), disc);
        assertFalse(disc.contains("nids_stats"), disc);
        assertTrue(disc.contains("       target_version: 2.12.9.0\n"), disc);
        clock.advance(Duration.ofSeconds(110));
        assertTrue(ok(c1, "get_param", "-n", "osc.*.import").contains("       current_connection: 10.0.0.12@tcp\n"));

        // b2_12 has no recovery_stale_clients, and printed recovery_start as a monotonic value
        LctlRunner oss2 = c.lctl("oss2");
        CommandResult stale = lctl(oss2, "get_param", "-n", "obdfilter." + TGT + ".recovery_stale_clients");
        assertEquals(2, stale.exitCode());
        assertEquals("", stale.stdout());
        assertEquals("error: get_param: param_path 'obdfilter/" + TGT + "/recovery_stale_clients': No such file or directory\n",
                stale.stderr());
        long monotonic = Duration.ofDays(3).toSeconds() + 105;
        assertTrue(ok(oss2, "get_param", "-n", STATUS).contains("recovery_start: " + monotonic + "\n"));
    }

    @Test
    void stateFileShowsEpochHistory() {
        SimCluster c = cluster(LustreVersion.V2_16);
        c.failover();
        LctlRunner oss2 = c.lctl("oss2");
        ok(oss2, "set_param", "obdfilter." + TGT + ".evict_client=" + c.client("c002").uuid());
        clock.advance(Duration.ofSeconds(200));
        String dev = c.client("c003").device();
        String state = ok(c.lctl("c003"), "get_param", "osc." + dev + ".state");
        assertTrue(state.startsWith("osc." + dev + ".state=\ncurrent_state: FULL\nstate_history:\n"), state);
        // the failover and what followed; the connection made at mount time comes first. The dead client
        // was evicted before anyone reconnected, so the last reconnect (+105.2 s) closes the window and
        // replay takes 2 s.
        String tail = " - [ " + f + ", DISCONN ]\n"
                + " - [ " + (f + 100) + ", CONNECTING ]\n"
                + " - [ " + (f + 105) + ", DISCONN ]\n"
                + " - [ " + (f + 105) + ", CONNECTING ]\n"
                + " - [ " + (f + 105) + ", REPLAY ]\n"
                + " - [ " + (f + 106) + ", REPLAY_LOCKS ]\n"
                + " - [ " + (f + 106) + ", REPLAY_WAIT ]\n"
                + " - [ " + (f + 107) + ", RECOVER ]\n"
                + " - [ " + (f + 107) + ", FULL ]\n";
        assertTrue(state.endsWith(tail), state);
        assertTrue(state.contains(", CONNECTING ]\n - [ "), state);
        assertEquals("osc." + dev + ".ost_server_uuid=" + TGT + "_UUID\tFULL\n",
                ok(c.lctl("c003"), "get_param", "osc.*.ost_server_uuid"));
    }

    @Test
    void deviceListColumnFiveIsTheClientUuid() {
        SimCluster c = SimCluster.builder().target(TGT).clients(2).mountsPerClient(2).mdsClient("mds1", "MDT0000")
                .seed(3).clock(clock).build();
        String dl = ok(c.lctl("c001"), "dl");
        List<String> lines = dl.lines().toList();
        assertEquals(3, lines.size(), dl);
        assertTrue(lines.get(0).matches("  0 UP mgc MGC10\\.0\\.0\\.1@tcp [0-9a-f-]{36} 5"), lines.get(0));
        List<ClientView> mine = c.clients().stream().filter(v -> v.node().equals("c001")).toList();
        assertEquals(2, mine.size());
        for (int i = 0; i < 2; i++) {
            ClientView v = mine.get(i);
            assertTrue(v.device().matches(TGT + "-osc-ffff88[0-9a-f]{10}"), v.device());
            assertTrue(v.uuid().matches("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}"), v.uuid());
            assertEquals(String.format("%3d %s %s %s %s %d", i + 1, "UP", "osc", v.device(), v.uuid(), 4), lines.get(i + 1));
            assertEquals(v.uuid(), lines.get(i + 1).trim().split(" +")[4]);
        }
        assertTrue(ok(c.lctl("mds1"), "dl").contains("  1 UP osp " + TGT + "-osc-MDT0000 lustre-MDT0000-mdtlov_UUID 4\n"));
        // the MDS's OSP device answers under osc.* too, like on a real MDS
        assertEquals("osc." + TGT + "-osc-MDT0000\n", ok(c.lctl("mds1"), "list_param", "osc." + TGT + "-osc-*"));
        assertEquals(mine.get(0).uuid() + "\n", ok(c.lctl("c001"), "get_param", "-n", "osc." + mine.get(0).device() + ".uuid"));
    }

    @Test
    void wildcardsListParamAndNameRules() {
        SimCluster c = SimCluster.builder().target(TGT).clients(1).mountsPerClient(2).seed(5).clock(clock).build();
        LctlRunner c1 = c.lctl("c001");
        List<ClientView> v = c.clients();
        List<String> devs = v.stream().map(ClientView::device).sorted().toList();
        assertEquals("osc." + devs.get(0) + "\nosc." + devs.get(1) + "\n", ok(c1, "list_param", "osc." + TGT + "-osc-*"));
        String both = ok(c1, "get_param", "osc." + TGT + "-osc-*.ost_server_uuid");
        assertEquals("osc." + devs.get(0) + ".ost_server_uuid=" + TGT + "_UUID\tFULL\n"
                + "osc." + devs.get(1) + ".ost_server_uuid=" + TGT + "_UUID\tFULL\n", both);
        assertEquals(TGT + "_UUID\tFULL\n" + TGT + "_UUID\tFULL\n", ok(c1, "get_param", "-n", "osc.*.ost_server_uuid"));
        assertEquals(2, ok(c1, "get_param", "-n", "{osc,mdc}.*.import").split("import:\n", -1).length - 1);
        // the MGC name holds a NID with dots: lctl keeps it whole
        String ir = ok(c1, "get_param", "mgc.*.ir_state");
        assertTrue(ir.startsWith("mgc.MGC10.0.0.1@tcp.ir_state=\nimperative_recovery: ENABLED\nclient_state:\n"
                + "    - { client: lustre-client, nidtbl_version: "), ir);
        assertEquals(ir, ok(c1, "get_param", "mgc.MGC10.0.0.1@tcp.ir_state"));
        CommandResult missing = lctl(c1, "get_param", "osc.*.no_such_param");
        assertEquals(2, missing.exitCode());
        assertEquals("error: get_param: param_path 'osc/*/no_such_param': No such file or directory\n", missing.stderr());
    }

    @Test
    void mgsLiveShowsIrState() {
        SimCluster c = SimCluster.builder().target(TGT).clients(2).noIrClients(1).mgsNode("mds1").seed(5).clock(clock).build();
        String live = ok(c.lctl("mds1"), "get_param", "-n", "mgs.MGS.live.lustre");
        assertTrue(live.startsWith("fsname: lustre\n"), live);
        assertTrue(live.contains("\nimperative_recovery_state:\n    state: partial\n    nonir_clients: 1\n"), live);
        assertTrue(live.contains("    notify_duation_max: "), live);
        ok(c.lctl("mds1"), "set_param", "mgs.MGS.live.lustre=state=disabled");
        assertTrue(ok(c.lctl("mds1"), "get_param", "-n", "mgs.MGS.live.lustre").contains("    state: disabled\n"));
    }
}
