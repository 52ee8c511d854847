package dev.lustre.ir.agent;

import static dev.lustre.ir.agent.SimAgentSupport.NEW_NID;
import static dev.lustre.ir.agent.SimAgentSupport.OLD_NID;
import static dev.lustre.ir.agent.SimAgentSupport.OST;
import static dev.lustre.ir.agent.SimAgentSupport.agent;
import static dev.lustre.ir.agent.SimAgentSupport.texts;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.lustre.ir.lustre.ImportState;
import dev.lustre.ir.sim.ClientView;
import dev.lustre.ir.sim.LustreVersion;
import dev.lustre.ir.sim.ManualClock;
import dev.lustre.ir.sim.SimClock;
import dev.lustre.ir.sim.SimCluster;
import dev.lustre.ir.sim.SimClusterBuilder;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** agent reconnect against the simulated Lustre: every outcome the operator must tell apart. */
class ReconnectAgentTest {
    private final ManualClock clock = SimClock.manual();


    private SimClusterBuilder builder() {
        return SimCluster.builder().target(OST).clients(3).ir(false).seed(7).clock(clock);
    }

    @Test
    void reconnectsAnImportThatIsLookingForTheOldServer() {
        SimCluster c = builder().build();
        c.failover();
        ClientView before = c.client("c001");
        assertFalse(before.importState().isReconnected());

        var run = agent(c, clock, "c001", "reconnect", "--target", OST, "--nid", NEW_NID, "--instance", "5");

        assertEquals(0, run.outcome().exitCode(), run.outcome().json());
        JsonNode j = run.json();
        assertEquals("reconnect", j.get("command").asText());
        assertTrue(j.get("ok").asBoolean());
        assertEquals(OST, j.get("target").asText());
        assertEquals(List.of(before.uuid()), texts(j.get("uuids")));
        JsonNode d = j.get("devices").get(0);
        assertEquals(before.device(), d.get("device").asText());
        assertEquals(before.uuid(), d.get("uuid").asText());
        assertEquals("import", d.get("action").asText());
        assertEquals(NEW_NID, d.get("connection").asText());
        assertEquals(5, d.get("instance").asInt());
        assertTrue(Set.of("REPLAY", "REPLAY_LOCKS", "REPLAY_WAIT", "RECOVER", "FULL").contains(d.get("state").asText()));
        assertFalse(d.get("evicted").asBoolean());
        assertTrue(j.get("elapsedMs").asLong() > 0 && j.get("elapsedMs").asLong() < 60_000);
        assertEquals(List.of(List.of("set_param", "osc." + before.device() + ".import=connection=" + NEW_NID + "::5")),
                run.lctl().writes());
        assertEquals(NEW_NID, c.client("c001").currentConnection());
        assertEquals(List.of(AgentArguments.DEFAULT_LCTL_PREFIX), run.prefixes());
    }

    @Test
    void lustre212ClientWithBareNids() {
        SimCluster c = builder().version(LustreVersion.V2_12).build();
        c.failover();
        var run = agent(c, clock, "c001", "reconnect", "--target", OST, "--nid", NEW_NID, "--instance", "5");
        assertEquals(0, run.outcome().exitCode(), run.outcome().json());
        assertEquals(NEW_NID, run.json().get("devices").get(0).get("connection").asText());
    }

    @Test
    void withoutInstanceWritesThePlainConnection() {
        SimCluster c = builder().build();
        c.failover();
        var run = agent(c, clock, "c002", "reconnect", "--target", OST, "--nid", NEW_NID);
        assertEquals(0, run.outcome().exitCode(), run.outcome().json());
        assertEquals(List.of(List.of("set_param", "osc." + c.client("c002").device() + ".import=connection=" + NEW_NID)),
                run.lctl().writes());
    }

    @Test
    void alreadyReconnectedClientGetsNoWriteAtAll() {
        SimCluster c = builder().ir(true).build();
        c.failover();
        clock.advance(Duration.ofSeconds(40)); // the MGS notification reaches the clients meanwhile
        assertEquals(NEW_NID, c.client("c001").currentConnection());

        var run = agent(c, clock, "c001", "reconnect", "--target", OST, "--nid", OLD_NID, "--nid", NEW_NID,
                "--instance", "5");

        assertEquals(0, run.outcome().exitCode(), run.outcome().json());
        assertEquals(List.of(), run.lctl().writes(), "no set_param, no recover");
        assertEquals("none", run.json().get("devices").get(0).get("action").asText());
        assertTrue(run.lctl().calls().stream().allMatch(a -> Set.of("list_param", "get_param", "dl").contains(a.get(0))));
    }

    @Test
    void secondRunIsIdempotent() {
        SimCluster c = builder().build();
        c.failover();
        assertEquals(0, agent(c, clock, "c003", "reconnect", "--target", OST, "--nid", NEW_NID, "--instance", "5")
                .outcome().exitCode());
        var again = agent(c, clock, "c003", "reconnect", "--target", OST, "--nid", NEW_NID, "--instance", "5");
        assertEquals(0, again.outcome().exitCode(), again.outcome().json());
        assertEquals(List.of(), again.lctl().writes());
    }

