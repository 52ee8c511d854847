package dev.lustre.ir.agent;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.lustre.ir.lustre.RecoveryState;
import dev.lustre.ir.sim.ManualClock;
import dev.lustre.ir.sim.SimClock;
import dev.lustre.ir.sim.SimCluster;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import static dev.lustre.ir.agent.SimAgentSupport.NEW_NID;
import static dev.lustre.ir.agent.SimAgentSupport.OST;
import static dev.lustre.ir.agent.SimAgentSupport.agent;
import static dev.lustre.ir.agent.SimAgentSupport.parse;
import static dev.lustre.ir.agent.SimAgentSupport.texts;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A round without Kubernetes, as Ansible's standalone role runs it: {@code agent facts} on every
 * client ahead of the failure, {@code agent reconnect} on the live ones after it, {@code agent
 * inspect-server} and {@code agent decide} on what was gathered, then the server's {@code agent
 * close-window} with exactly the arguments decide printed; against the simulated Lustre.
 */
class StandaloneDecideTest {
    private static final List<String> CLIENTS = List.of("c001", "c002", "c003", "c004");

    @TempDir
    Path dir;
    private final ManualClock clock = SimClock.manual();
    private SimCluster cluster;
    private final Map<String, JsonNode> facts = new HashMap<>();
    private String start;

    /** Four clients registered while healthy; then the failover, and c004 dies with it. */
    @BeforeEach
    void failover() {
        cluster = SimCluster.builder().target(OST).clients(4).ir(false).seed(7).clock(clock).build();
        for (String node : CLIENTS) {
            AgentOutcome out = site("facts", "--node", node, "--lctl", "lctl");
            assertEquals(0, out.exitCode(), out.json());
            facts.put(node, parse(out.json()));
        }
        cluster.failover();
        cluster.kill("c004");
        start = clock.instant().toString();
    }

    @Test
    void evictsExactlyTheFencedHostsUuidsAndTheWindowClosesWithLiveReplayKept() throws IOException {
        String deadUuid = cluster.client("c004").uuid();
        assertEquals(List.of(deadUuid), texts(uuidsOf(facts.get("c004"))), "facts registered the UUID ahead of the failure");
        ObjectNode o = observations(Map.of("c004", "OutOfService"));

        JsonNode d = decide(o, null);

        assertEquals("Close", d.get("decision").asText(), d.toString());
        assertEquals(List.of(deadUuid), texts(d.get("evictUuids")));
        assertFalse(d.get("abort").asBoolean());
        assertEquals(3, d.get("counts").get("reconnected").asInt());
        assertEquals(1, d.get("counts").get("dead").asInt());
        List<String> close = texts(d.get("closeArgs"));
        assertEquals(List.of("close-window", "--target", OST, "--evict-uuid", deadUuid), close);

        var run = agent(cluster, clock, cluster.serverNode(), close.toArray(String[]::new));
        assertEquals(0, run.outcome().exitCode(), run.outcome().json());
        assertEquals(List.of(deadUuid), cluster.evictRequests());
        clock.advance(Duration.ofSeconds(30));
        assertFalse(cluster.recoveryStatus().windowOpen());
        for (String node : List.of("c001", "c002", "c003")) {
            assertFalse(cluster.client(node).evicted(), node + " keeps its export");
            assertTrue(cluster.client(node).replayKept(), node + " keeps its replay");
        }
    }

    /** Unreachable is not proof of death under a policy that does not take NotReady as evidence. */
    @Test
    void anUnreachableHostIsNotDeadUnlessThePolicyTakesItAsEvidence() throws IOException {
        Path policy = dir.resolve("policy.yaml");
        Files.writeString(policy, """
                apiVersion: ir.lustre.dev/v1alpha1
                kind: LustreRecoveryPolicy
                metadata: {name: strict}
                spec:
                  deadClientEvidence: [NodeMissing]
                  closeWhen: AllReconnected
                """);
        JsonNode d = decide(observations(Map.of("c004", "NotReady")), policy);
        assertEquals("Wait", d.get("decision").asText(), d.toString());
        assertNull(d.get("evictUuids"));
        assertEquals(1, d.get("counts").get("pending").asInt());

        JsonNode fenced = decide(observations(Map.of("c004", "Missing")), policy);
        assertEquals("Close", fenced.get("decision").asText(), fenced.toString());
    }

    /** A host that reported itself back is never evicted, whatever else is said of it. */
    @Test
    void aHostThatReconnectedIsNeverEvictedEvenIfMarkedFenced() throws IOException {
        JsonNode d = decide(observations(Map.of("c003", "OutOfService", "c004", "OutOfService")), null);
        assertEquals("Close", d.get("decision").asText(), d.toString());
        assertEquals(List.of(cluster.client("c004").uuid()), texts(d.get("evictUuids")));
    }

    /** A dead host whose UUIDs nobody registered cannot be named: left to Lustre's timer, said so. */
    @Test
    void aDeadHostWithoutKnownUuidsIsLeftToLustre() throws IOException {
        facts.remove("c004");
        JsonNode d = decide(observations(Map.of("c004", "OutOfService")), null);
        assertEquals("LeaveToLustre", d.get("decision").asText(), d.toString());
        assertNull(d.get("closeArgs"));
        assertTrue(d.get("reason").asText().contains("nobody may be evicted"), d.toString());
    }

    @Test
    void approvalRequiredWaitsForTheApprovedFlag() throws IOException {
        Path policy = dir.resolve("approve.yaml");
        Files.writeString(policy, "approval: Required\n");
        ObjectNode o = observations(Map.of("c004", "OutOfService"));
        JsonNode waiting = decide(o, policy);
        assertEquals("AwaitApproval", waiting.get("decision").asText(), waiting.toString());
        assertEquals(List.of(cluster.client("c004").uuid()), texts(waiting.get("evictUuids")));
        o.put("approved", true);
        JsonNode approved = decide(o, policy);
        assertEquals("Close", approved.get("decision").asText());
        assertEquals("Approved", approved.get("closedBy").asText());
    }

