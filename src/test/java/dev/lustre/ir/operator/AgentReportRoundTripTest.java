package dev.lustre.ir.operator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lustre.ir.agent.Agent;
import dev.lustre.ir.agent.AgentOutcome;
import dev.lustre.ir.api.ServerStatus;
import dev.lustre.ir.lustre.ImportState;
import dev.lustre.ir.lustre.RecoveryState;
import dev.lustre.ir.report.AgentError;
import dev.lustre.ir.report.CloseWindowReport;
import dev.lustre.ir.report.CommandReport;
import dev.lustre.ir.report.DeviceReconnect;
import dev.lustre.ir.report.InspectServerReport;
import dev.lustre.ir.report.NoCommandReport;
import dev.lustre.ir.report.ReconnectReport;
import dev.lustre.ir.report.ReportReader;
import dev.lustre.ir.report.ReportWriter;
import dev.lustre.ir.report.TargetRecovery;
import dev.lustre.ir.sim.ManualClock;
import dev.lustre.ir.sim.SimClock;
import dev.lustre.ir.sim.SimCluster;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.stream.IntStream;

import org.junit.jupiter.api.Test;

/**
 * Each command's report, as the agent writes it, read back by the operator: nothing is lost or
 * changes meaning on the way, every field filled so that a dropped or renamed one shows.
 */
class AgentReportRoundTripTest {
    private static final String OST = "lustre-OST0001";
    private static final TargetRecovery RECOVERING = new TargetRecovery(RecoveryState.RECOVERING, 3, 5, 1, 2, 119L,
            1781484433L, 7L, "ENABLED", "DISABLED", 4L, List.of(0, 2));
    private static final Instant NOW = Instant.parse("2026-01-15T08:00:00Z");

    /** Renders as the agent does and reads the JSON back into a report. */
    private static CommandReport roundTrip(CommandReport written) throws Exception {
        String json = ReportWriter.render(written);
        assertEquals(1, json.lines().count(), json);
        assertTrue(json.contains("\"v\":" + CommandReport.VERSION), json);
        return ReportReader.read(json);
    }

    @Test
    void reconnect() throws Exception {
        DeviceReconnect osc = new DeviceReconnect(OST + "-osc-ffff01", "uuid-1", ImportState.REPLAY, "10.0.0.12@tcp",
                5L, DeviceReconnect.Action.importWrite, false, "lctl refused", "recover skipped: it would only wait");
        DeviceReconnect second = new DeviceReconnect(OST + "-osc-ffff02", "uuid-2", null, null, null,
                DeviceReconnect.Action.recover, true, null, null);
        ReconnectReport written = ReconnectReport.of(OST, List.of(osc, second), null, null, 1200);

        assertEquals(written, roundTrip(written));
        AgentReport read = AgentReport.parse(ReportWriter.render(written));
        assertTrue(read.ok());
        assertNull(read.error());
        assertEquals(List.of("uuid-1", "uuid-2"), read.uuids());
        assertNull(read.recovery(), "a reconnect report has no server view");
    }

    @Test
    void reconnectFailureKeepsTheUuids() throws Exception {
        DeviceReconnect evicted = new DeviceReconnect(OST + "-osc-ffff01", "uuid-1", ImportState.FULL, "10.0.0.12@tcp",
                6L, DeviceReconnect.Action.none, true, null, null);
        ReconnectReport written = ReconnectReport.of(OST, List.of(evicted), AgentError.Evicted, "evicted", 10);

        assertEquals(written, roundTrip(written));
        AgentReport read = AgentReport.parse(ReportWriter.render(written));
        assertFalse(read.ok());
        assertEquals("Evicted", read.error());
        assertEquals("evicted", read.message());
        assertEquals(List.of("uuid-1"), read.uuids());
    }

    @Test
    void reconnectWithMoreDevicesThanFitKeepsTheFirstDeviceAndItsUuid() throws Exception {
        List<DeviceReconnect> devices = IntStream.range(0, 2000).mapToObj(i -> new DeviceReconnect(OST + "-osc-" + i,
                "uuid-" + i, ImportState.FULL, "10.0.0.12@tcp", 5L, DeviceReconnect.Action.none, false, null, null))
                .toList();
        String json = ReportWriter.render(ReconnectReport.of(OST, devices, null, null, 1));

        assertTrue(json.getBytes(StandardCharsets.UTF_8).length <= ReportWriter.MAX_BYTES, json.length() + " bytes");
        ReconnectReport read = (ReconnectReport) ReportReader.read(json);
        assertTrue(read.ok());
        assertTrue(read.truncated());
        assertEquals(2000, read.deviceCount());
        assertEquals(devices.subList(0, read.devices().size()), read.devices());
        assertEquals("uuid-0", read.uuids().get(0));
    }