    @Test
    void idleImportCountsAsHealthy() {
        SimCluster c = builder().idleNodes("c001").build();
        c.failover();
        assertEquals(ImportState.IDLE, c.client("c001").importState());

        var run = agent(c, clock, "c001", "reconnect", "--target", OST, "--nid", NEW_NID, "--instance", "5");

        assertEquals(0, run.outcome().exitCode(), run.outcome().json());
        JsonNode d = run.json().get("devices").get(0);
        assertEquals("IDLE", d.get("state").asText());
        // The import still points at the old server: the write moves the new NID to the head of its
        // connection list for the next use, and IDLE then counts as healthy.
        assertEquals("import", d.get("action").asText());
        assertTrue(run.lctl().writes().stream().noneMatch(a -> a.get(0).equals("--device")),
                "no synchronous recover on an idle import");
    }

    @Test
    void evictedClientIsReportedWithItsUuid() {
        SimCluster c = builder().build();
        c.failover();
        String uuid = c.client("c001").uuid();
        assertEquals(0, agent(c, clock, "c001", "reconnect", "--target", OST, "--nid", NEW_NID, "--instance", "5")
                .outcome().exitCode());
        // abort_recovery evicts every export that has not finished lock replay, live ones included
        assertEquals(0, c.lctl(c.serverNode()).run(List.of("--device", OST, "abort_recovery")).exitCode());
        clock.advance(Duration.ofSeconds(30)); // the client learns it and reconnects as a new client

        var run = agent(c, clock, "c001", "reconnect", "--target", OST, "--nid", NEW_NID, "--instance", "5");

        assertEquals(1, run.outcome().exitCode(), run.outcome().json());
        assertEquals("Evicted", run.json().get("error").asText());
        assertTrue(run.json().get("message").asText().contains("evicted"));
        assertEquals(List.of(uuid), texts(run.json().get("uuids")), "the operator needs the UUID on failure too");
        assertTrue(run.json().get("devices").get(0).get("evicted").asBoolean());
        assertEquals(List.of(), run.lctl().writes());
    }

    @Test
    void clientThatNeverConnectsTimesOutAfterTheRecoverFallback() {
        // 2.16+: recover on a connecting import blocks up to obd_timeout (ptlrpc_recover_import, LU-17142);
        // with 150 s there is room for it
        SimCluster c = builder().flapping(3, 1_000, Duration.ofSeconds(5)).build();
        c.failover();
        long start = clock.millis();

        var run = agent(c, clock, "c002", "reconnect", "--target", OST, "--nid", NEW_NID, "--timeout", "150s");

        assertEquals(1, run.outcome().exitCode(), run.outcome().json());
        assertEquals("Timeout", run.json().get("error").asText());
        assertTrue(run.json().get("message").asText().contains("not reconnected"), run.json().get("message").asText());
        assertEquals(List.of(c.client("c002").uuid()), texts(run.json().get("uuids")));
        assertEquals("recover", run.json().get("devices").get(0).get("action").asText());
        List<List<String>> writes = run.lctl().writes();
        assertEquals(2, writes.size(), writes.toString());
        assertEquals(List.of("--device", c.client("c002").device(), "recover", NEW_NID), writes.get(1));
        assertTrue(clock.millis() - start >= 150_000);
    }

    @Test
    void on216TheRecoverFallbackIsSkippedWhenItCouldBlockPastTheDeadline() {
        SimCluster c = builder().flapping(3, 1_000, Duration.ofSeconds(5)).build();
        c.failover();
        long start = clock.millis();

        var run = agent(c, clock, "c002", "reconnect", "--target", OST, "--nid", NEW_NID, "--timeout", "30s");

        assertEquals("Timeout", run.json().get("error").asText());
        JsonNode d = run.json().get("devices").get(0);
        assertEquals("import", d.get("action").asText(), "no uninterruptible 100 s recover in a 30 s budget");
        assertTrue(d.get("note").asText().contains("past the deadline"), d.toString());
        assertEquals(1, run.lctl().writes().size(), run.lctl().writes().toString());
        long took = clock.millis() - start;
        assertTrue(took >= 30_000 && took < 32_000, "kept its own deadline: " + took);
    }

    @Test
    void on216AReplayingImportNeverGetsARecover() {
        // c001 reconnected and waits in REPLAY for c003, which is dead: on 2.16 a recover would only
        // block for obd_timeout (ptlrpc_import_in_recovery_disconnect)
        SimCluster c = builder().deadNodes("c003").build();
        c.failover();
        var run = agent(c, clock, "c001", "reconnect", "--target", OST, "--nid", OLD_NID, "--timeout", "300s");
        assertEquals("Timeout", run.json().get("error").asText(), run.outcome().json());
        assertTrue(run.lctl().writes().stream().noneMatch(a -> a.get(0).equals("--device")), run.lctl().writes().toString());
    }

