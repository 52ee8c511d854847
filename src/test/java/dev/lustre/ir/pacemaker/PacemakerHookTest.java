package dev.lustre.ir.pacemaker;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lustre.ir.api.LustreFailover;
import dev.lustre.ir.api.LustreRecoveryPolicy;
import dev.lustre.ir.api.Phase;
import dev.lustre.ir.api.RecoveryPolicySpec;
import dev.lustre.ir.operator.Conditions;
import dev.lustre.ir.sandbox.Scenario;
import dev.lustre.ir.testing.KubeApiTestResource;
import dev.lustre.ir.testing.RealApiServerProfile;
import dev.lustre.ir.testing.SimulatedRuntime;
import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import javax.xml.parsers.DocumentBuilder;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/**
 * The Pacemaker hook (ansible/roles/pacemaker/files/LustreFailover) run the way Pacemaker's executor
 * runs an OCF agent: an action as its argument, the parameters as OCF_RESKEY_* and the action's
 * timeout in OCF_RESKEY_CRM_meta_timeout, judged by its exit code alone. Its kubectl talks to the real
 * API server, where the operator runs the round against the simulated node runtime and Lustre.
 */
@QuarkusTest
@TestProfile(RealApiServerProfile.class)
class PacemakerHookTest {
    static final Path AGENT = Path.of("ansible", "roles", "pacemaker", "files", "LustreFailover");
    static final String POLICY = "pcm-hook";
    static final int OCF_SUCCESS = 0;
    static final int OCF_ERR_GENERIC = 1;
    static final int OCF_ERR_CONFIGURED = 6;
    static final int OCF_NOT_RUNNING = 7;

    @Inject
    KubernetesClient client;

    private Path work;
    private Path kubeconfig;

    @BeforeEach
    void setUp() throws IOException {
        work = Files.createTempDirectory("pacemaker-hook");
        Files.createDirectories(work.resolve("rsctmp"));
        Files.createDirectories(work.resolve("home"));
        // The hook's own kubeconfig file, as the role installs one on each server.
        kubeconfig = work.resolve("kubeconfig");
        Files.copy(KubeApiTestResource.kubeconfig(), kubeconfig);
        LustreRecoveryPolicy policy = new LustreRecoveryPolicy();
        policy.setMetadata(new ObjectMetaBuilder().withName(POLICY).withNamespace("default").build());
        RecoveryPolicySpec spec = new RecoveryPolicySpec();
        spec.rosterComplete = true; // true of the simulated cluster
        policy.setSpec(spec);
        client.resource(policy).serverSideApply();
    }

    @Test
    void metaDataIsOcfXmlDocumentingEveryParameterAndAction() throws Exception {
        Run r = run("meta-data", "pcm-meta", Map.of());
        assertEquals(OCF_SUCCESS, r.code, r.output);
        Element root = xml(r.output).getDocumentElement();
        assertEquals("resource-agent", root.getTagName());
        assertEquals("LustreFailover", root.getAttribute("name"));
        assertEquals("1.1", root.getElementsByTagName("version").item(0).getTextContent().trim());

        List<String> names = new ArrayList<>();
        NodeList params = root.getElementsByTagName("parameter");
        for (int i = 0; i < params.getLength(); i++) {
            Element p = (Element) params.item(i);
            names.add(p.getAttribute("name"));
            assertEquals(1, p.getElementsByTagName("longdesc").getLength(), p.getAttribute("name"));
            assertEquals(1, p.getElementsByTagName("shortdesc").getLength(), p.getAttribute("name"));
            assertEquals(1, p.getElementsByTagName("content").getLength(), p.getAttribute("name"));
        }
        assertEquals(List.of("target", "fsname", "nids", "server_node", "namespace", "policy", "client_selector", "client_nodes",
                "kubeconfig", "kubectl", "wait", "poll_interval"), names);

        Map<String, String> timeouts = new HashMap<>();
        NodeList actions = root.getElementsByTagName("action");
        for (int i = 0; i < actions.getLength(); i++) {
            Element a = (Element) actions.item(i);
            timeouts.put(a.getAttribute("name"), a.getAttribute("timeout"));
        }
        assertEquals(Map.of("start", "600s", "stop", "20s", "monitor", "20s", "validate-all", "30s", "meta-data", "5s"), timeouts);
    }

