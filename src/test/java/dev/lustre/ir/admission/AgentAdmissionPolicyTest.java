package dev.lustre.ir.admission;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLParser;
import dev.cel.common.types.SimpleType;
import dev.cel.compiler.CelCompiler;
import dev.cel.compiler.CelCompilerFactory;
import dev.cel.runtime.CelRuntime;
import dev.cel.runtime.CelRuntimeFactory;
import dev.lustre.ir.api.ApiGroup;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The admission policy README gives for Kubernetes 1.30 and later (manifests/admission), which no API
 * server here can serve (1.20): its CEL expressions are compiled and evaluated with CEL's own Java
 * implementation against the requests an agent makes, its own node's and another's, and the names it
 * matches are those of the agents' service account, namespace, Lease and kinds.
 */
class AgentAdmissionPolicyTest {
    private static final Path POLICY = Path.of("manifests", "admission", "agent-writes-own-node.yaml");
    private static final String AGENT = "system:serviceaccount:lustre-ir:lustre-ir-agent";
    private static final CelCompiler COMPILER = CelCompilerFactory.standardCelCompilerBuilder()
            .addVar("request", SimpleType.DYN).addVar("object", SimpleType.DYN).addVar("variables", SimpleType.DYN).build();
    private static final CelRuntime RUNTIME = CelRuntimeFactory.standardCelRuntimeBuilder().build();

    @Test
    void anAgentWritesItsOwnNodesObjects() throws Exception {
        assertEquals(List.of(), refusals(request("lustreroundresults", "c001"), result("c001")));
        assertEquals(List.of(), refusals(request("lustrenodes", "c001"), named("c001")));
        assertEquals(List.of(), refusals(request("leases", "c001"), named(ApiGroup.AGENT_LEASE_PREFIX + "c001")));
    }

    @Test
    void anAgentIsRefusedAnotherNodesObjectsWithAMessageNamingBoth() throws Exception {
        List<String> r = refusals(request("lustreroundresults", "c001"), result("c002"));
        assertEquals(List.of("a LustreRoundResult for node c002 written from node c001"), r);
        assertEquals(List.of("the LustreNode c002 written from node c001"), refusals(request("lustrenodes", "c001"), named("c002")));
        assertEquals(List.of("the Lease lustre-ir-agent-c002 written from node c001"),
                refusals(request("leases", "c001"), named(ApiGroup.AGENT_LEASE_PREFIX + "c002")));
    }

    @Test
    void aTokenThatNamesNoNodeIsRefused() throws Exception {
        Map<String, Object> req = request("lustrenodes", null);
        assertTrue(refusals(req, named("c001")).get(0).contains("names no node"));
    }

    @Test
    void itMatchesTheAgentsServiceAccountOnly() throws Exception {
        JsonNode policy = documents().get(0);
        String condition = policy.at("/spec/matchConditions/0/expression").asText();
        Map<String, Object> agent = request("lustrenodes", "c001");
        assertEquals(true, eval(condition, agent, Map.of(), Map.of()));
        Map<String, Object> operator = new HashMap<>(agent);
        operator.put("userInfo", Map.of("username", "system:serviceaccount:lustre-ir:lustre-ir-operator", "extra", Map.of()));
        assertEquals(false, eval(condition, operator, Map.of(), Map.of()));
        String agents = Files.readString(Path.of("manifests", "agents", "rbac.yaml"));
        assertTrue(agents.contains("name: lustre-ir-agent") && agents.contains("namespace: lustre-ir"), "the agents' service account");
        assertTrue(Files.readString(Path.of("manifests", "agents", "daemonset.yaml")).contains("serviceAccountName: lustre-ir-agent"));
        for (String plural : List.of("lustreroundresults", "lustrenodes")) {
            assertTrue(Files.exists(Path.of("crds", plural + ".ir.lustre.dev.yaml")), plural);
        }
        assertEquals(policy.at("/metadata/name").asText(), documents().get(1).at("/spec/policyName").asText());
    }

    /** The messages of the validations that fail, as the API server would give them. */
    private static List<String> refusals(Map<String, Object> request, Map<String, Object> object) throws Exception {
        JsonNode spec = documents().get(0).path("spec");
        Map<String, Object> variables = new HashMap<>();
        for (JsonNode v : spec.path("variables")) {
            variables.put(v.path("name").asText(), eval(v.path("expression").asText(), request, object, variables));
        }
        List<String> out = new ArrayList<>();
        for (JsonNode v : spec.path("validations")) {
            if (!Boolean.TRUE.equals(eval(v.path("expression").asText(), request, object, variables))) {
                out.add(v.has("message") ? v.path("message").asText()
                        : (String) eval(v.path("messageExpression").asText(), request, object, variables));
            }
        }
        return out;
    }

    private static Object eval(String expression, Map<String, Object> request, Map<String, Object> object, Map<String, Object> variables)
            throws Exception {
        var ast = COMPILER.compile(expression).getAst();
        return RUNTIME.createProgram(ast).eval(Map.of("request", request, "object", object, "variables", variables));
    }

    private static Map<String, Object> request(String resource, String node) {
        Map<String, Object> extra = node == null ? Map.of() : Map.of("authentication.kubernetes.io/node-name", List.of(node));
        return Map.of("resource", Map.of("group", "", "version", "v1", "resource", resource),
                "userInfo", Map.of("username", AGENT, "extra", extra));
    }

    private static Map<String, Object> result(String node) {
        return Map.of("metadata", Map.of("name", "f-r1-" + node), "spec", Map.of("node", node));
    }

    private static Map<String, Object> named(String name) {
        return Map.of("metadata", Map.of("name", name));
    }

    private static List<JsonNode> documents() throws IOException {
        ObjectMapper mapper = new ObjectMapper(new YAMLFactory());
        try (YAMLParser parser = new YAMLFactory().createParser(POLICY.toFile())) {
            return mapper.readValues(parser, JsonNode.class).readAll();
        }
    }
}