    @Test
    void upTo215TheFallbackRunsOnAConnectingImportAndReturnsAtOnce() {
        SimCluster c = builder().version(LustreVersion.V2_15)
                .flapping(3, 1_000, Duration.ofSeconds(5)).build();
        c.failover();
        long start = clock.millis();

        var run = agent(c, clock, "c002", "reconnect", "--target", OST, "--nid", NEW_NID, "--timeout", "30s");

        assertEquals("Timeout", run.json().get("error").asText(), run.outcome().json());
        assertEquals("recover", run.json().get("devices").get(0).get("action").asText());
        long took = clock.millis() - start;
        assertTrue(took >= 30_000 && took < 32_000, "EALREADY or a connect that is quickly refused: " + took);
    }

    @Test
    void knownNidWhereNoServerAnswersTimesOut() {
        SimCluster c = builder().build();
        c.failover();
        var run = agent(c, clock, "c001", "reconnect", "--target", OST, "--nid", OLD_NID, "--timeout", "20s");
        assertEquals(1, run.outcome().exitCode(), run.outcome().json());
        assertEquals("Timeout", run.json().get("error").asText());
    }

    @Test
    void nidThatTheImportDoesNotListIsRejectedBeforeAnyWrite() {
        SimCluster c = builder().build();
        c.failover();
        var run = agent(c, clock, "c001", "reconnect", "--target", OST, "--nid", "10.9.9.9@tcp");
        assertEquals(1, run.outcome().exitCode());
        assertEquals("WrongNid", run.json().get("error").asText());
        String msg = run.json().get("message").asText();
        assertTrue(msg.contains("10.9.9.9@tcp") && msg.contains(NEW_NID) && msg.contains(OLD_NID), msg);
        assertEquals(List.of(), run.lctl().writes());
        assertEquals(List.of(c.client("c001").uuid()), texts(run.json().get("uuids")));
    }

    @Test
    void twoMountsOnOneNodeAreBothReconnected() {
        SimCluster c = builder().mountsPerClient(2).build();
        c.failover();
        var run = agent(c, clock, "c001", "reconnect", "--target", OST, "--nid", NEW_NID, "--instance", "5");
        assertEquals(0, run.outcome().exitCode(), run.outcome().json());
        assertEquals(2, run.json().get("devices").size());
        assertEquals(2, run.json().get("uuids").size());
        assertFalse(run.json().get("uuids").get(0).asText().equals(run.json().get("uuids").get(1).asText()));
        assertEquals(2, run.lctl().writes().size());
        for (ClientView v : c.clients()) {
            if (v.node().equals("c001")) {
                assertEquals(NEW_NID, v.currentConnection(), v.device());
            }
        }
    }

    @Test
    void mdsOspDeviceIsFoundAndReconnected() {
        SimCluster c = builder().mdsClient("mds1", "MDT0000").build();
        c.failover();
        var run = agent(c, clock, "mds1", "reconnect", "--target", OST, "--nid", NEW_NID, "--instance", "5");
        assertEquals(0, run.outcome().exitCode(), run.outcome().json());
        JsonNode d = run.json().get("devices").get(0);
        assertEquals("lustre-OST0001-osc-MDT0000", d.get("device").asText());
        assertEquals("lustre-MDT0000-mdtlov_UUID", d.get("uuid").asText());
    }

    @Test
    void mdtTargetUsesTheMdc() {
        SimCluster c = SimCluster.builder().target("lustre-MDT0000").clients(2).ir(false).seed(3).clock(clock).build();
        c.failover();
        var run = agent(c, clock, "c001", "reconnect", "--target", "lustre-MDT0000", "--nid", NEW_NID);
        assertEquals(0, run.outcome().exitCode(), run.outcome().json());
        assertTrue(run.json().get("devices").get(0).get("device").asText().startsWith("lustre-MDT0000-mdc-"));
        assertTrue(run.lctl().writes().get(0).get(1).startsWith("mdc.lustre-MDT0000-mdc-"));
    }

    @Test
    void nodeWithoutTheFileSystemHasNoDevice() {
        SimCluster c = builder().build();
        c.failover();
        var run = agent(c, clock, c.serverNode(), "reconnect", "--target", OST, "--nid", NEW_NID);
        assertEquals(1, run.outcome().exitCode());
        assertEquals("NoDevice", run.json().get("error").asText());
        assertEquals(0, run.json().get("uuids").size());
    }

    @Test
    void deadNodeLctlFailure() {
        SimCluster c = builder().deadNodes("c003").build();
        c.failover();
        var run = agent(c, clock, "c003", "reconnect", "--target", OST, "--nid", NEW_NID);
        assertEquals(1, run.outcome().exitCode());
        assertEquals("LctlFailed", run.json().get("error").asText());
    }

    @Test
    void badArgumentsExitTwoWithJson() {
        SimCluster c = builder().build();
        var run = agent(c, clock, "c001", "reconnect", "--target", OST, "--nid", NEW_NID, "--timeout", "-3s");
        assertEquals(2, run.outcome().exitCode());
        assertEquals("BadArguments", run.json().get("error").asText());
        assertEquals("reconnect", run.json().get("command").asText());
        assertFalse(run.json().get("ok").asBoolean());
        assertEquals(List.of(), run.lctl().calls(), "nothing runs on bad arguments");
    }
}
