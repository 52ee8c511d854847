package dev.lustre.ir.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.lustre.ir.lustre.CommandResult;
import dev.lustre.ir.agent.Sleeper;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.Test;

/** The termination message must stay under 4 KiB however many clients are involved. */
class JsonBoundsTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void closeWindowWithFiveHundredUuidsStaysUnderFourKiB() throws Exception {
        List<String> args = new ArrayList<>(List.of("close-window", "--target", "lustre-OST0001"));
        for (int i = 0; i < 500; i++) {
            args.add("--evict-uuid");
            args.add(UUID.nameUUIDFromBytes(("c" + i).getBytes(StandardCharsets.UTF_8)).toString());
        }
        int[] reads = {0};
        AgentOutcome outcome = Agent.run(args, prefix -> argv -> {
            if (argv.get(argv.size() - 1).endsWith("recovery_stale_clients")) {
                return CommandResult.failure(2, "error: get_param: param_path 'x': No such file or directory\n");
            }
            if (argv.get(0).equals("get_param")) {
                return CommandResult.success(reads[0]++ == 0
                        ? "status: RECOVERING\nconnected_clients: 1/501\ncompleted_clients: 1\n"
                        : "status: COMPLETE\ncompleted_clients: 1/501\n");
            }
            return CommandResult.success("");
        }, d -> { }, Clock.systemUTC());

        assertEquals(0, outcome.exitCode(), outcome.json());
        assertTrue(outcome.json().getBytes(StandardCharsets.UTF_8).length <= 4000, outcome.json().length() + " bytes");
        JsonNode json = JSON.readTree(outcome.json());
        assertEquals(500, json.get("evictedCount").asInt());
        assertTrue(json.get("evicted").size() < 500);
        assertTrue(json.get("truncated").asBoolean());
        assertEquals("COMPLETE", json.get("final").get("status").asText());
    }

    @Test
    void inspectServerWithThousandsOfStaleClientsStaysUnderFourKiB() throws Exception {
        StringBuilder stale = new StringBuilder();
        for (int i = 0; i < 3000; i++) {
            stale.append(UUID.nameUUIDFromBytes(("s" + i).getBytes(StandardCharsets.UTF_8))).append('\n');
        }
        AgentOutcome outcome = Agent.run(List.of("inspect-server", "--target", "lustre-OST0001"), prefix -> argv -> {
            String p = argv.get(argv.size() - 1);
            if (p.endsWith("recovery_status")) {
                return CommandResult.success("status: RECOVERING\nconnected_clients: 1/3001\ncompleted_clients: 0\n");
            }
            if (p.endsWith("recovery_stale_clients")) {
                return CommandResult.success(stale.toString());
            }
            if (p.endsWith("instance")) {
                return CommandResult.success("9\n");
            }
            return CommandResult.failure(2, "error: get_param: param_path '" + p + "': No such file or directory\n");
        }, Sleeper.real(), Clock.systemUTC());

        assertEquals(0, outcome.exitCode(), outcome.json());
        assertTrue(outcome.json().getBytes(StandardCharsets.UTF_8).length <= 4000);
        JsonNode json = JSON.readTree(outcome.json());
        assertEquals(3000, json.get("staleCount").asInt());
        assertTrue(json.get("staleTruncated").asBoolean());
        assertTrue(json.get("staleClients").size() > 0 && json.get("staleClients").size() < 3000);
        assertEquals(9, json.get("instance").asInt());
    }
}
