package dev.lustre.ir.operator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.List;

/**
 * The JSON object an agent run left as its termination message. Tolerant: a missing or garbled
 * message reads as a failure with an explanation, never as success.
 */
public record AgentReport(JsonNode json) {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    public static AgentReport parse(String message) {
        if (message == null || message.isBlank()) {
            return new AgentReport(MAPPER.createObjectNode().put("ok", false).put("error", "NoReport")
                    .put("message", "the agent left no termination message"));
        }
        try {
            JsonNode node = MAPPER.readTree(message);
            if (node == null || !node.isObject()) {
                throw new IllegalArgumentException("not a JSON object");
            }
            return new AgentReport(node);
        } catch (Exception e) {
            return new AgentReport(MAPPER.createObjectNode().put("ok", false).put("error", "BadReport")
                    .put("message", "unreadable agent report: " + e.getMessage()));
        }
    }

    public boolean ok() {
        return json.path("ok").asBoolean(false);
    }

    public String error() {
        return text(json, "error");
    }

    public String message() {
        return text(json, "message");
    }

    public List<String> uuids() {
        return strings(json.path("uuids"));
    }

    /** inspect-server: the recovery block. */
    public JsonNode recovery() {
        return json.path("recovery");
    }

    /** close-window: the target's recovery block after closing. */
    public JsonNode finalRecovery() {
        return json.path("final");
    }

    public Long instance() {
        return json.hasNonNull("instance") ? json.get("instance").asLong() : null;
    }

    public boolean staleSupported() {
        return json.path("staleSupported").asBoolean(false);
    }

    public List<String> staleClients() {
        return strings(json.path("staleClients"));
    }

    public boolean staleTruncated() {
        return json.path("staleTruncated").asBoolean(false);
    }

    public Integer staleCount() {
        return integer(json, "staleCount");
    }

    public String irState() {
        return text(json, "irState");
    }

    public static String text(JsonNode node, String field) {
        return node.hasNonNull(field) ? node.get(field).asText() : null;
    }

    public static Integer integer(JsonNode node, String field) {
        return node.hasNonNull(field) && node.get(field).canConvertToInt() ? node.get(field).asInt() : null;
    }

    private static List<String> strings(JsonNode array) {
        List<String> out = new ArrayList<>();
        if (array.isArray()) {
            array.forEach(n -> out.add(n.asText()));
        }
        return out;
    }
}
