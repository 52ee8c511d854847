package dev.lustre.ir.sim;

import static dev.lustre.ir.sim.SimTestSupport.ok;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.Test;

/** A client's remount: new device, new UUID, and the target waits for the new one after a failover. */
class RemountTest {
    @Test
    void aRemountedClientHasANewDeviceAndUuidThatTheTargetKnows() {
        SimCluster sim = SimCluster.builder().clients(2).version(LustreVersion.V2_16).build();
        ClientView before = sim.client("c001");

        sim.remount("c001");
        ClientView after = sim.client("c001");
        assertNotEquals(before.uuid(), after.uuid());
        assertNotEquals(before.device(), after.device());
        assertTrue(after.device().startsWith("lustre-OST0001-osc-ffff88"), after.device());
        String dl = ok(sim.lctl("c001"), "dl");
        assertTrue(dl.contains(after.device() + " " + after.uuid()), dl);
        assertFalse(dl.contains(before.uuid()), dl);

        sim.failover();
        List<String> stale = List.of(ok(sim.lctl(sim.serverNode()), "get_param", "-n",
                "obdfilter.lustre-OST0001.recovery_stale_clients").split("\n"));
        assertTrue(stale.contains(after.uuid()), "the target waits for the new mount: " + stale);
        assertFalse(stale.contains(before.uuid()), "and has forgotten the old one: " + stale);
        assertEquals(2, stale.size());
    }

    @Test
    void notWhileTheTargetRecovers() {
        SimCluster sim = SimCluster.builder().clients(1).build();
        sim.failover();
        assertThrows(IllegalStateException.class, () -> sim.remount("c001"));
        assertThrows(IllegalArgumentException.class, () -> sim.remount(sim.serverNode()));
    }
}