    @Test
    void aClosedWindowNeedsNothing() throws IOException {
        ObjectNode o = observations(Map.of("c004", "OutOfService"));
        agent(cluster, clock, cluster.serverNode(), "close-window", "--target", OST, "--abort");
        o.set("server", inspect());
        JsonNode d = decide(o, null);
        assertEquals("LustreFinished", d.get("decision").asText(), d.toString());
        assertNull(d.get("closeArgs"));
    }

    /** Bad input is refused with exit 2 and the field named; nothing is decided from it. */
    @Test
    void badInputNamesTheField() throws IOException {
        ObjectNode good = observations(Map.of("c004", "OutOfService"));
        Map<String, java.util.function.Consumer<ObjectNode>> cases = new java.util.LinkedHashMap<>();
        cases.put("clients[1].health", o -> ((ObjectNode) o.get("clients").get(1)).put("health", "Dead"));
        cases.put("target", o -> o.put("target", "lustre-OST0001; rm -rf /"));
        cases.put("clients[0].uuids[0]", o -> ((ObjectNode) o.get("clients").get(0)).putArray("uuids").add("lustre-MDT0000-mdtlov_UUID"));
        cases.put("clients[2].node", o -> ((ObjectNode) o.get("clients").get(2)).put("node", "../etc"));
        cases.put("observations.extra", o -> o.put("extra", 1));
        cases.put("startTime", o -> o.put("startTime", "yesterday"));
        cases.put("server", o -> o.remove("server"));
        cases.put("clients[3].node", o -> ((ObjectNode) o.get("clients").get(3)).put("node", "c001"));
        cases.put("expectedCount", o -> o.put("expectedCount", -3));
        cases.put("clients[0].reconnect", o -> ((ObjectNode) o.get("clients").get(0)).set("reconnect", o.get("server")));
        for (var c : cases.entrySet()) {
            ObjectNode o = good.deepCopy();
            c.getValue().accept(o);
            AgentOutcome out = decideRaw(o, null);
            assertEquals(AgentOutcome.BAD_ARGUMENTS, out.exitCode(), c.getKey() + ": " + out.json());
            assertTrue(parse(out.json()).get("message").asText().contains(c.getKey()), c.getKey() + ": " + out.json());
        }
        Path policy = dir.resolve("bad.yaml");
        Files.writeString(policy, "kind: LustreRecoveryPolicy\nspec: {quorum: -3}\n");
        AgentOutcome out = decideRaw(good, policy);
        assertEquals(AgentOutcome.BAD_ARGUMENTS, out.exitCode(), out.json());
        assertTrue(parse(out.json()).get("message").asText().contains("spec.quorum"), out.json());
        Files.writeString(policy, "closeWhen: Sometimes\n");
        out = decideRaw(good, policy);
        assertTrue(parse(out.json()).get("message").asText().contains("policy.closeWhen"), out.json());
    }

    // ------------------------------------------------------------------ the gathering Ansible does

    /** Reconnect on every live host, inspect the server, and say what the site knows of each host. */
    private ObjectNode observations(Map<String, String> health) {
        ObjectNode o = JsonNodeFactory.instance.objectNode();
        o.put("target", OST);
        o.put("startTime", start);
        o.set("server", null);
        ArrayNode clients = o.putArray("clients");
        for (String node : CLIENTS) {
            ObjectNode c = clients.addObject();
            c.put("node", node);
            c.put("health", health.getOrDefault(node, "Ready"));
            if (facts.containsKey(node)) {
                c.set("facts", facts.get(node));
            }
            if (cluster.isAlive(node)) {
                var run = agent(cluster, clock, node, "reconnect", "--target", OST, "--nid", NEW_NID);
                c.set("reconnect", run.json());
            }
        }
        o.set("server", inspect());
        return o;
    }

    private JsonNode inspect() {
        var run = agent(cluster, clock, cluster.serverNode(), "inspect-server", "--target", OST);
        assertEquals(0, run.outcome().exitCode(), run.outcome().json());
        assertEquals(RecoveryState.RECOVERING.name().equals(run.json().get("recovery").get("status").asText()),
                cluster.recoveryStatus().windowOpen());
        return run.json();
    }

    private JsonNode decide(ObjectNode observations, Path policy) throws IOException {
        AgentOutcome out = decideRaw(observations, policy);
        assertEquals(0, out.exitCode(), out.json());
        return parse(out.json());
    }

    private AgentOutcome decideRaw(ObjectNode observations, Path policy) throws IOException {
        Path file = dir.resolve("observations.json");
        Files.writeString(file, observations.toString());
        List<String> args = new ArrayList<>(List.of("decide", "--observations", file.toString(),
                "--now", clock.instant().toString()));
        if (policy != null) {
            args.addAll(List.of("--policy", policy.toString()));
        }
        return site(args.toArray(String[]::new));
    }

    private AgentOutcome site(String... args) {
        return SiteCommands.run(List.of(args), prefix -> cluster.lctl(args[2]), Agent.clockOf(clock::millis));
    }

    /** The UUIDs of the target's devices: an MGC device has a UUID of its own. */
    private static ArrayNode uuidsOf(JsonNode facts) {
        ArrayNode out = JsonNodeFactory.instance.arrayNode();
        facts.get("clientDevices").forEach(d -> {
            if (OST.equals(d.path("target").asText())) {
                out.add(d.get("uuid").asText());
            }
        });
        return out;
    }
}
