package dev.lustre.ir.agent;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.lustre.ir.api.Limits;
import dev.lustre.ir.api.Patterns;
import dev.lustre.ir.lustre.InvalidLustreValueException;
import dev.lustre.ir.lustre.LustreNames;
import dev.lustre.ir.lustre.TargetName;
import dev.lustre.ir.policy.ClientClassifier;
import dev.lustre.ir.policy.ClientObservation;
import dev.lustre.ir.policy.EffectivePolicy;
import dev.lustre.ir.policy.JobOutcome;
import dev.lustre.ir.policy.NodeHealth;
import dev.lustre.ir.policy.ObservedNodeHealth;
import dev.lustre.ir.policy.RoundObservation;
import dev.lustre.ir.report.AgentError;
import dev.lustre.ir.report.CommandReport;
import dev.lustre.ir.report.InspectServerReport;
import dev.lustre.ir.report.ReconnectReport;
import dev.lustre.ir.report.ReportReader;
import dev.lustre.ir.report.UnreadableReportException;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * A round run without Kubernetes (Ansible's {@code standalone} role), as {@code agent decide} reads
 * it: what each client's {@code agent reconnect} printed, what the server's {@code agent
 * inspect-server} printed, each host's health as the site knows it, and the UUIDs each host's
 * {@code agent facts} registered ahead of the failure. It becomes the same {@link RoundObservation}
 * the operator builds, so the same pure decision applies; nothing here re-states a rule of the policy.
 *
 * <p>Health stands in for the Node object: {@code NotReady} for a host the site cannot reach,
 * {@code OutOfService} for a fenced one (powered off by STONITH), {@code Missing} for one removed.
 * Every value is checked here, and an error names its field: {@code clients[2].health}.
 *
 * @param server the server's inspection; its recovery says whether the window is still open
 */
record StandaloneRound(TargetName target, InspectServerReport server, RoundObservation observation) {
    private static final JsonMapper MAPPER = JsonMapper.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .build();
    private static final Pattern NODE_NAME = Pattern.compile(Patterns.NODE_NAME);
    private static final int MAX_NODE_NAME = 253;
    private static final Set<String> FIELDS = Set.of("target", "startTime", "expectedCount", "approved", "server", "clients");
    private static final Set<String> CLIENT_FIELDS = Set.of("node", "health", "healthSince", "uuids", "facts", "reconnect");

    static StandaloneRound parse(String json, EffectivePolicy policy, Instant now) {
        JsonNode root;
        try {
            root = MAPPER.readTree(json);
        } catch (JsonProcessingException e) {
            throw bad("observations: not JSON: " + e.getOriginalMessage());
        }
        if (root == null || !root.isObject()) {
            throw bad("observations: expected a JSON object");
        }
        onlyKnown(root, FIELDS, "observations");
        TargetName target = target(text(root, "target", true));
        Instant start = instant(root, "startTime", true);
        InspectServerReport server = serverReport(root.get("server"));
        JsonNode list = root.get("clients");
        if (list == null || !list.isArray() || list.isEmpty()) {
            throw bad("clients: expected a non-empty list of client hosts");
        }
        if (list.size() > Limits.MAX_CLIENTS) {
            throw bad("clients: " + list.size() + " hosts, more than " + Limits.MAX_CLIENTS);
        }
        List<ClientObservation> clients = new ArrayList<>();
        Map<String, List<String>> inventory = new LinkedHashMap<>();
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < list.size(); i++) {
            String at = "clients[" + i + "]";
            JsonNode c = list.get(i);
            if (!c.isObject()) {
                throw bad(at + ": expected an object");
            }
            onlyKnown(c, CLIENT_FIELDS, at);
            String node = text(c, "node", true, at);
            if (node.length() > MAX_NODE_NAME || !NODE_NAME.matcher(node).matches()) {
                throw bad(at + ".node: '" + AgentArguments.printable(node) + "' is not a host name (a DNS-1123 subdomain)");
            }
            if (!seen.add(node)) {
                throw bad(at + ".node: " + node + " is listed twice");
            }
            NodeHealth health = health(text(c, "health", true, at), at);
            Instant since = instant(c, "healthSince", false, at);
            Set<String> uuids = new LinkedHashSet<>(uuids(c.get("uuids"), at + ".uuids"));
            uuids.addAll(factsUuids(c.get("facts"), target, at + ".facts"));
            JobOutcome outcome = outcome(c.get("reconnect"), target, at + ".reconnect");
            uuids.addAll(outcome.uuids());
            inventory.put(node, List.copyOf(uuids));
            clients.add(ClientClassifier.classify(node, new ObservedNodeHealth(health, since), outcome,
                    policy.deadClientEvidence()));
        }
        int expected = clients.size();
        JsonNode count = root.get("expectedCount");
        if (count != null && !count.isNull()) {
            if (!count.canConvertToInt() || !count.isIntegralNumber() || count.asInt() < 1 || count.asInt() > Limits.MAX_CLIENTS) {
                throw bad("expectedCount: expected a whole number 1.." + Limits.MAX_CLIENTS + ", not " + count);
            }
            expected = count.asInt();
        }
        boolean approved = bool(root, "approved");
        Set<String> stale = server.staleSupported() ? new LinkedHashSet<>(server.staleClients()) : null;
        boolean complete = !Boolean.TRUE.equals(server.staleTruncated());
        return new StandaloneRound(target, server, new RoundObservation(policy, start, now, expected, clients, stale,
                complete, inventory, approved));
    }

    /** The server's report: a readable inspect-server report of this round's target. */
    private static InspectServerReport serverReport(JsonNode node) {
        if (node == null || node.isNull()) {
            throw bad("server: missing: what the server's `agent inspect-server` printed");
        }
        CommandReport r;
        try {
            r = ReportReader.read(node.toString());
        } catch (UnreadableReportException e) {
            throw bad("server: not an agent report: " + e.getMessage());
        }
        if (!(r instanceof InspectServerReport inspect)) {
            throw bad("server: a report of `agent " + r.command() + "`, not of `agent inspect-server`");
        }
        return inspect;
    }

    /**
     * What a client's reconnect tells, as a finished Job's report would: absent or null when the host
     * could not be reached (nothing ran there), else succeeded or failed with the agent's words.
     */
    private static JobOutcome outcome(JsonNode node, TargetName target, String at) {
        if (node == null || node.isNull()) {
            return JobOutcome.notCreated();
        }
        CommandReport r;
        try {
            r = ReportReader.read(node.toString());
        } catch (UnreadableReportException e) {
            return new JobOutcome(JobOutcome.Phase.Failed, false, e.reason().name(), List.of(), 1,
                    at + ": " + e.getMessage());
        }
        if (!(r instanceof ReconnectReport reconnect)) {
            throw bad(at + ": a report of `agent " + r.command() + "`, not of `agent reconnect`");
        }
        if (reconnect.target() != null && !reconnect.target().equals(target.name())) {
            throw bad(at + ": a reconnect to " + reconnect.target() + ", not to " + target.name());
        }
        List<String> uuids = reconnect.uuids().stream().filter(u -> !LustreNames.isServerUuid(u)).toList();
        return new JobOutcome(reconnect.ok() ? JobOutcome.Phase.Succeeded : JobOutcome.Phase.Failed, reconnect.ok(),
                reconnect.error() == null ? null : reconnect.error().name(), uuids, 1, reconnect.message());
    }

    /** The client UUIDs of the target's devices in what {@code agent facts} printed. */
    private static List<String> factsUuids(JsonNode facts, TargetName target, String at) {
        if (facts == null || facts.isNull()) {
            return List.of();
        }
        JsonNode devices = facts.get("clientDevices");
        if (devices == null || devices.isNull()) {
            return List.of();
        }
        if (!devices.isArray()) {
            throw bad(at + ".clientDevices: expected a list");
        }
        List<String> out = new ArrayList<>();
        for (int i = 0; i < devices.size(); i++) {
            JsonNode d = devices.get(i);
            String where = at + ".clientDevices[" + i + "]";
            if (!d.isObject()) {
                throw bad(where + ": expected an object");
            }
            if (target.name().equals(text(d, "target", false, where))) {
                out.add(uuid(text(d, "uuid", true, where), where + ".uuid"));
            }
        }
        return out;
    }

    private static List<String> uuids(JsonNode node, String at) {
        if (node == null || node.isNull()) {
            return List.of();
        }
        if (!node.isArray()) {
            throw bad(at + ": expected a list of client UUIDs");
        }
        List<String> out = new ArrayList<>();
        for (int i = 0; i < node.size(); i++) {
            JsonNode u = node.get(i);
            if (!u.isTextual()) {
                throw bad(at + "[" + i + "]: expected a string");
            }
            out.add(uuid(u.asText(), at + "[" + i + "]"));
        }
        return out;
    }

    private static String uuid(String value, String at) {
        try {
            LustreNames.uuid(value);
        } catch (InvalidLustreValueException e) {
            throw bad(at + ": " + e.getMessage());
        }
        if (LustreNames.isServerUuid(value)) {
            // A target's own export is never a client's: claiming it would let a close evict a target.
            throw bad(at + ": " + value + " names a Lustre target's export, never a client");
        }
        return value;
    }

    private static NodeHealth health(String value, String at) {
        for (NodeHealth h : NodeHealth.values()) {
            if (h.name().equals(value)) {
                return h;
            }
        }
        throw bad(at + ".health: '" + AgentArguments.printable(value) + "' is not one of Ready, NotReady, OutOfService, Missing");
    }

    private static TargetName target(String value) {
        try {
            return TargetName.parse(value);
        } catch (InvalidLustreValueException e) {
            throw bad("target: " + e.getMessage());
        }
    }

    private static void onlyKnown(JsonNode object, Set<String> known, String at) {
        for (Iterator<String> it = object.fieldNames(); it.hasNext(); ) {
            String f = it.next();
            if (!known.contains(f)) {
                throw bad(at + "." + AgentArguments.printable(f) + ": unknown field (known: " + new java.util.TreeSet<>(known) + ")");
            }
        }
    }

    private static String text(JsonNode object, String field, boolean required) {
        return text(object, field, required, null);
    }

    private static String text(JsonNode object, String field, boolean required, String at) {
        String name = at == null ? field : at + "." + field;
        JsonNode v = object.get(field);
        if (v == null || v.isNull()) {
            if (required) {
                throw bad(name + ": missing");
            }
            return null;
        }
        if (!v.isTextual()) {
            throw bad(name + ": expected a string");
        }
        return v.asText();
    }

    private static Instant instant(JsonNode object, String field, boolean required) {
        return instant(object, field, required, null);
    }

    private static Instant instant(JsonNode object, String field, boolean required, String at) {
        String value = text(object, field, required, at);
        if (value == null) {
            return null;
        }
        try {
            return Instant.parse(value);
        } catch (DateTimeParseException e) {
            throw bad((at == null ? field : at + "." + field) + ": '" + AgentArguments.printable(value)
                    + "' is not an RFC 3339 time in UTC (e.g. 2026-12-05T01:00:00Z)");
        }
    }

    private static boolean bool(JsonNode object, String field) {
        JsonNode v = object.get(field);
        if (v == null || v.isNull()) {
            return false;
        }
        if (!v.isBoolean()) {
            throw bad(field + ": expected true or false");
        }
        return v.asBoolean();
    }

    private static AgentException bad(String message) {
        return new AgentException(AgentError.BadArguments, message);
    }
}
