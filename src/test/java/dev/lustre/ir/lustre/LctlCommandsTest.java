package dev.lustre.ir.lustre;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

class LctlCommandsTest {
    private static final ClientDevice OSC = new ClientDevice("osc", "lustre-OST0001-osc-ffff8881234abcd0");

    @Test
    void setImportConnectionWithAndWithoutInstance() {
        assertEquals(List.of("set_param", "osc.lustre-OST0001-osc-ffff8881234abcd0.import=connection=10.0.0.12@o2ib::5"),
                LctlCommands.setImportConnection(OSC, "10.0.0.12@o2ib", 5L));
        assertEquals(List.of("set_param", "osc.lustre-OST0001-osc-ffff8881234abcd0.import=connection=10.0.0.12@o2ib"),
                LctlCommands.setImportConnection(OSC, "10.0.0.12@o2ib", null));
    }

    @Test
    void recover() {
        assertEquals(List.of("--device", "lustre-OST0001-osc-ffff8881234abcd0", "recover", "10.0.0.12@o2ib"),
                LctlCommands.recover(OSC.name(), "10.0.0.12@o2ib"));
        assertEquals(List.of("--device", "lustre-OST0001-osc-MDT0000", "recover"),
                LctlCommands.recover("lustre-OST0001-osc-MDT0000", null));
    }

    @Test
    void evictClientUsesObdfilterForOstsAndMdtForMdts() {
        assertEquals(List.of("set_param", "obdfilter.lustre-OST0001.evict_client=uuid:54b91eab-0ea9-1516-b571-5e6df349592e"),
                LctlCommands.evictClient(TargetKind.OST, "lustre-OST0001", "54b91eab-0ea9-1516-b571-5e6df349592e"));
        assertEquals(List.of("set_param", "mdt.lustre-MDT0000.evict_client=uuid:abc"),
                LctlCommands.evictClient(TargetName.parse("lustre-MDT0000"), "abc"));
        assertThrows(InvalidLustreValueException.class,
                () -> LctlCommands.evictClient(TargetKind.MDT, "lustre-OST0001", "abc"));
    }

    @Test
    void abortRecoveryListParamDlAndReads() {
        assertEquals(List.of("--device", "lustre-MDT0000", "abort_recovery"), LctlCommands.abortRecovery("lustre-MDT0000"));
        assertEquals(List.of("list_param", "osc.lustre-OST0001-osc-*"), LctlCommands.listParam("osc.lustre-OST0001-osc-*"));
        assertEquals(List.of("dl"), LctlCommands.dl());
        TargetName t = TargetName.parse("lustre-OST000a");
        assertEquals(List.of("get_param", "obdfilter.lustre-OST000a.recovery_status"), LctlCommands.recoveryStatus(t));
        assertEquals(List.of("get_param", "-n", "obdfilter.lustre-OST000a.instance"), LctlCommands.instance(t));
        assertEquals(List.of("get_param", "-n", "obdfilter.lustre-OST000a.recovery_stale_clients"),
                LctlCommands.recoveryStaleClients(t));
        assertEquals(List.of("get_param", "mgs.MGS.live.lustre"), LctlCommands.mgsLive("lustre"));
        assertEquals(List.of("get_param", "osc.lustre-OST0001-osc-ffff8881234abcd0.import"), LctlCommands.importOf(OSC));
        assertEquals(List.of("get_param", "osc.lustre-OST0001-osc-ffff8881234abcd0.state"), LctlCommands.stateOf(OSC));
    }

    @Test
    void targetNameParts() {
        TargetName t = TargetName.parse("fs_1-MDT0001");
        assertEquals("fs_1", t.fsName());
        assertEquals(TargetKind.MDT, t.kind());
        assertEquals(1, t.index());
        assertEquals("mdt.fs_1-MDT0001", t.serverParamPrefix());
        assertEquals(List.of("mdc.fs_1-MDT0001-mdc-*", "osp.fs_1-MDT0001-osp-MDT*"), t.clientDevicePatterns());
        assertEquals(List.of("osc.fs_1-OST0010-osc-*"), TargetName.parse("fs_1-OST0010").clientDevicePatterns());
    }

    @ParameterizedTest
    @ValueSource(strings = {"lustre-OST0001;rm", "lustre-OST01", "toolongname-OST0001", "lustre-XYZ0001", "",
            "lustre-OST0001 ", "../lustre-OST0001", "lustre-OST0001\n"})
    void badTargetsAreRejected(String target) {
        InvalidLustreValueException e = assertThrows(InvalidLustreValueException.class,
                () -> LctlCommands.abortRecovery(target));
        assertTrue(e.getMessage().startsWith("invalid target"), e.getMessage());
    }

    @ParameterizedTest
    @ValueSource(strings = {"10.0.0.12", "10.0.0.12@o2ib;ls", "@tcp", "10.0.0.1@TCP", "a b@tcp", "$(x)@tcp",
            "10.0.0.1@tcp\n"})
    void badNidsAreRejected(String nid) {
        InvalidLustreValueException e = assertThrows(InvalidLustreValueException.class,
                () -> LctlCommands.setImportConnection(OSC, nid, 5L));
        assertTrue(e.getMessage().startsWith("invalid NID"), e.getMessage());
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "uuid with space", "-leadingdash", "x=y", "a/b", "0123456789012345678901234567890123456789x"})
    void badUuidsAreRejected(String uuid) {
        assertThrows(InvalidLustreValueException.class, () -> LctlCommands.evictClient(TargetKind.OST, "lustre-OST0001", uuid));
    }

    @ParameterizedTest
    @ValueSource(strings = {"lustre-OST0001-osc-xyz", "lustre-OST0001-foo-ffff", "lustre-OST0001-osc-ffff8881234abcd0;x",
            "MGC10.0.0.1@tcp"})
    void badDevicesAreRejected(String device) {
        assertThrows(InvalidLustreValueException.class, () -> LctlCommands.recover(device, "10.0.0.12@o2ib"));
    }

    @Test
    void negativeOrHugeInstanceIsRejected() {
        assertThrows(InvalidLustreValueException.class, () -> LctlCommands.setImportConnection(OSC, "1.2.3.4@tcp", -1L));
        assertThrows(InvalidLustreValueException.class,
                () -> LctlCommands.setImportConnection(OSC, "1.2.3.4@tcp", 0x100000000L));
    }

    @Test
    void clientDeviceFromParamPath() {
        assertEquals(new ClientDevice("osp", "lustre-MDT0001-osp-MDT0000"),
                ClientDevice.fromParamPath("osp.lustre-MDT0001-osp-MDT0000"));
        assertThrows(InvalidLustreValueException.class, () -> ClientDevice.fromParamPath("llite.lustre-ffff"));
    }
}
