package dev.lustre.ir.agent;

import com.fasterxml.jackson.databind.JsonNode;
import dev.lustre.ir.lustre.CommandResult;
import dev.lustre.ir.lustre.RecoveryState;
import dev.lustre.ir.sim.ClientView;
import dev.lustre.ir.sim.LustreVersion;
import dev.lustre.ir.sim.ManualClock;
import dev.lustre.ir.sim.SimClock;
import dev.lustre.ir.sim.SimCluster;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import static dev.lustre.ir.agent.SimAgentSupport.NEW_NID;
import static dev.lustre.ir.agent.SimAgentSupport.OST;
import static dev.lustre.ir.agent.SimAgentSupport.agent;
import static dev.lustre.ir.agent.SimAgentSupport.texts;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * agent close-window: evicting the dead clients by UUID lets the target finish recovery with the
 * live clients' replay intact; --abort ends it too but evicts the live, connected clients as well.
 */
class CloseWindowAgentTest {
    private final ManualClock clock = SimClock.manual();

    /** Four clients, c004 dead; the three live ones reconnected through the agent. */
    private SimCluster failedOverWithOneDeadClient() {
        SimCluster c = SimCluster.builder().target(OST).clients(4).deadNodes("c004").ir(false).seed(11)
                .clock(clock).build();
        c.failover();
        for (String node : List.of("c001", "c002", "c003")) {
            var run = agent(c, clock, node, "reconnect", "--target", OST, "--nid", NEW_NID, "--instance", "5");
            assertEquals(0, run.outcome().exitCode(), run.outcome().json());
        }
        assertEquals(RecoveryState.RECOVERING, c.recoveryStatus());
        return c;
    }

    @Test
    void evictingTheDeadUuidClosesTheWindowAndKeepsLiveReplay() {
        SimCluster c = failedOverWithOneDeadClient();
        String dead = c.client("c004").uuid();

        var run = agent(c, clock, c.serverNode(), "close-window", "--target", OST, "--evict-uuid", dead);

        assertEquals(0, run.outcome().exitCode(), run.outcome().json());
        JsonNode j = run.json();
        assertEquals("close-window", j.get("command").asText());
        assertTrue(j.get("ok").asBoolean());
        assertEquals("EvictDead", j.get("action").asText());
        assertEquals(List.of(dead), texts(j.get("evicted")));
        assertEquals(1, j.get("evictedCount").asInt());
        assertEquals(List.of(), texts(j.get("unknown")));
        assertFalse(j.get("final").get("status").asText().equals("RECOVERING"));
        assertTrue(j.get("waitedMs").asLong() >= 0 && j.get("waitedMs").asLong() <= 120_000);
        assertEquals(List.of(List.of("set_param", "obdfilter." + OST + ".evict_client=uuid:" + dead)),
                run.lctl().writes());

        clock.advance(Duration.ofSeconds(30));
        for (String node : List.of("c001", "c002", "c003")) {
            ClientView v = c.client(node);
            assertFalse(v.evicted(), node + " must keep its export");
            assertTrue(v.replayKept(), node + " must keep its replay");
        }
        assertTrue(c.client("c004").evicted());
    }

    @Test
    void abortAlsoEvictsTheConnectedClientsAsLustreDoes() {
        SimCluster c = failedOverWithOneDeadClient();

        var run = agent(c, clock, c.serverNode(), "close-window", "--target", OST, "--abort");

        assertEquals(0, run.outcome().exitCode(), run.outcome().json());
        assertEquals("AbortRecovery", run.json().get("action").asText());
        assertEquals(List.of(List.of("--device", OST, "abort_recovery")), run.lctl().writes());
        assertFalse(run.json().get("final").get("status").asText().equals("RECOVERING"));
        clock.advance(Duration.ofSeconds(30));
        for (String node : List.of("c001", "c002", "c003")) {
            ClientView v = c.client(node);
            assertTrue(v.evicted(), node + ": abort evicts every export that has not finished lock replay");
            assertFalse(v.replayKept(), node);
        }
    }

