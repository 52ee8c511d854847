package dev.lustre.ir.e2e;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lustre.ir.api.ApiGroup;
import dev.lustre.ir.api.LustreFailover;
import dev.lustre.ir.api.LustreRound;
import dev.lustre.ir.api.Phase;
import dev.lustre.ir.operator.AgentSettings;
import dev.lustre.ir.operator.Conditions;
import dev.lustre.ir.operator.EventRecorder;
import dev.lustre.ir.operator.Names;
import dev.lustre.ir.testing.ManualOperatorProfile;
import dev.lustre.ir.testing.ManualOperators;
import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.http.HttpClient;
import io.fabric8.kubernetes.client.http.HttpResponse;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.javaoperatorsdk.operator.Operator;
import io.javaoperatorsdk.operator.monitoring.micrometer.MicrometerMetrics;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/**
 * Malformed and hostile objects of both kinds, sent as raw JSON or YAML through the real API server
 * (so that YAML's own tricks are decoded by the API server, not by a client library) with the
 * operator running. Each one is either refused at admission with the field named, or admitted and
 * ended by the operator with {@code InvalidSpec} naming the field (a few valid-but-hostile ones, such
 * as a status sent on create, end for the reason the operator itself observed). For every object: no
 * Job, no Pod, no LustreRound, no crash (the operator's event sources stay healthy and a last object
 * is still handled) and no hot loop (reconciles counted per object by the framework's metrics).
 */
@QuarkusTest
@TestProfile(ManualOperatorProfile.class)
class HostileInputTest {
    private static final String NS = "default";
    /** A node nobody creates: an object that passes validation ends at the server check, without a Job. */
    private static final String NO_SUCH_SERVER = "hx-no-such-oss";
    private static final String OTHER_NS = "hx-other";
    /** Reconciles an object that ends at once may take: the start, the status write's echo, a node event or two. */
    private static final int MAX_RECONCILES = 6;

    @Inject
    KubernetesClient client;
    @Inject
    EventRecorder events;
    @Inject
    AgentSettings settings;

    enum Expect { Refused, InvalidSpec, Either, ServerNodeMissing }

    /** One hostile object; {@code field} is what the refusal or the status message must name. */
    record Case(String title, String plural, String name, String contentType, String body, Expect expect, String field) {
    }

    private static final String BASE_SPEC = """
            fsName: lustre
            target: lustre-OSTbeef
            server: {node: hx-no-such-oss, nids: ["10.0.0.12@o2ib"]}
            clients: {nodes: [hx-c001, hx-c002]}
            """;

    private final List<Case> cases = new ArrayList<>();
    private int seq;

    /** A failover whose spec keys are replaced by those of {@code override} (YAML, read here only to build JSON). */
    @SuppressWarnings("unchecked")
    private void failover(String title, Expect expect, String field, String override) {
        Map<String, Object> spec = new LinkedHashMap<>(Serialization.unmarshal(BASE_SPEC, Map.class));
        if (!override.isBlank()) {
            spec.putAll(Serialization.unmarshal(override, Map.class));
        }
        failoverSpec(title, expect, field, spec);
    }

    private void failoverSpec(String title, Expect expect, String field, Object spec) {
        String name = "hx-f" + (++seq);
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("apiVersion", "ir.lustre.dev/v1alpha1");
        doc.put("kind", "LustreFailover");
        doc.put("metadata", Map.of("name", name, "namespace", NS));
        doc.put("spec", spec);
        cases.add(new Case(title, "lustrefailovers", name, "application/json", Serialization.asJson(doc), expect, field));
    }

    /** A failover sent as raw YAML: {@code NAME} in it is replaced by the object's name. */
    private void failoverYaml(String title, Expect expect, String field, String yaml) {
        failoverYaml(title, expect, field, yaml, "");
    }

    /** @param suffix added to the object's name */
    private void failoverYaml(String title, Expect expect, String field, String yaml, String suffix) {
        String name = "hx-f" + (++seq) + suffix;
        cases.add(new Case(title, "lustrefailovers", name, "application/yaml", yaml.replace("NAME", name), expect, field));
    }

    private void failoverJson(String title, Expect expect, String field, String json) {
        String name = "hx-f" + (++seq);
        cases.add(new Case(title, "lustrefailovers", name, "application/json", json.replace("NAME", name), expect, field));
    }

