package dev.lustre.ir.sim;

import dev.lustre.ir.lustre.RecoveryState;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;

import static dev.lustre.ir.sim.SimTestSupport.ok;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Exports on a target that belong to no roster client: an MDT's OSP export on an OST and clients
 * outside the simulated Kubernetes cluster. Both come from the target's last_rcvd
 * (tgt_clients_data_init), so lprocfs_recovery_stale_clients_seq_show lists them while they are missing.
 */
class NonRosterExportsTest {

    private static final String TGT = "lustre-OST0001";
    private final ManualClock clock = SimClock.manual();

    private static List<String> stale(SimCluster c) {
        String out = ok(c.lctl("oss2"), "get_param", "-n", "obdfilter." + TGT + ".recovery_stale_clients");
        return out.isEmpty() ? List.of() : List.of(out.split("\n"));
    }

    @Test
    void mdtExportsAndOutsideClientsAreListedAsStaleButNotAsRosterClients() {
        SimCluster c = SimCluster.builder().target(TGT).clients(3).deadNodes("c003").ir(false)
                .mdtExport("MDT0000", false).mdtExport("MDT0001", true).outsideClients(2, false)
                .seed(7).clock(clock).build();
        assertEquals(List.of("c001", "c002", "c003"), c.clientNodes());
        assertEquals(List.of("login001", "login002"), c.outsideNodes());
        String deadUuid = c.client("c003").uuid();
        assertEquals(List.of(deadUuid), c.deadClientUuids(), "only a dead roster client counts as provably dead");
        c.failover();
        ok(c.lctl("c001"), "set_param", "osc.*.import=connection=10.0.0.12@tcp");
        ok(c.lctl("c002"), "set_param", "osc.*.import=connection=10.0.0.12@tcp");
        clock.advance(Duration.ofSeconds(1));
        List<String> s = stale(c);
        assertTrue(s.contains("lustre-MDT0000-mdtlov_UUID"), s.toString());
        assertTrue(s.contains("lustre-MDT0001-mdtlov_UUID"), s.toString());
        assertTrue(s.contains(deadUuid), s.toString());
        for (String login : c.outsideNodes()) {
            assertTrue(s.contains(c.client(login).uuid()), s.toString());
        }
        assertEquals(5, s.size(), s.toString());
        assertEquals(5, c.nonRosterUuids().size() + 1, "2 MDT exports and 2 outside clients besides the dead one");
    }

    @Test
    void anMdtExportThatReconnectsLeavesTheStaleListOnItsOwn() {
        SimCluster c = SimCluster.builder().target(TGT).clients(1).ir(true).mdtExport("MDT0000", true)
                .seed(8).clock(clock).build();
        c.failover();
        // the MDS's MGC gets the IR notification like any client: 5 s + 0..5 s, then connects
        clock.advance(Duration.ofSeconds(11));
        assertFalse(stale(c).contains("lustre-MDT0000-mdtlov_UUID"), stale(c).toString());
        assertTrue(c.client("mds-mdt0000").importState().isReconnected(), c.client("mds-mdt0000").importState().name());
        assertEquals("10.0.0.12@tcp", c.client("mds-mdt0000").currentConnection());
    }

    @Test
    void anOutsideClientThatNeverReconnectsKeepsTheWindowOpenUntilTheTimer() {
        SimCluster c = SimCluster.builder().target(TGT).clients(2).ir(true).outsideClients(1, false)
                .seed(9).clock(clock).build();
        c.failover();
        clock.advance(Duration.ofSeconds(60));
        assertEquals(RecoveryState.RECOVERING, c.recoveryStatus());
        assertEquals(List.of(c.client("login001").uuid()), stale(c));
        assertEquals(2, c.target().connected());
        assertEquals(3, c.target().total());
    }

    @Test
    void mdtExportsNeedAnOst() {
        var b = SimCluster.builder().fsName("fs1").target("fs1-MDT0000").mdtExport("MDT0001", true);
        org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class, b::build);
    }
}
