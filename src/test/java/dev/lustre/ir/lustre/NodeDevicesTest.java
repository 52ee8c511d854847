package dev.lustre.ir.lustre;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

import org.junit.jupiter.api.Test;

/** What a resident agent registers from {@code lctl dl} and {@code get_param -n version}. */
class NodeDevicesTest {
    private static NodeDevices of(String fixture) {
        return NodeDevices.of(DeviceListParser.parse(Fixtures.read(fixture)));
    }

    private static List<String> names(NodeDevices d) {
        return d.clientDevices().stream().map(ImportDevice::name).toList();
    }

    @Test
    void aClientHasItsImportDevicesByNameAndNoTarget() {
        NodeDevices d = of("dl-client.txt");
        assertEquals(List.of("MGC10.0.0.1@o2ib",
                "lustre-MDT0000-mdc-ffff888100aa7800", "lustre-MDT0000-mdc-ffff8881234abcd0",
                "lustre-OST0000-osc-ffff888100aa7800", "lustre-OST0000-osc-ffff8881234abcd0",
                "lustre-OST0001-osc-ffff888100aa7800", "lustre-OST0001-osc-ffff8881234abcd0"), names(d),
                "lov and lmv hold no import");
        assertEquals(List.of(), d.targets());
        assertEquals(new ImportDevice("osc", "lustre-OST0001-osc-ffff888100aa7800", "lustre-OST0001",
                "0b9e7f3c-21aa-4c57-b0f0-6a3f9f7c1d22"), d.clientDevices().get(5), "the second mount's own UUID");
        ImportDevice mgc = d.clientDevices().get(0);
        assertEquals("mgc", mgc.type());
        assertNull(mgc.target(), "the MGC talks to the MGS, not a target");
        assertEquals("6c1b5d1e-8b1c-4a24-9d2e-1a1f2c3d4e5f", mgc.uuid());
    }

    @Test
    void anOssHasItsOstsAndTheLwpTowardsTheMdt() {
        NodeDevices d = of("dl-oss.txt");
        assertEquals(List.of("lustre-OST0000", "lustre-OST0001"), d.targets());
        assertEquals(List.of("MGC10.0.0.1@o2ib", "lustre-MDT0000-lwp-OST0000", "lustre-MDT0000-lwp-OST0001"), names(d));
        assertEquals("lustre-MDT0000", d.clientDevices().get(1).target());
        assertEquals("lustre-MDT0000-lwp-OST0000_UUID", d.clientDevices().get(1).uuid());
    }

    @Test
    void anMdsHasItsMdtAndItsOspDevicesTowardsTheOsts() {
        NodeDevices d = of("dl-mds.txt");
        assertEquals(List.of("lustre-MDT0000"), d.targets(), "the MGS, MDD, LOD and QMT are no targets");
        assertEquals(List.of("MGC10.0.0.1@tcp", "lustre-MDT0000-lwp-MDT0000", "lustre-OST0000-osc-MDT0000",
                "lustre-OST0001-osc-MDT0000"), names(d));
        ImportDevice osp = d.clientDevices().get(3);
        assertEquals("osp", osp.type());
        assertEquals("lustre-OST0001", osp.target());
        assertEquals("lustre-MDT0000-mdtlov_UUID", osp.uuid());
    }

    @Test
    void theOrderOfTheDeviceNumbersDoesNotMatter() {
        String dl = Fixtures.read("dl-oss.txt");
        List<String> reversed = new ArrayList<>(dl.lines().toList());
        Collections.reverse(reversed);
        assertEquals(of("dl-oss.txt"), NodeDevices.of(DeviceListParser.parse(String.join("\n", reversed))));
    }

    @Test
    void namesThatFailTheirPatternAreLeftOut() {
        NodeDevices d = NodeDevices.of(DeviceListParser.parse("""
                  0 UP osc lustre-OST0001-osc-ffff;reboot 54b91eab-0ea9 4
                  1 UP mdc lustre-MDT0000-mdc-ffff8881234abcd0 $(id) 4
                  2 UP obdfilter lustre-MDT0000 lustre-MDT0000_UUID 5
                  3 UP mgc MGC10.0.0.1 6c1b5d1e 5
                  4 UP mdt lustre-MDT0000 lustre-MDT0000_UUID 5
                """));
        assertEquals(List.of(), d.clientDevices());
        assertEquals(List.of("lustre-MDT0000"), d.targets(), "an obdfilter device is an OST, an mdt device an MDT");
    }

    @Test
    void theTargetOfADeviceIsItsFirstTwoParts() {
        assertEquals("fs_1-OST00a0", LustreNames.targetOfDevice("fs_1-OST00a0-osc-MDT0003"));
        assertEquals("lustre-MDT0001", LustreNames.targetOfDevice("lustre-MDT0001-osp-MDT0000"));
        assertThrows(InvalidLustreValueException.class, () -> LustreNames.targetOfDevice("lustre-clilov-ffff8881234abcd0"));
    }

    @Test
    void theReleaseFromVersionShowAndFromTheOldProcfsFile() {
        LustreRelease now = LustreRelease.parse(Fixtures.read("version.txt"), "cmd");
        assertEquals(new LustreRelease("2.16.1", 2, 16, 1), now);
        assertEquals(new LustreRelease("2.10.8", 2, 10, 8), LustreRelease.parse(Fixtures.read("version-procfs.txt"), "cmd"));
        assertEquals(new LustreRelease("2.14.0_ddn98", 2, 14, 0), LustreRelease.parse("2.14.0_ddn98\n", "cmd"));
        assertEquals(new LustreRelease("2.15.55_65_g1b2c3d4", 2, 15, 55), LustreRelease.parse("2.15.55_65_g1b2c3d4", "cmd"));
        assertEquals(new LustreRelease("2.16", 2, 16, 0), LustreRelease.parse("2.16", "cmd"));
        assertTrue(now.atLeast(2, 15, 60));
        assertTrue(now.atLeast(2, 16, 1));
        assertFalse(now.atLeast(2, 16, 2));
        assertFalse(now.atLeast(3, 0, 0));
    }

    @Test
    void aVersionThatIsNoReleaseIsAParseErrorNamingTheCommand() {
        for (String bad : new String[] {"", "garbage", "2.16.1; reboot", "v2.16.1", "2." + "1".repeat(70)}) {
            LustreParseException e = assertThrows(LustreParseException.class,
                    () -> LustreRelease.parse(bad, "lctl get_param -n version"), bad);
            assertEquals("version", e.field());
            assertTrue(e.getMessage().contains("lctl get_param -n version"), e.getMessage());
        }
    }
}
