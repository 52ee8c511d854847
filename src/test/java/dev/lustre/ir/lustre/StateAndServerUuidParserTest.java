package dev.lustre.ir.lustre;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.Test;

class StateAndServerUuidParserTest {
    @Test
    void capturedOspStateTakesFirstDevice() {
        StateHistory h = StateHistoryParser.parse(Fixtures.read("state-osp-exporter.txt"), "cmd");
        assertEquals(ImportState.DISCONN, h.current());
        assertEquals(16, h.history().size(), "IMP_STATE_HIST_LEN entries");
        assertEquals(new StateHistory.Entry(1781485337L, ImportState.DISCONN), h.history().get(0));
        assertFalse(h.everEvicted());
    }

    @Test
    void evictionDuringThisFailoverIsSeenAfterReconnectingAsNewClient() {
        StateHistory h = StateHistoryParser.parse(Fixtures.read("state-evicted-this-failover.txt"), "cmd");
        assertEquals(ImportState.FULL, h.current());
        assertTrue(h.everEvicted());
        assertTrue(h.evictedInCurrentEpisode());
    }

    @Test
    void evictionBeforeThisFailoverDoesNotCount() {
        StateHistory h = StateHistoryParser.parse(Fixtures.read("state-evicted-long-ago.txt"), "cmd");
        assertEquals(ImportState.REPLAY_WAIT, h.current());
        assertTrue(h.everEvicted());
        assertFalse(h.evictedInCurrentEpisode());
    }

    @Test
    void currentlyEvictedWithoutName() {
        StateHistory h = StateHistoryParser.parse(Fixtures.read("state-evicted-now-value-only.txt"), "cmd");
        assertEquals(ImportState.EVICTED, h.current());
        assertTrue(h.evictedInCurrentEpisode());
    }

    @Test
    void missingCurrentState() {
        LustreParseException e = assertThrows(LustreParseException.class,
                () -> StateHistoryParser.parse(Fixtures.read("state-missing-current.txt"), "lctl get_param a.state"));
        assertEquals("current_state", e.field());
        assertTrue(e.getMessage().contains("lctl get_param a.state"));
    }

    @Test
    void serverUuidTabSeparatedWithDeactivated() {
        List<ServerUuidStatus> all = ServerUuidParser.parseAll(Fixtures.read("server-uuid-several.txt"));
        assertEquals(3, all.size());
        assertEquals(new ServerUuidStatus("lustre-OST0001-osc-ffff8881234abcd0", "lustre-OST0001_UUID",
                ImportState.REPLAY_WAIT, false), all.get(0));
        assertEquals(ImportState.FULL, all.get(1).state());
        assertEquals(ImportState.DISCONN, all.get(2).state());
        assertTrue(all.get(2).deactivated());
    }

    @Test
    void serverUuidValueOnly() {
        ServerUuidStatus s = ServerUuidParser.parse(Fixtures.read("server-uuid-value-only.txt"), "cmd");
        assertEquals("lustre-MDT0000_UUID", s.targetUuid());
        assertEquals(ImportState.IDLE, s.state());
        assertEquals(null, s.device());
    }

    @Test
    void serverUuidWithoutStateIsAnError() {
        LustreParseException e = assertThrows(LustreParseException.class,
                () -> ServerUuidParser.parse("lustre-OST0001_UUID\n", "cmd"));
        assertEquals("state", e.field());
    }
}
