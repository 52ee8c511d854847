package dev.lustre.ir.lustre;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.Test;

class ImportParserTest {
    private static ImportInfo parse(String fixture) {
        return ImportParser.parse(Fixtures.read(fixture), "lctl get_param osc.x.import");
    }

    @Test
    void lustre212IdleWithBareNids() {
        ImportInfo i = parse("import-2.12-idle.txt");
        assertEquals("temp-OST0004-osc-ffff9068ea7c9000", i.name());
        assertEquals("temp-OST0004_UUID", i.target());
        assertEquals(ImportState.IDLE, i.state());
        assertTrue(i.state().isReconnected());
        assertEquals(1L, i.instance());
        assertEquals(List.of("192.168.1.13@tcp"), i.failoverNids());
        assertEquals("192.168.1.13@tcp", i.currentConnection());
        assertEquals(2, i.connectionAttempts());
        assertEquals(2, i.generation());
    }

    @Test
    void lustre212NoConnection() {
        ImportInfo i = parse("import-2.12-disconn-none.txt");
        assertEquals(ImportState.DISCONN, i.state());
        assertNull(i.currentConnection(), "<none> means no connection");
        assertEquals(List.of("10.0.0.11@o2ib", "10.0.0.12@o2ib"), i.failoverNids());
        assertEquals(4L, i.instance());
    }

    @Test
    void lustre216QuotedNidsAndNidsStats() {
        ImportInfo i = parse("import-2.16-replay-wait.txt");
        assertEquals(ImportState.REPLAY_WAIT, i.state());
        assertEquals(List.of("10.0.0.11@o2ib", "10.0.0.12@o2ib"), i.failoverNids());
        assertEquals("10.0.0.12@o2ib", i.currentConnection());
        assertTrue(i.isConnectedTo("10.0.0.12@o2ib"));
        assertEquals(5L, i.instance());
        assertEquals(4, i.connectionAttempts());
    }

    @Test
    void lustre216QuotedNone() {
        ImportInfo i = parse("import-2.16-connecting-none.txt");
        assertEquals(ImportState.CONNECTING, i.state());
        assertNull(i.currentConnection());
        assertFalse(i.state().isReconnected());
        assertEquals(0L, i.instance());
    }

    @Test
    void lustre24InstanceDirectlyUnderImportAndNoInnerSpaces() {
        ImportInfo i = parse("import-2.4-instance-under-import.txt");
        assertEquals(7L, i.instance());
        assertEquals(List.of("192.168.1.12@tcp", "192.168.1.13@tcp"), i.failoverNids());
        assertEquals("192.168.1.13@tcp", i.currentConnection());
        assertEquals(ImportState.FULL, i.state());
    }

    @Test
    void masterImpfFlagsAndUnknownFieldsAreTolerated() {
        ImportInfo i = parse("import-master-impf-flags.txt");
        assertEquals(12L, i.instance());
        assertEquals(List.of("10.0.0.21@tcp"), i.failoverNids());
        assertEquals("lustre-OST0002-osc-MDT0000", i.name());
    }

    @Test
    void missingStateNamesFieldAndCommand() {
        LustreParseException e = assertThrows(LustreParseException.class, () -> parse("import-missing-state.txt"));
        assertEquals("state", e.field());
        assertEquals("lctl get_param osc.x.import", e.command());
        assertTrue(e.getMessage().contains("'state'") && e.getMessage().contains("osc.x.import"), e.getMessage());
    }

    @Test
    void missingCurrentConnection() {
        LustreParseException e = assertThrows(LustreParseException.class,
                () -> parse("import-missing-current-connection.txt"));
        assertEquals("current_connection", e.field());
    }

    @Test
    void oldDisconWordIsAccepted() {
        assertEquals(ImportState.DISCONN, ImportState.parse("DISCON"));
        assertEquals(ImportState.UNKNOWN, ImportState.parse("WOBBLING"));
    }
}
