package dev.lustre.ir.agent;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.lustre.ir.sim.ManualClock;
import dev.lustre.ir.sim.SimCluster;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Runs the agent in-process against one node of a simulated cluster, on the cluster's manual clock. */
final class SimAgentSupport {
    static final String OST = "lustre-OST0001";
    static final String OLD_NID = "10.0.0.11@tcp";
    static final String NEW_NID = "10.0.0.12@tcp";
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private SimAgentSupport() {
    }

    record Run(AgentOutcome outcome, JsonNode json, RecordingRunner lctl, List<List<String>> prefixes) {
    }

    static Run agent(SimCluster cluster, ManualClock clock, String node, String... args) {
        RecordingRunner rec = new RecordingRunner(cluster.lctl(node));
        List<List<String>> prefixes = new ArrayList<>();
        AgentOutcome outcome = Agent.run(List.of(args), prefix -> {
            prefixes.add(prefix);
            return rec;
        }, clock, Agent.clockOf(clock::millis));
        assertTrue(outcome.json().getBytes(StandardCharsets.UTF_8).length <= 4000, "termination message too big");
        assertEquals(1, outcome.json().lines().count(), "one JSON object on one line");
        return new Run(outcome, parse(outcome.json()), rec, prefixes);
    }

    static JsonNode parse(String json) {
        try {
            return MAPPER.readTree(json);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static List<String> texts(JsonNode array) {
        List<String> out = new ArrayList<>();
        array.forEach(n -> out.add(n.asText()));
        return out;
    }
}
