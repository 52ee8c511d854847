package dev.lustre.ir.operator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lustre.ir.lustre.RecoveryState;
import dev.lustre.ir.report.CommandReport;
import dev.lustre.ir.report.InspectServerReport;
import dev.lustre.ir.report.ReportWriter;
import dev.lustre.ir.report.TargetRecovery;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The {@code v} rule: no version is version 1 if it has the shape, a newer one is refused. */
class AgentReportVersionTest {
    private static final String CURRENT = ReportWriter.render(InspectServerReport.of("lustre-OST0001",
            new TargetRecovery(RecoveryState.RECOVERING, 1, 2, 0, 0, 60L, null, null, null, null, null, null), 5L,
            List.of("stale-1"), null));

    @Test
    void theCurrentVersionIsWrittenAndRead() {
        assertTrue(CURRENT.contains("\"v\":" + CommandReport.VERSION + ","), CURRENT);
        AgentReport read = AgentReport.parse(CURRENT);
        assertTrue(read.ok(), read.message());
        assertEquals(List.of("stale-1"), read.staleClients());
    }

    @Test
    void aNewerVersionIsRefusedAsAFailureThatSaysToUpgrade() {
        int newer = CommandReport.VERSION + 1;
        AgentReport read = AgentReport.parse(CURRENT.replace("\"v\":" + CommandReport.VERSION, "\"v\":" + newer));

        assertFalse(read.ok(), "a report this operator may misread is no success, even one that says ok");
        assertEquals("NewerReport", read.error());
        assertEquals("agent report version " + newer + " is newer than this operator understands ("
                + CommandReport.VERSION + "): upgrade the operator", read.message());
        assertFalse(read.staleSupported(), "nothing of it is read");
        assertEquals(List.of(), read.staleClients());
        assertEquals(null, read.recovery());
    }

    @ParameterizedTest
    @ValueSource(strings = {"0", "-1", "\"1\"", "1.0", "null", "true", "{}"})
    void aVersionThatIsNoVersionNumberIsRefused(String v) {
        AgentReport read = AgentReport.parse(CURRENT.replace("\"v\":" + CommandReport.VERSION, "\"v\":" + v));

        assertFalse(read.ok());
        assertEquals("BadReport", read.error());
        assertTrue(read.message().contains("not a version number"), read.message());
    }

    @Test
    void reconnectFromBeforeVersionsIsReadAsVersionOne() {
        AgentReport ok = unversioned("reconnect-ok.json");
        assertTrue(ok.ok(), ok.message());
        assertEquals(List.of("c7ace741-6bba-95ea-5729-2b783b1ac976"), ok.uuids());

        AgentReport dead = unversioned("reconnect-dead.json");
        assertFalse(dead.ok());
        assertEquals("LctlFailed", dead.error(), dead.message());
        assertTrue(dead.message().endsWith("node is down"), dead.message());

        AgentReport badArguments = unversioned("reconnect-badargs.json");
        assertEquals("BadArguments", badArguments.error());
        assertEquals(List.of(), badArguments.uuids());
    }

    @Test
    void inspectServerFromBeforeVersionsIsReadAsVersionOne() {
        AgentReport ok = unversioned("inspect-ok.json");
        assertTrue(ok.ok(), ok.message());
        assertEquals(RecoveryState.RECOVERING, ok.recovery().status());
        assertEquals(297L, ok.recovery().timeRemaining());
        assertEquals(List.of("c25c1c57-a4cd-1cf6-74ab-e56fdc75c4e5"), ok.staleClients());
        assertFalse(ok.staleTruncated());
        assertEquals(5L, ok.inspection().instance());
        assertEquals(null, ok.inspection().irState());

        AgentReport truncated = unversioned("inspect-truncated.json");
        assertTrue(truncated.ok(), truncated.message());
        assertTrue(truncated.staleTruncated());
        assertEquals(3000, truncated.inspection().staleCount());

        AgentReport noDevice = unversioned("inspect-nodevice.json");
        assertFalse(noDevice.ok());
        assertEquals("NoDevice", noDevice.error());
    }

    @Test
    void closeWindowFromBeforeVersionsIsReadAsVersionOne() {
        AgentReport ok = unversioned("close-ok.json");
        assertTrue(ok.ok(), ok.message());
        assertEquals(RecoveryState.COMPLETE, ok.finalRecovery().status());
        assertEquals(1, ok.finalRecovery().evicted());

        AgentReport timeout = unversioned("close-timeout.json");
        assertFalse(timeout.ok());
        assertEquals("Timeout", timeout.error());
        assertEquals(RecoveryState.RECOVERING, timeout.finalRecovery().status());
    }

    @Test
    void noCommandFromBeforeVersionsKeepsTheAgentsExplanation() {
        AgentReport read = unversioned("nocommand.json");

        assertFalse(read.ok());
        assertEquals("BadArguments", read.error());
        assertTrue(read.message().startsWith("unknown command 'frobnicate'"), read.message());
    }

    @Test
    void aReportWithoutVersionOfAnotherShapeIsRefused() {
        String otherShape = "{\"command\":\"inspect-server\",\"ok\":true,\"target\":\"lustre-OST0001\","
                + "\"recovery\":\"RECOVERING\",\"staleClients\":\"none\"}";

        AgentReport read = AgentReport.parse(otherShape);

        assertFalse(read.ok());
        assertEquals("BadReport", read.error());
        assertTrue(read.message().contains("without a version, read as version 1"), read.message());
    }

    private static AgentReport unversioned(String name) {
        try (InputStream in = AgentReportVersionTest.class.getResourceAsStream("/agent-reports/unversioned/" + name)) {
            String json = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            assertFalse(json.contains("\"v\""), name + " has a version");
            return AgentReport.parse(json);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
