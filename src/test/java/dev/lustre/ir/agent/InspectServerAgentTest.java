package dev.lustre.ir.agent;

import static dev.lustre.ir.agent.SimAgentSupport.NEW_NID;
import static dev.lustre.ir.agent.SimAgentSupport.OST;
import static dev.lustre.ir.agent.SimAgentSupport.agent;
import static dev.lustre.ir.agent.SimAgentSupport.texts;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;

import dev.lustre.ir.sim.LustreVersion;
import dev.lustre.ir.sim.ManualClock;
import dev.lustre.ir.sim.SimCluster;
import dev.lustre.ir.sim.SimClock;

import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Test;

/** agent inspect-server on the versions that differ: 2.12 (no stale list) and 2.16. */
class InspectServerAgentTest {
    private final ManualClock clock = SimClock.manual();

    private SimCluster cluster(LustreVersion version) {
        SimCluster c = SimCluster.builder().target(OST).clients(5).deadNodes("c004", "c005").ir(false)
                .version(version).mgsNode("mds1").seed(9).clock(clock).build();
        c.failover();
        for (String node : List.of("c001", "c002", "c003")) {
            var run = agent(c, clock, node, "reconnect", "--target", OST, "--nid", NEW_NID, "--instance", "5");
            assertEquals(0, run.outcome().exitCode(), version + ": " + run.outcome().json());
        }
        return c;
    }

    @Test
    void lustre216ListsTheStaleClients() {
        SimCluster c = cluster(LustreVersion.V2_16);

        var run = agent(c, clock, c.serverNode(), "inspect-server", "--target", OST);

        assertEquals(0, run.outcome().exitCode(), run.outcome().json());
        JsonNode j = run.json();
        assertEquals("inspect-server", j.get("command").asText());
        JsonNode r = j.get("recovery");
        assertEquals("RECOVERING", r.get("status").asText());
        assertEquals(3, r.get("connected").asInt());
        assertEquals(5, r.get("total").asInt());
        assertEquals(0, r.get("evicted").asInt());
        assertTrue(r.get("timeRemaining").asLong() > 0);
        assertTrue(r.get("recoveryStart").asLong() > 1_600_000_000L, "epoch seconds since 2.14");
        assertFalse(r.has("ir"), "IR is printed only once COMPLETE");
        assertEquals(5, j.get("instance").asInt());
        assertTrue(j.get("staleSupported").asBoolean());
        assertEquals(List.of(c.client("c004").uuid(), c.client("c005").uuid()).stream().sorted().toList(),
                texts(j.get("staleClients")).stream().sorted().toList());
        assertEquals(2, j.get("staleCount").asInt());
        assertFalse(j.get("staleTruncated").asBoolean());
        assertTrue(j.get("irState").isNull(), "the MGS is not on this node");
        assertEquals(List.of(), run.lctl().writes(), "inspection only reads");
    }

    @Test
    void lustre212HasNoStaleListAndThatIsNotAnError() {
        SimCluster c = cluster(LustreVersion.V2_12);

        var run = agent(c, clock, c.serverNode(), "inspect-server", "--target", OST);

        assertEquals(0, run.outcome().exitCode(), run.outcome().json());
        JsonNode j = run.json();
        assertFalse(j.get("staleSupported").asBoolean());
        assertFalse(j.has("staleClients"));
        assertFalse(j.has("staleCount"));
        assertEquals("RECOVERING", j.get("recovery").get("status").asText());
        assertEquals(3, j.get("recovery").get("connected").asInt());
        assertEquals(5, j.get("instance").asInt());
    }

    @Test
    void rightAfterTheFailoverNobodyIsBackYet() {
        SimCluster c = SimCluster.builder().target(OST).clients(3).ir(false).seed(2).clock(clock).build();
        c.failover();
        var run = agent(c, clock, c.serverNode(), "inspect-server", "--target", OST, "--lctl", "/usr/sbin/lctl");
        assertEquals(0, run.outcome().exitCode(), run.outcome().json());
        assertEquals("WAITING_FOR_CLIENTS", run.json().get("recovery").get("status").asText());
        assertEquals(List.of(List.of("/usr/sbin/lctl")), run.prefixes(), "--lctl replaces the nsenter prefix");
    }

    @Test
    void mgsNodeReportsTheIrState() {
        SimCluster c = SimCluster.builder().target(OST).clients(2).ir(false).mgsNode("oss2").seed(4).clock(clock)
                .build();
        c.failover();
        var run = agent(c, clock, "oss2", "inspect-server", "--target", OST, "--fsname", "lustre");
        assertEquals(0, run.outcome().exitCode(), run.outcome().json());
        assertEquals("disabled", run.json().get("irState").asText());
    }

    @Test
    void completeTargetShowsIrAndVbr() {
        SimCluster c = cluster(LustreVersion.V2_16);
        agent(c, clock, c.serverNode(), "close-window", "--target", OST,
                "--evict-uuid", c.client("c004").uuid(), "--evict-uuid", c.client("c005").uuid());
        clock.advance(Duration.ofSeconds(5));

        var run = agent(c, clock, c.serverNode(), "inspect-server", "--target", OST);

        JsonNode r = run.json().get("recovery");
        assertEquals("COMPLETE", r.get("status").asText());
        assertEquals(3, r.get("completed").asInt());
        assertEquals(5, r.get("total").asInt());
        assertEquals(2, r.get("evicted").asInt());
        assertTrue(r.has("ir") && r.has("vbr") && r.has("durationSeconds"));
        assertNull(r.get("timeRemaining"));
        assertEquals(0, run.json().get("staleCount").asInt());
    }

    @Test
    void clientNodeHasNoSuchTarget() {
        SimCluster c = cluster(LustreVersion.V2_16);
        var run = agent(c, clock, "c001", "inspect-server", "--target", OST);
        assertEquals(1, run.outcome().exitCode());
        assertEquals("NoDevice", run.json().get("error").asText());
        assertTrue(run.json().get("message").asText().contains("not mounted"));
    }
}
