package dev.lustre.ir.lustre;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.Test;

class IrStateParsersTest {
    @Test
    void mgsLiveManualSampleWithMisspelledMax() {
        MgsIrState s = MgsIrStateParser.parse(Fixtures.read("mgs-live-manual.txt"), "cmd");
        assertEquals("full", s.state());
        assertEquals(0, s.nonirClients());
        assertEquals(242L, s.nidtblVersion());
        assertEquals(0.47, s.notifyDurationTotal(), 1e-9);
        assertEquals(0.041, s.notifyDurationMax(), 1e-9, "notify_duation_max, as the source spells it");
        assertEquals(38L, s.notifyCount());
    }

    @Test
    void mgsLivePartialWithSrpcRulesThatLookLikeParameters() {
        MgsIrState s = MgsIrStateParser.parse(Fixtures.read("mgs-live-partial-srpc.txt"), "cmd");
        assertEquals("partial", s.state());
        assertEquals(2, s.nonirClients());
        assertEquals(0.000794475, s.notifyDurationMax(), 1e-12);
    }

    @Test
    void mgsLiveStartupWithoutName() {
        assertEquals("startup", MgsIrStateParser.parse(Fixtures.read("mgs-live-startup-value-only.txt"), "cmd").state());
    }

    @Test
    void mgsLiveWithoutIrBlock() {
        LustreParseException e = assertThrows(LustreParseException.class,
                () -> MgsIrStateParser.parse(Fixtures.read("mgs-live-no-ir-block.txt"), "lctl get_param mgs.MGS.live.lustre"));
        assertEquals("imperative_recovery_state", e.field());
        assertTrue(e.getMessage().contains("mgs.MGS.live.lustre"));
    }

    @Test
    void mgcIrStateEnabledDisabled() {
        List<MgcIrState> all = MgcIrStateParser.parse(Fixtures.read("mgc-ir-state.txt"), "cmd");
        assertEquals(2, all.size());
        assertEquals("MGC10.0.0.1@o2ib", all.get(0).mgc());
        assertTrue(all.get(0).enabled());
        assertEquals(List.of(new MgcIrState.Client("lustre-client", 242L)), all.get(0).clients());
        assertEquals("MGC192.168.7.1@tcp", all.get(1).mgc());
        assertFalse(all.get(1).enabled());
        assertEquals(List.of(), all.get(1).clients());
    }

    @Test
    void mgcIrStateManualOnOff() {
        List<MgcIrState> all = MgcIrStateParser.parse(Fixtures.read("mgc-ir-state-manual-on-off.txt"), "cmd");
        assertTrue(all.get(0).enabled());
        assertEquals(242L, all.get(0).clients().get(0).nidtblVersion());
        assertFalse(all.get(1).enabled());
    }

    @Test
    void mgcIrStateMissingField() {
        LustreParseException e = assertThrows(LustreParseException.class,
                () -> MgcIrStateParser.parse("mgc.MGC1.2.3.4@tcp.ir_state=\nclient_state:\n", "cmd"));
        assertEquals("imperative_recovery", e.field());
    }
}