    @Test
    void uuidTheTargetIsNotWaitingForIsNotEvictedButReported() {
        SimCluster c = failedOverWithOneDeadClient();
        String dead = c.client("c004").uuid();
        String live = c.client("c001").uuid();
        String stranger = "0b9e7f3c-21aa-4c57-b0f0-6a3f9f7c1d22";

        var run = agent(c, clock, c.serverNode(), "close-window", "--target", OST,
                "--evict-uuid", stranger, "--evict-uuid", dead, "--evict-uuid", live);

        assertEquals(0, run.outcome().exitCode(), run.outcome().json());
        assertEquals(List.of(dead), texts(run.json().get("evicted")));
        assertEquals(List.of(stranger, live), texts(run.json().get("unknown")));
        assertEquals(2, run.json().get("unknownCount").asInt());
        clock.advance(Duration.ofSeconds(30));
        assertFalse(c.client("c001").evicted(), "a client that reconnected after the plan keeps its replay");
    }

    @Test
    void targetStillWaitingForAnotherDeadClientTimesOut() {
        SimCluster c = SimCluster.builder().target(OST).clients(4).deadNodes("c003", "c004").ir(false).seed(5)
                .clock(clock).build();
        c.failover();
        for (String node : List.of("c001", "c002")) {
            agent(c, clock, node, "reconnect", "--target", OST, "--nid", NEW_NID, "--instance", "5");
        }
        var run = agent(c, clock, c.serverNode(), "close-window", "--target", OST,
                "--evict-uuid", c.client("c003").uuid(), "--timeout", "20s");

        assertEquals(1, run.outcome().exitCode(), run.outcome().json());
        assertEquals("Timeout", run.json().get("error").asText());
        assertEquals("RECOVERING", run.json().get("final").get("status").asText());
        assertEquals(1, run.json().get("evictedCount").asInt());
        assertTrue(run.json().get("waitedMs").asLong() >= 20_000);
    }

    /** The server's recovery_status as lctl printed it just before close-window, and the agent's report. */
    private record TimedOut(String rawStatus, JsonNode json) {
    }

    /** Two dead of four, the two live reconnected by the agent, close-window evicting only c003 for 20 s. */
    private TimedOut closeWindowThatTimesOut(LustreVersion version, long seed) {
        SimCluster c = SimCluster.builder().target(OST).clients(4).deadNodes("c003", "c004").version(version)
                .ir(false).seed(seed).clock(clock).build();
        c.failover();
        for (String node : List.of("c001", "c002")) {
            agent(c, clock, node, "reconnect", "--target", OST, "--nid", NEW_NID, "--instance", "5");
        }
        var r = c.lctl(c.serverNode()).run(List.of("get_param", "-n", "obdfilter." + OST + ".recovery_status"));
        assertEquals(0, r.exitCode());
        String raw = r.stdout();
        assertTrue(raw.startsWith("status: RECOVERING\n"), raw);
        var run = agent(c, clock, c.serverNode(), "close-window", "--target", OST,
                "--evict-uuid", c.client("c003").uuid(), "--timeout", "20s");
        assertEquals("Timeout", run.json().get("error").asText(), run.outcome().json());
        assertEquals("RECOVERING", run.json().get("final").get("status").asText());
        return new TimedOut(raw, run.json());
    }

    @Test
    void onB212TheRecoveryTimerIsUnknownNotZero() {
        // b2_12 from 2.12.4 (LU-12769) sets obd_recovery_start from ktime_get_seconds() but
        // lprocfs_recovery_status_seq_show subtracts ktime_get_real_seconds(): the kernel prints
        // "time_remaining: 0" all through RECOVERING, with ~280 s of the soft timer still to run
        TimedOut old = closeWindowThatTimesOut(LustreVersion.V2_12, 5);
        String raw = old.rawStatus();
        assertTrue(raw.contains("\ntime_remaining: 0\n"), "the simulated 2.12.9 prints the kernel's 0: " + raw);
        JsonNode last = old.json().get("final");
        assertTrue(last.get("recoveryStart").asLong() < 1_000_000_000L, "a monotonic start: " + last);
        assertFalse(last.has("timeRemaining"), "an unknown timer is left out, not reported as 0: " + last);
        String message = old.json().get("message").asText();
        assertTrue(message.endsWith("(2/4 connected)"), message);
        assertFalse(message.contains("left on the recovery timer"), message);

        // 2.14+ prints an epoch start and a real countdown: the same failover reports what is left
        TimedOut now = closeWindowThatTimesOut(LustreVersion.V2_16, 5);
        long left = now.json().get("final").get("timeRemaining").asLong();
        assertTrue(left > 0 && left <= 300, "soft 300 s minus the ~20 s waited: " + left);
        assertTrue(now.json().get("message").asText().endsWith(", " + left + "s left on the recovery timer)"),
                now.json().get("message").asText());
    }