    @Test
    void validateAllRefusesABadReskeyNamingIt() throws Exception {
        Map<String, String> reskeys = reskeys("pcm-valid", "pcm-valid-oss2", "10.0.0.12@o2ib", "lustre-OST0001");
        reskeys.put("target", "lustre-XYZ0001");
        Run bad = run("validate-all", "pcm-valid", reskeys);
        assertEquals(OCF_ERR_CONFIGURED, bad.code, bad.output);
        assertTrue(bad.output.contains("ocf-exit-reason:reskey target="), bad.output);

        reskeys.put("target", "lustre-OST0001");
        reskeys.put("nids", "10.0.0.12@o2ib $(reboot)");
        Run badNid = run("validate-all", "pcm-valid", reskeys);
        assertEquals(OCF_ERR_CONFIGURED, badNid.code, badNid.output);
        assertTrue(badNid.output.contains("reskey nids="), badNid.output);

        reskeys.put("nids", "10.0.0.12@o2ib");
        Run good = run("validate-all", "pcm-valid", reskeys);
        assertEquals(OCF_SUCCESS, good.code, good.output);
        assertTrue(client.resources(LustreFailover.class).inNamespace("default").list().getItems().stream()
                .noneMatch(l -> "pcm-valid".equals(instanceOf(l))), "validate-all creates nothing");
    }

    @Test
    void startWaitsUntilTheRoundIsRecoveredThenMonitorAndStopFollowTheStateFile() throws Exception {
        Scenario sc = Scenario.start(client, SimulatedRuntime.fleet(), Scenario.Settings.of("pcm-wait", 6, 0).withTimeScale(10));
        String server = sc.sim().serverNode();
        String nid = sc.sim().target().servingNid();
        String other = server.equals("pcm-wait-oss1") ? "pcm-wait-oss2" : "pcm-wait-oss1";
        Map<String, String> reskeys = reskeys("pcm-wait", server, other + "=192.0.2.1@o2ib " + server + "=" + nid, sc.sim().target().name());
        reskeys.put("policy", POLICY);
        String instance = "pcm-wait-hook";

        assertEquals(OCF_NOT_RUNNING, run("monitor", instance, reskeys, "0").code, "a probe before any start");

        Run start = run("start", instance, reskeys);
        assertEquals(OCF_SUCCESS, start.code, start.output);
        LustreFailover lfo = createdBy(instance);
        assertEquals(Phase.Recovered, lfo.getStatus().phase, "start returned before the round was over: " + start.output);
        assertEquals(Long.valueOf(1), lfo.getStatus().round, "the first round of a new object");
        Condition complete = Conditions.find(lfo.getStatus().conditions, Conditions.COMPLETE);
        assertNotNull(complete);
        assertEquals("True", complete.getStatus());
        assertTrue(start.output.contains("Recovered"), start.output);

        assertEquals("lustre", lfo.getSpec().fsName);
        assertEquals(sc.sim().target().name(), lfo.getSpec().target);
        assertEquals(server, lfo.getSpec().server.node);
        assertEquals(List.of(nid), lfo.getSpec().server.nids, "only this server's NIDs");
        assertEquals(Map.of(Scenario.CLIENT_LABEL, "pcm-wait"), lfo.getSpec().clients.nodeSelector.getMatchLabels());
        assertEquals(POLICY, lfo.getSpec().policyRef.name);
        String name = lfo.getMetadata().getName();
        assertTrue(name.matches("[a-z0-9]([-a-z0-9]*[a-z0-9])?") && name.length() <= 63 && name.startsWith(sc.sim().target().name().toLowerCase(java.util.Locale.ROOT) + "-"), name);
        assertEquals("pacemaker", lfo.getMetadata().getLabels().get("app.kubernetes.io/created-by"));

        Path state = work.resolve("rsctmp").resolve("LustreFailover-" + instance + ".state");
        assertTrue(Files.readString(state).contains("name=" + name + "\n"));
        assertEquals(OCF_SUCCESS, run("monitor", instance, reskeys).code);
        assertEquals(OCF_SUCCESS, run("monitor", instance, reskeys, "0").code, "a probe of the started hook");
        assertEquals(OCF_SUCCESS, run("start", instance, reskeys).code, "starting a started resource succeeds");
        assertEquals(1, createdAll(instance).size(), "and starts no second round");

        assertEquals(OCF_SUCCESS, run("stop", instance, reskeys).code);
        assertFalse(Files.exists(state));
        assertEquals(OCF_NOT_RUNNING, run("monitor", instance, reskeys).code);
        assertEquals(OCF_SUCCESS, run("stop", instance, reskeys).code, "stopping a stopped resource succeeds");
        assertNotNull(client.resources(LustreFailover.class).inNamespace("default").withName(name).get(), "the round's record stays");
    }