    /**
     * A policy (raw YAML spec); when admitted, a failover referencing it must end InvalidSpec naming
     * the policy and the field ({@code failoverOverride} adds to that failover's spec).
     */
    private void policy(String title, Expect expect, String field, String specYaml, String failoverOverride) {
        String name = "hx-p" + (++seq);
        String yaml = "apiVersion: ir.lustre.dev/v1alpha1\nkind: LustreRecoveryPolicy\nmetadata: {name: " + name
                + ", namespace: " + NS + "}\nspec: " + specYaml + "\n";
        cases.add(new Case(title, "lustrerecoverypolicies", name, "application/yaml", yaml, expect, field));
        if (expect != Expect.Refused) {
            failover("failover referencing " + title, Expect.InvalidSpec, "LustreRecoveryPolicy '" + name + "' spec." + field,
                    "policyRef: {name: " + name + "}\n" + failoverOverride);
        }
    }

    private void defineCases() {
        // Wrong types.
        failover("fsName a number", Expect.Refused, "spec.fsName", "fsName: 5");
        failover("target a list", Expect.Refused, "spec.target", "target: [lustre-OST0001]");
        failover("server a string", Expect.Refused, "spec.server", "server: oss2");
        failover("nids a string", Expect.Refused, "spec.server.nids", "server: {node: oss2, nids: '10.0.0.12@o2ib'}");
        failover("nodes a string", Expect.Refused, "spec.clients.nodes", "clients: {nodes: hx-c001}");
        failover("expectedCount a string", Expect.Refused, "spec.clients.expectedCount", "clients: {nodes: [hx-c001], expectedCount: '5'}");
        failover("expectedCount a fraction", Expect.Refused, "spec.clients.expectedCount", "clients: {nodes: [hx-c001], expectedCount: 5.5}");
        failover("suspend a string", Expect.Refused, "spec.suspend", "suspend: 'true'");
        failover("quorum a fraction", Expect.Refused, "spec.policy.quorum", "policy: {closeWhen: Quorum, quorum: 50.5}");
        failover("quorum a boolean", Expect.Refused, "spec.policy.quorum", "policy: {closeWhen: Quorum, quorum: true}");
        failover("deadline a number", Expect.Refused, "spec.policy.deadline", "policy: {deadline: 60}");
        failover("evidence a string", Expect.Refused, "spec.policy.deadClientEvidence", "policy: {deadClientEvidence: NodeMissing}");
        failover("policy a list", Expect.Refused, "spec.policy", "policy: []");
        failover("policyRef a string", Expect.Refused, "spec.policyRef", "policyRef: default");
        failoverSpec("spec a string", Expect.Refused, "spec", "lustre-OST0001");
        // Empty.
        failover("empty fsName", Expect.Refused, "spec.fsName", "fsName: ''");
        failover("empty target", Expect.Refused, "spec.target", "target: ''");
        failover("empty server node", Expect.Refused, "spec.server.node", "server: {node: '', nids: ['10.0.0.12@o2ib']}");
        failover("no NIDs", Expect.Refused, "spec.server.nids", "server: {node: oss2, nids: []}");
        failover("an empty NID", Expect.Refused, "spec.server.nids", "server: {node: oss2, nids: ['']}");
        failover("empty clients", Expect.InvalidSpec, "spec.clients", "clients: {}");
        failover("no client nodes", Expect.InvalidSpec, "spec.clients", "clients: {nodes: []}");
        failover("an empty node name", Expect.Refused, "spec.clients.nodes", "clients: {nodes: ['']}");
        failover("empty policyRef name", Expect.Refused, "spec.policyRef.name", "policyRef: {name: ''}");
        failover("no evidence", Expect.Refused, "spec.policy.deadClientEvidence", "policy: {deadClientEvidence: []}");
        failover("empty timeout", Expect.Refused, "spec.policy.reconnectTimeout", "policy: {reconnectTimeout: ''}");
        failoverSpec("empty spec", Expect.Refused, "spec.fsName", Map.of());
        // Huge.
        failover("fsName of 10,000 characters", Expect.Refused, "spec.fsName", "fsName: " + "a".repeat(10_000));
        failover("target of 100,000 characters", Expect.Refused, "spec.target", "target: lustre-OST0001" + "0".repeat(100_000));
        failover("server node of 300 characters", Expect.Refused, "spec.server.node",
                "server: {node: " + "a".repeat(300) + ", nids: ['10.0.0.12@o2ib']}");
        failover("17 NIDs", Expect.Refused, "spec.server.nids", "server: {node: oss2, nids: ["
                + IntStream.rangeClosed(1, 17).mapToObj(i -> "'10.0.0." + i + "@o2ib'").collect(Collectors.joining(",")) + "]}");
        failover("a NID of 200 characters", Expect.Refused, "spec.server.nids", "server: {node: oss2, nids: ['" + "1".repeat(190) + "@o2ib']}");
        failover("10,000 nodes, all the same", Expect.InvalidSpec, "spec.clients.nodes[1]: 'hx-c001' is listed twice",
                "clients: {nodes: [" + String.join(",", java.util.Collections.nCopies(10_000, "hx-c001")) + "]}");
        // The 1.20 API server names the list, not the index, and quotes the value.
        failover("10,000 nodes, the last with a ';'", Expect.Refused, "spec.clients.nodes: Invalid value: \"hx-c;reboot\"",
                "clients: {nodes: [" + nodes(9_999) + ",'hx-c;reboot']}");
        failover("100,001 nodes", Expect.Refused, "spec.clients.nodes", "clients: {nodes: [" + nodes(100_001) + "]}");
        failover("10,000 distinct nodes, server missing", Expect.ServerNodeMissing, "spec.server.node",
                "clients: {nodes: [" + nodes(10_000) + "]}");
        failover("expectedCount 2^31", Expect.Refused, "spec.clients.expectedCount", "clients: {nodes: [hx-c001], expectedCount: 2147483648}");
        failover("a deadline of 99999h", Expect.InvalidSpec, "spec.policy.deadline", "policy: {deadline: 99999h}");
        failover("a reconnect timeout of 2h", Expect.InvalidSpec, "spec.policy.reconnectTimeout", "policy: {reconnectTimeout: 2h}");
        failover("a job TTL of 169h", Expect.InvalidSpec, "spec.policy.jobTtlAfterFinished", "policy: {jobTtlAfterFinished: 169h}");
        failover("a NotReady grace of 2h", Expect.InvalidSpec, "spec.policy.notReadyGrace", "policy: {notReadyGrace: 2h}");
        failoverYaml("a name of 200 characters", Expect.InvalidSpec, "metadata.name", BASE_YAML, "-" + "n".repeat(200));
        // Negative and zero.
        failover("negative expectedCount", Expect.Refused, "spec.clients.expectedCount", "clients: {nodes: [hx-c001], expectedCount: -5}");
        failover("integer quorum -3", Expect.Refused, "spec.policy.quorum", "policy: {closeWhen: Quorum, quorum: -3}");
        failover("string quorum '-3'", Expect.Refused, "spec.policy.quorum", "policy: {closeWhen: Quorum, quorum: '-3'}");
        failover("percent quorum -3%", Expect.Refused, "spec.policy.quorum", "policy: {closeWhen: Quorum, quorum: '-3%'}");
        failover("integer quorum 0", Expect.Refused, "spec.policy.quorum", "policy: {closeWhen: Quorum, quorum: 0}");
        failover("percent quorum 0%", Expect.Refused, "spec.policy.quorum", "policy: {closeWhen: Quorum, quorum: '0%'}");
        failover("negative concurrency", Expect.Refused, "spec.policy.maxConcurrentJobs", "policy: {maxConcurrentJobs: -1}");
        failover("negative backoff", Expect.Refused, "spec.policy.jobBackoffLimit", "policy: {jobBackoffLimit: -1}");
        failover("negative timeout", Expect.Refused, "spec.policy.reconnectTimeout", "policy: {reconnectTimeout: -5s}");
        failover("zero timeout", Expect.Refused, "spec.policy.reconnectTimeout", "policy: {reconnectTimeout: 0s}");
        // Unicode look-alikes.
        failover("Cyrillic O in the target", Expect.Refused, "spec.target", "target: lustre-\u041eST0001");
        failover("fullwidth digits in the target", Expect.Refused, "spec.target", "target: lustre-OST\uff10\uff10\uff10\uff11");
        failover("Cyrillic e in fsName", Expect.Refused, "spec.fsName", "fsName: lustr\u0435\ntarget: lustr\u0435-OST0001");
        failover("fullwidth digits in a node", Expect.Refused, "spec.clients.nodes", "clients: {nodes: ['hx-c\uff10\uff10\uff11']}");
        failover("fullwidth @ in a NID", Expect.Refused, "spec.server.nids", "server: {node: oss2, nids: ['10.0.0.12\uff20o2ib']}");
        failover("Arabic-Indic digits in the quorum", Expect.Refused, "spec.policy.quorum",
                "policy: {closeWhen: Quorum, quorum: '\u0663\u0660%'}");
        failover("zero-width space in a node", Expect.Refused, "spec.clients.nodes", "clients: {nodes: ['hx-c001\u200b']}");
        failover("right-to-left override in the target", Expect.Refused, "spec.target", "target: \"lustre-OST0001\\u202e\"");
        // Shell metacharacters.
        failover("';' in a node", Expect.Refused, "spec.clients.nodes", "clients: {nodes: ['hx-c001;reboot']}");
        failover("$(...) in a node", Expect.Refused, "spec.clients.nodes", "clients: {nodes: ['$(id)']}");
        failover("backticks in a node", Expect.Refused, "spec.clients.nodes", "clients: {nodes: ['`id`']}");
        failover("a newline in a node", Expect.Refused, "spec.clients.nodes", "clients: {nodes: [\"hx-c001\\nhx-c002\"]}");
        failover("&& in the server node", Expect.Refused, "spec.server.node", "server: {node: 'oss2 && rm -rf /', nids: ['10.0.0.12@o2ib']}");
        failover("';' in a NID", Expect.Refused, "spec.server.nids", "server: {node: oss2, nids: ['10.0.0.12@o2ib;id']}");
        failover("$(...) in a NID", Expect.Refused, "spec.server.nids", "server: {node: oss2, nids: ['$(reboot)@tcp']}");
        failover("backticks in the target", Expect.Refused, "spec.target", "target: 'lustre-OST0001`id`'");
        failover("a pipe in fsName", Expect.Refused, "spec.fsName", "fsName: 'a|b'");
        failover("';' in the deadline", Expect.Refused, "spec.policy.deadline", "policy: {deadline: '1h;reboot'}");
        failover("$(...) in closeWhen", Expect.Refused, "spec.policy.closeWhen", "policy: {closeWhen: 'Quorum$(id)'}");
        // Path traversal.
        failover("traversal in policyRef", Expect.Refused, "spec.policyRef.name", "policyRef: {name: '../kube-system/default'}");
        failover("traversal in a node", Expect.Refused, "spec.clients.nodes", "clients: {nodes: ['../../etc/passwd']}");
        failover("traversal in the target", Expect.Refused, "spec.target", "target: 'lustre-OST0001/../../x'");
        failover("traversal in the server node", Expect.Refused, "spec.server.node", "server: {node: 'oss2/../../x', nids: ['10.0.0.12@o2ib']}");
        // Across namespaces: a policyRef has a name only, in the failover's namespace.
        failover("policyRef namespace/name", Expect.Refused, "spec.policyRef.name", "policyRef: {name: 'hx-other/hx-shared'}");
        failover("policyRef with a namespace field", Expect.InvalidSpec, "spec.policyRef.name: LustreRecoveryPolicy 'hx-shared' not found in this namespace",
                "policyRef: {name: hx-shared, namespace: hx-other}");
        // Cross-field rules.
        failover("target of another fs", Expect.InvalidSpec, "spec.target", "target: other-OST0001");
        failover("quorum over expectedCount", Expect.InvalidSpec, "spec.policy.quorum: 11 clients",
                "clients: {nodes: [hx-c001], expectedCount: 10}\npolicy: {closeWhen: Quorum, quorum: 11}");
        failover("duplicate NIDs", Expect.InvalidSpec, "spec.server.nids", "server: {node: oss2, nids: ['10.0.0.12@o2ib', '10.0.0.12@o2ib']}");
        failover("unknown selector operator", Expect.Either, "spec.clients.nodeSelector",
                "clients: {nodeSelector: {matchExpressions: [{key: a, operator: 'Like', values: [b]}]}}");
        // YAML decoded by the API server (YAML 1.1: yes/no/on/off are booleans, 0777 octal, 0x1F hex).
        failoverYaml("fsName: yes", Expect.Refused, "spec.fsName", BASE_YAML.replace("fsName: lustre", "fsName: yes"));
        failoverYaml("nodes: [no, off]", Expect.Refused, "spec.clients.nodes", BASE_YAML.replace("[hx-c001, hx-c002]", "[no, off]"));
        failoverYaml("fsName: 0777", Expect.Refused, "spec.fsName", BASE_YAML.replace("fsName: lustre", "fsName: 0777"));
        failoverYaml("octal-looking quorum 010 over expectedCount 5", Expect.InvalidSpec, "spec.policy.quorum",
                BASE_YAML.replace("clients: {nodes: [hx-c001, hx-c002]}",
                        "clients: {nodes: [hx-c001, hx-c002], expectedCount: 5}\n  policy: {closeWhen: Quorum, quorum: 010}"));
        failoverYaml("hex backoff 0x1F", Expect.Refused, "spec.policy.jobBackoffLimit",
                BASE_YAML + "  policy: {jobBackoffLimit: 0x1F}\n");
        failoverYaml("an alias of the NIDs as client nodes", Expect.Refused, "spec.clients.nodes",
                BASE_YAML.replace("nids: [\"10.0.0.12@o2ib\"]", "nids: &n [\"10.0.0.12@o2ib\"]")
                        .replace("{nodes: [hx-c001, hx-c002]}", "{nodes: *n}"));
        failoverYaml("a billion laughs of aliases", Expect.Refused, "", billionLaughs());
        failoverYaml("duplicate YAML keys", Expect.Refused, "target",
                BASE_YAML.replace("target: lustre-OSTbeef", "target: lustre-OSTbeef\n  target: 'lustre-OSTbeef;reboot'"));
        failoverJson("duplicate JSON keys", Expect.Refused, "target", "{\"apiVersion\":\"ir.lustre.dev/v1alpha1\",\"kind\":\"LustreFailover\","
                + "\"metadata\":{\"name\":\"NAME\"},\"spec\":{\"fsName\":\"lustre\",\"target\":\"lustre-OST0001\","
                + "\"target\":\"lustre-OST0001$(id)\",\"server\":{\"node\":\"oss2\",\"nids\":[\"10.0.0.12@o2ib\"]},"
                + "\"clients\":{\"nodes\":[\"hx-c001\"]}}}");
        // A status sent on create: the status subresource drops it; the round trusts only what it observes.
        failoverYaml("a status claiming Recovered", Expect.ServerNodeMissing, "spec.server.node", BASE_YAML
                + "status: {phase: Recovered, window: closed, closedBy: AllReconnected, round: 1, progress: '2/2',"
                + " conditions: [{type: Complete, status: 'True', reason: Recovered, message: forged,"
                + " lastTransitionTime: '2026-01-01T00:00:00Z'}]}\n");
        failoverYaml("a name with ';'", Expect.Refused, "metadata.name", BASE_YAML.replace("name: NAME", "name: NAME;rm"));

        // Policies: refused, or admitted and then failing the failover that references them.
        policy("policy timeout of 2h", Expect.InvalidSpec, "reconnectTimeout", "{reconnectTimeout: 2h}", "");
        policy("policy deadline of 25h", Expect.InvalidSpec, "deadline", "{deadline: 25h}", "");
        policy("policy job TTL of 169h", Expect.InvalidSpec, "jobTtlAfterFinished", "{jobTtlAfterFinished: 169h}", "");
        policy("policy grace of 2h", Expect.InvalidSpec, "notReadyGrace", "{notReadyGrace: 2h}", "");
        policy("policy zero timeout", Expect.Refused, "spec.reconnectTimeout", "{reconnectTimeout: 0s}", "");
        policy("policy integer quorum -3", Expect.Refused, "spec.quorum", "{quorum: -3}", "");
        policy("policy integer quorum 0", Expect.Refused, "spec.quorum", "{quorum: 0}", "");
        policy("policy quorum 0%", Expect.Refused, "spec.quorum", "{quorum: '0%'}", "");
        policy("policy quorum 101%", Expect.Refused, "spec.quorum", "{quorum: '101%'}", "");
        policy("policy Arabic-Indic quorum", Expect.Refused, "spec.quorum", "{quorum: '\u0663%'}", "");
        policy("policy fractional quorum", Expect.Refused, "spec.quorum", "{quorum: 1.5}", "");
        policy("policy concurrency 10001", Expect.Refused, "spec.maxConcurrentJobs", "{maxConcurrentJobs: 10001}", "");
        policy("policy concurrency a string", Expect.Refused, "spec.maxConcurrentJobs", "{maxConcurrentJobs: '64'}", "");
        policy("policy backoff 21", Expect.Refused, "spec.jobBackoffLimit", "{jobBackoffLimit: 21}", "");
        policy("policy closeWhen with $(...)", Expect.Refused, "spec.closeWhen", "{closeWhen: 'Quorum$(id)'}", "");
        policy("policy closeWhen in lower case", Expect.Refused, "spec.closeWhen", "{closeWhen: quorum}", "");
        policy("policy without evidence", Expect.Refused, "spec.deadClientEvidence", "{deadClientEvidence: []}", "");
        policy("policy spec a string", Expect.Refused, "spec", "'AllReconnected'", "");
        policy("policy deadline with $(...)", Expect.Refused, "spec.deadline", "{deadline: '1h$(reboot)'}", "");
        policy("policy rosterComplete a string", Expect.Refused, "spec.rosterComplete", "{rosterComplete: 'yes'}", "");
        policy("policy evictEarly: off (YAML 1.1 boolean) with a quorum of 50", Expect.InvalidSpec, "quorum",
                "{evictEarly: off, closeWhen: Quorum, quorum: 50}", "clients: {nodes: [hx-c001], expectedCount: 10}");
    }