    @Test
    void windowAlreadyClosedMeansNoEvictionAtAll() {
        SimCluster c = failedOverWithOneDeadClient();
        String dead = c.client("c004").uuid();
        assertEquals(0, agent(c, clock, c.serverNode(), "close-window", "--target", OST, "--evict-uuid", dead)
                .outcome().exitCode());
        clock.advance(Duration.ofMinutes(5));

        var run = agent(c, clock, c.serverNode(), "close-window", "--target", OST,
                "--evict-uuid", c.client("c001").uuid());

        assertEquals(0, run.outcome().exitCode(), run.outcome().json());
        assertTrue(run.json().get("alreadyClosed").asBoolean());
        assertEquals(List.of(), run.lctl().writes(), "outside recovery an eviction would hit a running client");
        assertFalse(c.client("c001").evicted());
    }

    @Test
    void notOnTheServerNode() {
        SimCluster c = failedOverWithOneDeadClient();
        var run = agent(c, clock, "c001", "close-window", "--target", OST, "--abort");
        assertEquals(1, run.outcome().exitCode());
        assertEquals("NoDevice", run.json().get("error").asText());
        assertEquals(List.of(), run.lctl().writes());
    }

    /**
     * 2.16+: recovery_stale_clients present and empty while RECOVERING means the server waits for
     * nobody (lprocfs_recovery_stale_clients_seq_show prints nothing once connected == max): evict
     * nothing, whatever the request says. The list is read through the simulated server, answered
     * empty at the moment the agent asks, as the kernel does once the last client has connected.
     */
    @Test
    void emptyStaleListOn216EvictsNothing() {
        SimCluster c = failedOverWithOneDeadClient();
        String dead = c.client("c004").uuid();
        var lctl = new RecordingRunner(args -> args.get(args.size() - 1).endsWith(".recovery_stale_clients")
                ? CommandResult.success("")
                : c.lctl(c.serverNode()).run(args));
        var req = (AgentRequest.CloseWindow) AgentArguments.parse(List.of("close-window", "--target", OST,
                "--evict-uuid", dead, "--timeout", "5s"));
        var report = new CloseWindowCommand(req, new Lctl(lctl), clock, Agent.clockOf(clock::millis)).run();

        assertEquals(List.of(), report.evicted(), "an empty list during RECOVERING: nobody is missing");
        assertEquals(List.of(dead), report.unknown());
        assertTrue(lctl.writes().isEmpty(), "no evict_client write at all: " + lctl.writes());
        assertFalse(c.client("c004").evicted());
    }

    /** Before 2.16 the file does not exist: the request is all there is, and every UUID is written. */
    @Test
    void withoutTheStaleListBefore216EveryRequestedUuidIsWritten() {
        SimCluster c = SimCluster.builder().target(OST).clients(3).deadNodes("c003")
                .version(LustreVersion.V2_15).ir(false).seed(3).clock(clock).build();
        c.failover();
        for (String node : List.of("c001", "c002")) {
            agent(c, clock, node, "reconnect", "--target", OST, "--nid", NEW_NID, "--instance", "5");
        }
        String dead = c.client("c003").uuid();

        var run = agent(c, clock, c.serverNode(), "close-window", "--target", OST, "--evict-uuid", dead);

        assertEquals(0, run.outcome().exitCode(), run.outcome().json());
        assertEquals(List.of(dead), texts(run.json().get("evicted")));
        assertTrue(c.client("c003").evicted());
    }

    @Test
    void aTargetExportIsRefusedBeforeAnyLctl() {
        SimCluster c = failedOverWithOneDeadClient();
        var run = agent(c, clock, c.serverNode(), "close-window", "--target", OST,
                "--evict-uuid", c.client("c004").uuid(), "--evict-uuid", "lustre-MDT0000-mdtlov_UUID");
        assertEquals(2, run.outcome().exitCode(), run.outcome().json());
        assertTrue(run.json().get("message").asText().contains("lustre-MDT0000-mdtlov_UUID"), run.outcome().json());
        assertTrue(run.lctl().calls().isEmpty());
        assertFalse(c.client("c004").evicted());
    }
}
