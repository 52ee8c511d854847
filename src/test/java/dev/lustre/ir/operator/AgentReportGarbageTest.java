package dev.lustre.ir.operator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Whatever a termination message holds that is not a sound report reads as a failure with an
 * explanation; above all nothing here may read as a client that reconnected.
 */
class AgentReportGarbageTest {
    /** A sound report each case below spoils in one way. */
    private static final String RECONNECTED = "{\"command\":\"reconnect\",\"v\":1,\"ok\":true,"
            + "\"target\":\"lustre-OST0001\",\"uuids\":[\"uuid-1\"],\"devices\":[{\"device\":\"lustre-OST0001-osc-ffff01\",\"uuid\":\"uuid-1\","
            + "\"state\":\"FULL\",\"action\":\"none\",\"evicted\":false}],\"elapsedMs\":10}";
    private static final String INSPECTED = "{\"command\":\"inspect-server\",\"v\":1,\"ok\":true,"
            + "\"recovery\":{\"status\":\"RECOVERING\"},\"staleClients\":[\"s1\"],\"staleCount\":1,\"irState\":null}";
    private static final String CLOSED = "{\"command\":\"close-window\",\"v\":1,\"ok\":true,"
            + "\"action\":\"EvictDead\",\"evicted\":[\"d1\"],\"evictedCount\":1,\"unknown\":[],\"unknownCount\":0,"
            + "\"final\":{\"status\":\"COMPLETE\"}}";

    static Stream<Arguments> spoiled() {
        return Stream.of(
                spoil("trailing garbage", RECONNECTED + " {\"ok\":true}"),
                spoil("no command", RECONNECTED.replace("\"command\":\"reconnect\",", "")),
                spoil("a command nobody knows", RECONNECTED.replace("\"reconnect\"", "\"reconnect-all\"")),
                spoil("ok twice", RECONNECTED.replace("\"ok\":true", "\"ok\":false,\"ok\":true")),
                spoil("ok as a string", RECONNECTED.replace("\"ok\":true", "\"ok\":\"true\"")),
                spoil("ok as a number", RECONNECTED.replace("\"ok\":true", "\"ok\":1")),
                spoil("ok null", RECONNECTED.replace("\"ok\":true", "\"ok\":null")),
                spoil("ok missing", RECONNECTED.replace("\"ok\":true,", "")),
                spoil("ok with an error", RECONNECTED.replace("\"ok\":true", "\"ok\":true,\"error\":\"Timeout\"")),
                spoil("an error nobody knows", RECONNECTED.replace("\"ok\":true", "\"ok\":false,\"error\":\"Gone\"")),
                spoil("an error by number", RECONNECTED.replace("\"ok\":true", "\"ok\":false,\"error\":0")),
                spoil("reconnected without a device", RECONNECTED.replaceAll("\"devices\":\\[.*\\]", "\"devices\":[]")),
                spoil("a UUID that is a number", RECONNECTED.replace("[\"uuid-1\"]", "[17]")),
                spoil("a null UUID", RECONNECTED.replace("[\"uuid-1\"]", "[null]")),
                spoil("UUIDs that are no list", RECONNECTED.replace("[\"uuid-1\"]", "\"uuid-1\"")),
                spoil("an import state nobody knows", RECONNECTED.replace("\"FULL\"", "\"HALF\"")),
                spoil("inspected without a recovery block",
                        INSPECTED.replace("\"recovery\":{\"status\":\"RECOVERING\"},", "")),
                spoil("a recovery block without status", INSPECTED.replace("{\"status\":\"RECOVERING\"}", "{}")),
                spoil("a recovery status nobody knows", INSPECTED.replace("RECOVERING", "RESTING")),
                spoil("a count as a fraction", INSPECTED.replace("{\"status\":\"RECOVERING\"}",
                        "{\"status\":\"RECOVERING\",\"connected\":2.5}")),
                spoil("a stale list without its count", INSPECTED.replace(",\"staleCount\":1", "")),
                spoil("a stale list longer than its count", INSPECTED.replace("\"staleCount\":1", "\"staleCount\":0")),
                spoil("closed without a final status", CLOSED.replace(",\"final\":{\"status\":\"COMPLETE\"}", "")),
                spoil("a close action nobody knows", CLOSED.replace("EvictDead", "EvictAll")),
                spoil("cut short", RECONNECTED.substring(0, RECONNECTED.length() / 2)));
    }

    private static Arguments spoil(String how, String json) {
        return Arguments.of(how, json);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("spoiled")
    void aSpoiledReportIsAFailureThatSaysSo(String how, String json) {
        AgentReport read = AgentReport.parse(json);

        assertFalse(read.ok(), how);
        assertEquals("BadReport", read.error(), how);
        assertTrue(read.message().startsWith("unreadable agent report: "), read.message());
        assertEquals(List.of(), read.uuids(), "no UUID of a report nobody can read");
        assertNull(read.recovery());
        assertNull(read.finalRecovery());
    }

    @ParameterizedTest
    @ValueSource(strings = {"not json", "[]", "[" + "{\"ok\":true}" + "]", "42", "\"ok\"", "true", "null", "{",
            "{\"command\":\"reconnect\",\"ok\":tru}"})
    void somethingThatIsNoJsonObjectIsABadReport(String message) {
        AgentReport read = AgentReport.parse(message);

        assertFalse(read.ok());
        assertEquals("BadReport", read.error());
        assertTrue(read.message().startsWith("unreadable agent report: "), read.message());
    }

    @ParameterizedTest
    @NullAndEmptySource
    @ValueSource(strings = {"  ", "\n"})
    void noMessageIsNoReport(String message) {
        AgentReport read = AgentReport.parse(message);

        assertFalse(read.ok());
        assertEquals("NoReport", read.error());
        assertEquals("the agent left no termination message", read.message());
    }

    /** The controls: the sound reports the cases spoil do read, so each case fails for its own flaw. */
    @ParameterizedTest
    @ValueSource(strings = {RECONNECTED, INSPECTED, CLOSED})
    void theUnspoiledReportsRead(String json) {
        AgentReport read = AgentReport.parse(json);

        assertTrue(read.ok(), read.message());
    }
}