    private static final String BASE_YAML = """
            apiVersion: ir.lustre.dev/v1alpha1
            kind: LustreFailover
            metadata:
              name: NAME
            spec:
              fsName: lustre
              target: lustre-OSTbeef
              server: {node: hx-no-such-oss, nids: ["10.0.0.12@o2ib"]}
              clients: {nodes: [hx-c001, hx-c002]}
            """;

    private static String nodes(int n) {
        return IntStream.range(0, n).mapToObj(i -> "hx-c" + i).collect(Collectors.joining(","));
    }

    /** Nine levels of nine aliases each: 9^9 node names once expanded, a few hundred bytes sent. */
    private static String billionLaughs() {
        StringBuilder b = new StringBuilder(BASE_YAML.replace("clients: {nodes: [hx-c001, hx-c002]}", "clients:\n    nodes: *l9"));
        StringBuilder anchors = new StringBuilder("  x0: &l0 [hx-lol]\n");
        for (int i = 1; i <= 9; i++) {
            anchors.append("  x").append(i).append(": &l").append(i).append(" [")
                    .append(String.join(",", java.util.Collections.nCopies(9, "*l" + (i - 1)))).append("]\n");
        }
        // The anchors live under spec (pruned if ever admitted), before their use.
        return b.toString().replace("spec:\n", "spec:\n" + anchors);
    }