    @Test
    void startWithoutWaitReturnsOnceTheRoundIsCreated() throws Exception {
        Scenario sc = Scenario.start(client, SimulatedRuntime.fleet(), Scenario.Settings.of("pcm-nowait", 4, 0).withTimeScale(10));
        Map<String, String> reskeys = reskeys("pcm-nowait", sc.sim().serverNode(), sc.sim().target().servingNid(), sc.sim().target().name());
        reskeys.put("wait", "false");
        String instance = "pcm-nowait-hook";

        long t0 = System.nanoTime();
        Run start = run("start", instance, reskeys);
        Duration took = Duration.ofNanos(System.nanoTime() - t0);
        assertEquals(OCF_SUCCESS, start.code, start.output);
        assertTrue(took.compareTo(Duration.ofSeconds(20)) < 0, "start took " + took);
        assertEquals(OCF_SUCCESS, run("monitor", instance, reskeys).code);

        String name = createdBy(instance).getMetadata().getName();
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500)).until(() -> {
            LustreFailover l = client.resources(LustreFailover.class).inNamespace("default").withName(name).get();
            return l.getStatus() != null && l.getStatus().phase == Phase.Recovered;
        });
        assertEquals(OCF_SUCCESS, run("stop", instance, reskeys).code);
        assertEquals(OCF_NOT_RUNNING, run("monitor", instance, reskeys).code);
    }

    /** A server that is neither a Kubernetes node nor runs an agent: the operator ends the round Failed (ServerNodeMissing). */
    @Test
    void startFailsWithTheStatusMessageWhenTheRoundFails() throws Exception {
        Scenario sc = Scenario.start(client, SimulatedRuntime.fleet(), Scenario.Settings.of("pcm-fail", 2, 0).withTimeScale(10));
        Map<String, String> reskeys = reskeys("pcm-fail", "pcm-ghost-oss9", "10.0.0.99@o2ib", sc.sim().target().name());
        String instance = "pcm-fail-hook";

        Run start = run("start", instance, reskeys);
        assertEquals(OCF_ERR_GENERIC, start.code, start.output);
        LustreFailover lfo = createdBy(instance);
        assertEquals(Phase.Failed, lfo.getStatus().phase);
        assertTrue(start.output.contains("ocf-exit-reason:"), start.output);
        assertTrue(start.output.contains("ServerNodeMissing"), start.output);
        assertTrue(start.output.contains("pcm-ghost-oss9 is not a Kubernetes node and runs no live resident agent"), start.output);
        assertEquals(OCF_NOT_RUNNING, run("monitor", instance, reskeys).code, "a failed start leaves the hook stopped");
        assertEquals(OCF_SUCCESS, run("stop", instance, reskeys).code);
    }

    /** The reskeys of one hook; kubectl is found in PATH, as on a server. */
    private Map<String, String> reskeys(String scenario, String serverNode, String nids, String target) {
        Map<String, String> r = new HashMap<>();
        r.put("target", target);
        r.put("nids", nids);
        r.put("server_node", serverNode);
        r.put("namespace", "default");
        r.put("client_selector", Scenario.CLIENT_LABEL + "=" + scenario);
        r.put("kubeconfig", kubeconfig.toString());
        r.put("poll_interval", "1");
        return r;
    }

    private Run run(String action, String instance, Map<String, String> reskeys) throws Exception {
        return run(action, instance, reskeys, action.equals("monitor") ? "30000" : null);
    }

    /** One action, with the environment Pacemaker's executor gives an OCF agent and nothing else. */
    private Run run(String action, String instance, Map<String, String> reskeys, String interval) throws Exception {
        ProcessBuilder pb = new ProcessBuilder("sh", AGENT.toString(), action);
        Map<String, String> env = pb.environment();
        env.clear();
        env.put("PATH", System.getenv("PATH"));
        env.put("HOME", work.resolve("home").toString());
        // With resource-agents installed the agent uses its ocf-shellfuncs, as on a server; without,
        // its own fallback.
        Path ocfRoot = Path.of("/usr/lib/ocf");
        env.put("OCF_ROOT", Files.isRegularFile(ocfRoot.resolve("lib/heartbeat/ocf-shellfuncs")) ? ocfRoot.toString()
                : work.resolve("ocf").toString());
        env.put("OCF_RA_VERSION_MAJOR", "1");
        env.put("OCF_RA_VERSION_MINOR", "1");
        env.put("OCF_RESOURCE_INSTANCE", instance);
        env.put("OCF_RESOURCE_TYPE", "LustreFailover");
        env.put("OCF_RESOURCE_PROVIDER", "lustre-ir");
        env.put("HA_RSCTMP", work.resolve("rsctmp").toString());
        long timeoutMs = action.equals("start") ? 120_000 : 20_000;
        env.put("OCF_RESKEY_CRM_meta_timeout", Long.toString(timeoutMs));
        if (interval != null) {
            env.put("OCF_RESKEY_CRM_meta_interval", interval);
        }
        reskeys.forEach((k, v) -> env.put("OCF_RESKEY_" + k, v));
        Path out = Files.createTempFile(work, action, ".out");
        pb.redirectErrorStream(true).redirectOutput(out.toFile());
        Process p = pb.start();
        // Pacemaker kills an action that outlives its timeout; so does the test.
        if (!p.waitFor(timeoutMs + 10_000, TimeUnit.MILLISECONDS)) {
            p.destroyForcibly();
            throw new AssertionError(action + " outlived its timeout: " + Files.readString(out));
        }
        String output = Files.readString(out);
        System.out.println("[test] LustreFailover " + action + " (" + instance + ") -> " + p.exitValue() + "\n" + output);
        return new Run(p.exitValue(), output);
    }

    private LustreFailover createdBy(String instance) {
        List<LustreFailover> all = createdAll(instance);
        assertEquals(1, all.size(), "LustreFailovers of " + instance + ": " + all.size());
        return all.get(0);
    }

    private List<LustreFailover> createdAll(String instance) {
        return client.resources(LustreFailover.class).inNamespace("default").withLabel("app.kubernetes.io/created-by", "pacemaker")
                .list().getItems().stream().filter(l -> instance.equals(instanceOf(l))).toList();
    }

    private static String instanceOf(LustreFailover lfo) {
        Map<String, String> a = lfo.getMetadata().getAnnotations();
        return a == null ? null : a.get("ir.lustre.dev/pacemaker-resource");
    }

    /** Parses meta-data without fetching its DTD (ra-api-1.dtd, which ocf-tester checks it against). */
    private static Document xml(String text) throws Exception {
        DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
        f.setFeature("http://apache.org/xml/features/nonvalidating/load-external-dtd", false);
        DocumentBuilder b = f.newDocumentBuilder();
        return b.parse(new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)));
    }

    private record Run(int code, String output) {
    }
}