    @Test
    void inspectServer() throws Exception {
        InspectServerReport written = InspectServerReport.of(OST, RECOVERING, 5L, List.of("stale-1", "stale-2"),
                "full");

        assertEquals(written, roundTrip(written));
        AgentReport read = AgentReport.parse(ReportWriter.render(written));
        assertTrue(read.ok());
        assertEquals(RECOVERING, read.recovery());
        assertTrue(read.staleSupported());
        assertEquals(List.of("stale-1", "stale-2"), read.staleClients());
        assertFalse(read.staleTruncated());
        ServerStatus server = ServerViews.from(read.recovery(), read, NOW, null);
        assertEquals("RECOVERING", server.recoveryStatus);
        assertEquals(List.of(3, 5, 2, 119), List.of(server.connected, server.total, server.evicted,
                server.timeRemaining));
        assertEquals(5L, server.instance);
        assertEquals(2, server.staleClients);
        assertEquals("full", server.irState, "the MGS's word over the target's");
    }

    @Test
    void inspectServerOfLustre212HasNoStaleList() throws Exception {
        InspectServerReport written = InspectServerReport.of(OST, RECOVERING, 5L, null, null);

        assertEquals(written, roundTrip(written));
        AgentReport read = AgentReport.parse(ReportWriter.render(written));
        assertFalse(read.staleSupported());
        assertFalse(read.staleTruncated());
        ServerStatus server = ServerViews.from(read.recovery(), read, NOW, null);
        assertNull(server.staleClients, "unknown, not zero");
        assertEquals("ENABLED", server.irState, "without the MGS, the target's own IR word");
    }

    @Test
    void aTimerBeyondTheStatusFieldIsLeftOutNotWrapped() throws Exception {
        TargetRecovery odd = new TargetRecovery(RecoveryState.RECOVERING, 1, 2, 0, 0, 3_000_000_000L, null, null, null,
                null, null, null);
        AgentReport read = AgentReport.parse(ReportWriter.render(InspectServerReport.of(OST, odd, 5L, null, null)));

        assertEquals(3_000_000_000L, read.recovery().timeRemaining());
        assertNull(ServerViews.from(read.recovery(), read, NOW, null).timeRemaining);
    }

    @Test
    void inspectServerWithThousandsOfStaleClientsIsCutAndSaysSo() throws Exception {
        List<String> stale = IntStream.range(0, 3000)
                .mapToObj(i -> "0b1e6a2c-0000-4000-8000-" + String.format("%012d", i)).toList();
        String json = ReportWriter.render(InspectServerReport.of(OST, RECOVERING, 5L, stale, null));

        assertTrue(json.getBytes(StandardCharsets.UTF_8).length <= ReportWriter.MAX_BYTES, json.length() + " bytes");
        AgentReport read = AgentReport.parse(json);
        assertTrue(read.ok());
        assertTrue(read.staleTruncated());
        assertTrue(read.staleClients().size() < 3000 && !read.staleClients().isEmpty());
        assertEquals(stale.subList(0, read.staleClients().size()), read.staleClients(), "the first ones, in order");
        assertEquals(3000, ServerViews.from(read.recovery(), read, NOW, null).staleClients, "the full count");
    }

    @Test
    void closeWindow() throws Exception {
        TargetRecovery complete = new TargetRecovery(RecoveryState.COMPLETE, null, 5, 4, 1, null, 1781484433L, 61L,
                "ENABLED", "DISABLED", null, null);
        CloseWindowReport written = CloseWindowReport.of(OST, CloseWindowReport.Action.EvictDead, List.of("dead-1"),
                List.of("stranger"), false, complete, 60_000, null, null);

        assertEquals(written, roundTrip(written));
        AgentReport read = AgentReport.parse(ReportWriter.render(written));
        assertTrue(read.ok());
        assertEquals(complete, read.finalRecovery());
        assertTrue(ServerViews.windowClosed(read.finalRecovery()));
        assertNull(read.recovery(), "close-window reports its status as final, not as an inspection");
    }