    record Sent(Case c, int code, String body) {
    }

    @Test
    void everyHostileObjectIsRefusedOrEndsInvalidWithoutAJobARoundACrashOrAHotLoop() throws Exception {
        client.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName(OTHER_NS).endMetadata().build()).serverSideApply();
        client.load(new java.io.ByteArrayInputStream(("apiVersion: ir.lustre.dev/v1alpha1\nkind: LustreRecoveryPolicy\n"
                + "metadata: {name: hx-shared, namespace: " + OTHER_NS + "}\nspec: {closeWhen: Deadline}\n")
                .getBytes(StandardCharsets.UTF_8))).serverSideApply();
        defineCases();
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        Operator operator = ManualOperators.start(client, events, settings,
                MicrometerMetrics.newPerResourceCollectingMicrometerMetricsBuilder(registry).build());
        long started = System.nanoTime();
        List<String> violations = new ArrayList<>();
        int refused = 0;
        int invalid = 0;
        int other = 0;
        try {
            // Policies first, so that a failover referencing one finds it.
            List<Sent> sent = new ArrayList<>();
            for (Case c : cases.stream().sorted((a, b) -> a.plural().equals(b.plural()) ? 0
                    : a.plural().equals("lustrerecoverypolicies") ? -1 : 1).toList()) {
                HttpResponse<String> r = post(c);
                sent.add(new Sent(c, r.code(), r.body()));
            }
            List<Sent> admitted = new ArrayList<>();
            for (Sent s : sent) {
                Case c = s.c();
                boolean ok = s.code() >= 200 && s.code() < 300;
                if (!ok) {
                    refused++;
                    String message = message(s.body());
                    System.out.printf("[hostile] refused %d  %-55s %s%n", s.code(), c.title(), cut(message));
                    if (c.expect() != Expect.Refused && c.expect() != Expect.Either) {
                        violations.add(c.title() + ": refused (" + s.code() + ") but expected " + c.expect() + ": " + cut(message));
                    } else if (s.code() != 422 && s.code() != 400) {
                        violations.add(c.title() + ": refused with " + s.code() + ", not as invalid: " + cut(message));
                    } else if (!message.contains(c.field())) {
                        violations.add(c.title() + ": the refusal does not name " + c.field() + ": " + cut(message));
                    }
                } else if (c.plural().equals("lustrerecoverypolicies")) {
                    System.out.printf("[hostile] admitted %-54s (a failover referencing it must fail)%n", c.title());
                    if (c.expect() == Expect.Refused) {
                        violations.add(c.title() + ": admitted, expected a refusal naming " + c.field());
                    }
                } else {
                    admitted.add(s);
                    if (c.expect() == Expect.Refused) {
                        violations.add(c.title() + ": admitted, expected a refusal naming " + c.field());
                    }
                }
            }
            for (Sent s : admitted) {
                Case c = s.c();
                LustreFailover lfo = awaitFailed(c.name());
                Condition complete = lfo == null ? null : Conditions.find(lfo.getStatus().conditions, Conditions.COMPLETE);
                String reason = complete == null ? null : complete.getReason();
                String message = lfo == null || lfo.getStatus() == null ? "(no status)" : lfo.getStatus().message;
                System.out.printf("[hostile] %-15s %-55s %s%n", reason, c.title(), cut(message));
                if ("InvalidSpec".equals(reason)) {
                    invalid++;
                } else {
                    other++;
                }
                boolean expected = switch (c.expect()) {
                    case InvalidSpec, Either -> "InvalidSpec".equals(reason);
                    case ServerNodeMissing -> "ServerNodeMissing".equals(reason);
                    case Refused -> false;
                };
                if (!expected) {
                    violations.add(c.title() + ": ended " + reason + " (" + cut(message) + "), expected " + c.expect());
                } else if (message == null || !message.contains(c.field())) {
                    violations.add(c.title() + ": the message does not name " + c.field() + ": " + cut(message));
                } else if (message.length() > 2048) {
                    violations.add(c.title() + ": a message of " + message.length() + " characters");
                } else if (!"unknown".equals(lfo.getStatus().window)) {
                    violations.add(c.title() + ": WINDOW " + lfo.getStatus().window + " for a server nobody inspected");
                }
            }
            // Let every admitted object settle, then nothing of theirs may still be reconciled, and none was much.
            Thread.sleep(3000);
            Map<String, Double> before = reconciles(registry);
            Thread.sleep(3000);
            Map<String, Double> after = reconciles(registry);
            int reconciled = 0;
            for (Sent s : admitted) {
                String name = s.c().name();
                double count = after.getOrDefault(name, 0.0);
                reconciled += (int) count;
                if (count == 0 || count > MAX_RECONCILES) {
                    violations.add(s.c().title() + ": reconciled " + (int) count + " times (expected 1.." + MAX_RECONCILES + ")");
                }
                if (after.getOrDefault(name, 0.0) > before.getOrDefault(name, 0.0)) {
                    violations.add(s.c().title() + ": still reconciled after it ended");
                }
                String label = Names.labelValue(name); // how the operator labels what it makes for a failover
                int jobs = client.batch().v1().jobs().inNamespace(NS).withLabel(ApiGroup.FAILOVER_LABEL, label).list().getItems().size();
                int pods = client.pods().inNamespace(NS).withLabel(ApiGroup.FAILOVER_LABEL, label).list().getItems().size();
                int rounds = client.resources(LustreRound.class).inNamespace(NS).withLabel(ApiGroup.FAILOVER_LABEL, label)
                        .list().getItems().size();
                if (jobs + pods + rounds > 0) {
                    violations.add(s.c().title() + ": " + jobs + " Job(s), " + pods + " Pod(s), " + rounds + " LustreRound(s)");
                }
            }
            if (!operator.getRuntimeInfo().allEventSourcesAreHealthy()) {
                violations.add("the operator's event sources are not healthy");
            }
            // Still serving: one more object after all of them is handled as usual.
            Case last = new Case("after the hostile ones", "lustrefailovers", "hx-after", "application/yaml",
                    BASE_YAML.replace("NAME", "hx-after"), Expect.ServerNodeMissing, "spec.server.node");
            assertEquals(201, post(last).code());
            LustreFailover after1 = awaitFailed("hx-after");
            if (after1 == null || !"ServerNodeMissing".equals(Conditions.find(after1.getStatus().conditions, Conditions.COMPLETE).getReason())) {
                violations.add("an object applied after the hostile ones was not handled");
            }
            System.out.printf("[hostile] objects applied: %d (%d failovers, %d policies), refused at admission: %d, InvalidSpec: %d,"
                            + " failed for another observed reason: %d, reconciles of the admitted failovers: %d (at most %d each),"
                            + " violations: %d, %.1f s%n",
                    cases.size(), cases.stream().filter(c -> c.plural().equals("lustrefailovers")).count(),
                    cases.stream().filter(c -> c.plural().equals("lustrerecoverypolicies")).count(),
                    refused, invalid, other, reconciled, MAX_RECONCILES, violations.size(), (System.nanoTime() - started) / 1e9);
            violations.forEach(v -> System.out.println("[hostile] VIOLATION " + v));
            assertTrue(cases.size() >= 60, "at least 60 hostile objects");
            assertTrue(violations.isEmpty(), String.join("\n", violations));
        } finally {
            operator.stop();
            // Gone, so that no failover of this test holds the target for a later test's rounds
            // (one arbiter per target).
            client.resources(LustreFailover.class).inNamespace(NS).list().getItems().stream()
                    .filter(f -> f.getMetadata().getName().startsWith("hx-"))
                    .forEach(f -> client.resources(LustreFailover.class).inNamespace(NS).resource(f).delete());
        }
    }

    /** Sends the body as it is: the API server, not a client library, decodes the JSON or YAML. */
    private HttpResponse<String> post(Case c) throws Exception {
        HttpClient http = client.getHttpClient();
        String base = client.getMasterUrl().toString().replaceAll("/+$", "");
        String url = base + "/apis/ir.lustre.dev/v1alpha1/namespaces/" + NS + "/" + c.plural();
        return http.sendAsync(http.newHttpRequestBuilder().uri(url)
                .post(c.contentType(), c.body().getBytes(StandardCharsets.UTF_8)).build(), String.class).get(60, TimeUnit.SECONDS);
    }

    private LustreFailover awaitFailed(String name) {
        try {
            await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(250)).until(() -> {
                LustreFailover lfo = client.resources(LustreFailover.class).inNamespace(NS).withName(name).get();
                return lfo != null && lfo.getStatus() != null && lfo.getStatus().phase == Phase.Failed;
            });
        } catch (org.awaitility.core.ConditionTimeoutException e) {
            // Reported as a violation by the caller.
        }
        return client.resources(LustreFailover.class).inNamespace(NS).withName(name).get();
    }

    /** Reconciles started per object, from the framework's per-resource counters. */
    private static Map<String, Double> reconciles(SimpleMeterRegistry registry) {
        Map<String, Double> out = new LinkedHashMap<>();
        for (Meter m : registry.getMeters()) {
            if (m instanceof Counter counter && m.getId().getName().endsWith("reconciliations.started")) {
                String name = m.getId().getTag("name");
                if (name != null) {
                    out.merge(name, counter.count(), Double::sum);
                }
            }
        }
        return out;
    }

    private static String message(String statusJson) {
        try {
            Object m = Serialization.unmarshal(statusJson, Map.class).get("message");
            return m == null ? statusJson : m.toString();
        } catch (RuntimeException e) {
            return statusJson;
        }
    }

    private static String cut(String s) {
        if (s == null) {
            return "null";
        }
        String p = s.replaceAll("\\p{Cntrl}", "?");
        return p.length() > 240 ? p.substring(0, 240) + "..." : p;
    }
}