    @Test
    void closeWindowTimeoutAndAlreadyClosed() throws Exception {
        CloseWindowReport timedOut = CloseWindowReport.of(OST, CloseWindowReport.Action.AbortRecovery, List.of(),
                List.of(), false, RECOVERING, 120_000, AgentError.Timeout, OST + " still RECOVERING after 120000ms");
        CloseWindowReport alreadyClosed = CloseWindowReport.of(OST, CloseWindowReport.Action.EvictDead, List.of(),
                List.of("u"), true, new TargetRecovery(RecoveryState.COMPLETE, null, 5, 5, 0, null, null, null, null,
                        null, null, null), 0, null, null);

        assertEquals(timedOut, roundTrip(timedOut));
        assertEquals(alreadyClosed, roundTrip(alreadyClosed));
        AgentReport read = AgentReport.parse(ReportWriter.render(timedOut));
        assertEquals("Timeout", read.error());
        assertFalse(ServerViews.windowClosed(read.finalRecovery()));
    }

    @Test
    void failuresBeforeAnyCommandRan() throws Exception {
        for (CommandReport written : List.of(ReconnectReport.failed(null, AgentError.BadArguments, "no --nid"),
                InspectServerReport.failed(OST, AgentError.NoDevice, "not mounted"),
                CloseWindowReport.failed(OST, AgentError.LctlFailed, "cannot run lctl"),
                new NoCommandReport(AgentError.BadArguments, "unknown command 'serve'"))) {
            assertEquals(written, roundTrip(written));
            AgentReport read = AgentReport.parse(ReportWriter.render(written));
            assertFalse(read.ok(), written.toString());
            assertEquals(written.error().name(), read.error());
            assertEquals(written.message(), read.message());
        }
    }

    @Test
    void aLongMessageIsBoundedTheSameOnBothSides() throws Exception {
        InspectServerReport written = InspectServerReport.failed(OST, AgentError.LctlFailed, "x".repeat(5000));

        assertEquals(803, written.message().length(), "800 characters and an ellipsis");
        assertEquals(written, roundTrip(written));
    }

    /** The real agent, against the simulated Lustre, read by the operator. */
    @Test
    void whatTheAgentWritesForEachCommandTheOperatorReads() {
        ManualClock clock = SimClock.manual();
        SimCluster c = SimCluster.builder().target(OST).clients(2).deadNodes("c002").ir(false).seed(3).clock(clock)
                .build();
        c.failover();

        AgentReport reconnect = agent(c, clock, "c001", "reconnect", "--target", OST, "--nid", "10.0.0.12@tcp");
        assertTrue(reconnect.ok(), reconnect.message());
        assertEquals(List.of(c.client("c001").uuid()), reconnect.uuids());

        AgentReport inspection = agent(c, clock, c.serverNode(), "inspect-server", "--target", OST);
        assertTrue(inspection.ok(), inspection.message());
        assertEquals(RecoveryState.RECOVERING, inspection.recovery().status());
        assertEquals(List.of(c.client("c002").uuid()), inspection.staleClients());

        AgentReport close = agent(c, clock, c.serverNode(), "close-window", "--target", OST, "--evict-uuid",
                c.client("c002").uuid());
        assertTrue(close.ok(), close.message());
        assertTrue(ServerViews.windowClosed(close.finalRecovery()), close.finalRecovery().toString());

        AgentReport badArguments = agent(c, clock, "c001", "reconnect", "--target", OST);
        assertFalse(badArguments.ok());
        assertEquals("BadArguments", badArguments.error());
        assertTrue(badArguments.message().contains("--nid"), badArguments.message());
    }

    private static AgentReport agent(SimCluster c, ManualClock clock, String node, String... args) {
        AgentOutcome outcome = Agent.run(List.of(args), prefix -> c.lctl(node), clock, Agent.clockOf(clock::millis));
        AgentReport read = AgentReport.parse(outcome.json());
        assertEquals(outcome.ok(), read.ok(), "the exit code and the report agree: " + outcome.json());
        return read;
    }
}
