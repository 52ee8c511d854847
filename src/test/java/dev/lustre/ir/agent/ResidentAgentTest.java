package dev.lustre.ir.agent;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lustre.ir.api.LustreClose;
import dev.lustre.ir.api.LustreFailover;
import dev.lustre.ir.api.LustreRound;
import dev.lustre.ir.api.LustreRoundResult;
import dev.lustre.ir.api.LustreRoundResultSpec;
import dev.lustre.ir.api.LustreRoundSpec;
import dev.lustre.ir.api.LustreNode;
import dev.lustre.ir.api.LustreNodeDevice;
import dev.lustre.ir.api.LustreNodeStatus;
import dev.lustre.ir.kube.Times;
import dev.lustre.ir.sandbox.AuditCounts;
import dev.lustre.ir.sandbox.LocalApiServer;
import dev.lustre.ir.sim.ClientView;
import dev.lustre.ir.sim.ManualClock;
import dev.lustre.ir.sim.SimClock;
import dev.lustre.ir.sim.SimCluster;
import dev.lustre.ir.sim.SimLctlMain;
import dev.lustre.ir.testing.CrdFiles;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.io.File;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code agent serve} against the real kube-apiserver, each node's lctl the simulated Lustre's: the
 * LustreNode holds the facts the simulated node has, is rewritten when they change and only then
 * (writes counted in the API server's audit log), and the Lease is created and renewed.
 */
class ResidentAgentTest {
    private static final AtomicInteger SEQ = new AtomicInteger();
    private static LocalApiServer api;
    private static KubernetesClient client;

    private final List<AutoCloseable> toClose = new ArrayList<>();
    private String ns;
    private ManualClock clock;
    private SimCluster sim;

    @BeforeAll
    static void startApiServer(@TempDir Path work) throws IOException {
        api = LocalApiServer.start(Path.of(System.getProperty("kube-api-test.dir")), work);
        client = api.client("resident-agent-test");
        api.applyCrds(client, CrdFiles.COMMITTED);
    }

    @AfterAll
    static void stopApiServer() {
        client.close();
        api.close();
    }

    @BeforeEach
    void namespaceAndCluster() {
        ns = "agents-" + SEQ.incrementAndGet();
        client.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName(ns).endMetadata().build()).create();
        clock = SimClock.manual();
        // oss1 serves lustre-OST0001 until the failover moves it to oss2; c001 and c002 are its clients.
        sim = SimCluster.builder().clients(2).clock(clock).build();
    }

    @AfterEach
    void close() throws Exception {
        for (AutoCloseable c : toClose) {
            c.close();
        }
    }

    @Test
    void registersTheFactsOfTheSimulatedClientAndServer() {
        assertTrue(agent("c001").refresh());
        LustreNodeStatus c001 = status("c001");
        ClientView mount = sim.client("c001");
        assertEquals("2.16.1", c001.version);
        assertEquals(2, c001.clientDeviceCount);
        assertEquals(List.of("MGC10.0.0.1@tcp", mount.device()), names(c001));
        LustreNodeDevice osc = c001.clientDevices.get(1);
        assertEquals("osc", osc.type);
        assertEquals("lustre-OST0001", osc.target);
        assertEquals(mount.uuid(), osc.uuid, "the UUID the server evicts this client by");
        assertEquals("mgc", c001.clientDevices.get(0).type);
        assertNull(c001.clientDevices.get(0).target);
        assertEquals(List.of(), c001.targets);
        assertEquals(Times.format(clock.instant()), c001.observedAt);

        assertTrue(agent("oss1").refresh());
        LustreNodeStatus oss1 = status("oss1");
        assertEquals(List.of("lustre-OST0001"), oss1.targets, "the obdfilter device of the serving node");
        assertEquals(List.of("MGC10.0.0.1@tcp"), names(oss1));
        assertTrue(agent("oss2").refresh());
        assertEquals(List.of(), status("oss2").targets, "the failover partner does not serve it yet");
    }

    @Test
    void aFailoverRewritesTheServersAndNotTheClient() throws IOException {
        ResidentAgent oss1 = agent("oss1");
        ResidentAgent oss2 = agent("oss2");
        ResidentAgent c001 = agent("c001");
        List.of(oss1, oss2, c001).forEach(ResidentAgent::refresh);
        String clientVersion = lnode("c001").getMetadata().getResourceVersion();
        long writes = writes();

        sim.failover();
        clock.advance(Duration.ofSeconds(30));
        assertTrue(oss1.refresh());
        assertTrue(oss2.refresh());
        assertFalse(c001.refresh(), "the client's devices and UUID are the same");

        assertEquals(List.of(), status("oss1").targets);
        assertEquals(List.of("lustre-OST0001"), status("oss2").targets);
        assertEquals(Times.format(clock.instant()), status("oss2").observedAt, "when the agent saw the change");
        assertEquals(clientVersion, lnode("c001").getMetadata().getResourceVersion());
        assertEquals(writes + 2, writes(), "one status write per changed node");
    }

    @Test
    void aRemountRegistersTheClientsNewDeviceAndUuid() {
        ResidentAgent c001 = agent("c001");
        assertTrue(c001.refresh());
        LustreNodeDevice before = status("c001").clientDevices.get(1);

        sim.remount("c001");
        assertTrue(c001.refresh());
        LustreNodeDevice after = status("c001").clientDevices.get(1);
        assertEquals(sim.client("c001").uuid(), after.uuid);
        assertEquals(sim.client("c001").device(), after.name);
        assertNotEquals(before.uuid, after.uuid, "a new UUID at every mount");
        assertNotEquals(before.name, after.name);
    }

    @Test
    void nothingIsWrittenWhileNothingChanges() throws IOException {
        ResidentAgent c001 = agent("c001");
        assertTrue(c001.refresh());
        String version = lnode("c001").getMetadata().getResourceVersion();
        long writes = writes();
        assertEquals(2, writes, "registration: the object's create, then its status");

        for (int i = 0; i < 3 * NodeRegistration.RESYNC_EVERY; i++) {
            // Time moves on, so a write of the same facts would still change observedAt.
            clock.advance(Duration.ofSeconds(30));
            assertFalse(c001.refresh());
        }
        assertEquals(writes, writes());
        assertEquals(version, lnode("c001").getMetadata().getResourceVersion());
    }

    @Test
    void anObjectDeletedByHandIsRegisteredAgainAtTheNextResync() {
        ResidentAgent c001 = agent("c001");
        assertTrue(c001.refresh());
        client.resources(LustreNode.class).inNamespace(ns).withName("c001").delete();
        await().atMost(Duration.ofSeconds(10)).until(() -> lnode("c001") == null);

        for (int i = 1; i < NodeRegistration.RESYNC_EVERY; i++) {
            assertFalse(c001.refresh(), "compared with what it wrote, not read back every time");
        }
        assertTrue(c001.refresh());
        assertEquals(sim.client("c001").uuid(), status("c001").clientDevices.get(1).uuid);
    }

    @Test
    void aWriteThatConflictsIsMadeAgainFromWhatTheApiServerHolds() {
        ResidentAgent c001 = agent("c001");
        assertTrue(c001.refresh());
        LustreNode edited = lnode("c001");
        edited.getStatus().version = "2.15.6";
        client.resources(LustreNode.class).inNamespace(ns).resource(edited).updateStatus();

        sim.remount("c001");
        KubernetesClientException e = assertThrows(KubernetesClientException.class, c001::refresh);
        assertEquals(409, e.getCode(), e.getMessage());
        assertTrue(c001.refresh());
        assertEquals("2.16.1", status("c001").version);
        assertEquals(sim.client("c001").uuid(), status("c001").clientDevices.get(1).uuid);
    }

    @Test
    void theLeaseIsCreatedHeldByTheNodeAndRenewed() {
        ResidentAgent c001 = agent("c001");
        Instant start = clock.instant();
        c001.heartbeat();
        Lease created = lease("c001");
        assertEquals("c001", created.getSpec().getHolderIdentity());
        assertEquals(40, created.getSpec().getLeaseDurationSeconds());
        assertEquals(start, created.getSpec().getAcquireTime().toInstant());
        assertEquals(start, created.getSpec().getRenewTime().toInstant());

        clock.advance(NodeLease.RENEW_EVERY);
        c001.heartbeat();
        Lease renewed = lease("c001");
        assertEquals(clock.instant(), renewed.getSpec().getRenewTime().toInstant());
        assertEquals(start, renewed.getSpec().getAcquireTime().toInstant(), "still the same holder");
        assertEquals(0, renewed.getSpec().getLeaseTransitions());
        assertNotEquals(created.getMetadata().getResourceVersion(), renewed.getMetadata().getResourceVersion());

        renewed.getSpec().setHolderIdentity("someone-else");
        client.leases().inNamespace(ns).resource(renewed).update();
        clock.advance(NodeLease.RENEW_EVERY);
        assertThrows(KubernetesClientException.class, c001::heartbeat, "renewed from the Lease it last wrote: a conflict");
        c001.heartbeat();
        Lease taken = lease("c001");
        assertEquals("c001", taken.getSpec().getHolderIdentity());
        assertEquals(1, taken.getSpec().getLeaseTransitions());
    }

    @Test
    void servesOnItsOwnUntilClosedAndLeavesTheLease() {
        ResidentAgent oss2 = agent("oss2", Duration.ofSeconds(1)).start();
        await().atMost(Duration.ofSeconds(20)).until(() -> lnode("oss2") != null && lnode("oss2").getStatus() != null
                && lease("oss2") != null);
        assertEquals(List.of(), status("oss2").targets);

        sim.failover();
        await().atMost(Duration.ofSeconds(20)).until(() -> status("oss2").targets.equals(List.of("lustre-OST0001")));

        oss2.close();
        assertTimeoutPreemptively(Duration.ofSeconds(1), oss2::awaitStop);
        assertEquals("oss2", lease("oss2").getSpec().getHolderIdentity(), "left to expire, not deleted");
    }

    @Test
    void theProcessRegistersAndStopsOnSigtermLeavingTheLease(@TempDir Path dir) throws Exception {
        Path state = dir.resolve("sim.json");
        assertEquals(0, SimLctlMain.run(new String[] {"init", "--state", state.toString(), "--clients", "1", "--failover"}));
        String cp = System.getProperty("java.class.path");
        assertFalse(cp.matches(".*\\s.*"), "--lctl is split on whitespace: the classpath must have none");
        String lctl = "env LUSTRE_IR_CLASSPATH=" + cp + " " + Path.of("scripts", "lctl-sim").toAbsolutePath()
                + " --state " + state + " --node oss2";
        Path log = dir.resolve("agent.log");
        Process p = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-cp", cp, AgentMain.class.getName(),
                "serve", "--node", "oss2", "--namespace", ns, "--kubeconfig", api.kubeconfig().toString(), "--lctl", lctl)
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                .redirectOutput(log.toFile()).redirectErrorStream(true).start();
        try {
            await().atMost(Duration.ofSeconds(90)).until(() -> lnode("oss2") != null && lnode("oss2").getStatus() != null
                    && lease("oss2") != null);
            assertEquals(List.of("lustre-OST0001"), status("oss2").targets, "the failover moved it here");
            assertTrue(p.isAlive(), "it serves until stopped");

            p.destroy(); // SIGTERM, as the kubelet or systemd stops it
            assertTrue(p.waitFor(30, TimeUnit.SECONDS), "stops promptly on SIGTERM");
        } finally {
            p.destroyForcibly();
        }
        String printed = Files.readString(log, StandardCharsets.UTF_8);
        assertEquals(143, p.exitValue(), printed);
        assertTrue(printed.contains("agent serve: stopped; the Lease lustre-ir-agent-oss2 is left to expire"), printed);
        assertEquals("oss2", lease("oss2").getSpec().getHolderIdentity());
    }

    @Test
    void theInstalledRoleAllowsTheAgentsWritesAndNothingElse() throws Exception {
        client.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName("lustre-ir").endMetadata().build()).create();
        Process apply = new ProcessBuilder("kubectl", "--kubeconfig", api.kubeconfig().toString(), "apply", "-k",
                "manifests/agents").redirectErrorStream(true).start();
        String applied = new String(apply.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, apply.waitFor(), applied);
        assertTrue(applied.contains("daemonset.apps/lustre-ir-agent created"), applied);

        Config config = Config.fromKubeconfig(Files.readString(api.kubeconfig()));
        config.setImpersonateUsername("system:serviceaccount:lustre-ir:lustre-ir-agent");
        config.setImpersonateGroups("system:serviceaccounts", "system:serviceaccounts:lustre-ir", "system:authenticated");
        KubernetesClient asAgent = new KubernetesClientBuilder().withConfig(config).build();
        toClose.add(asAgent);
        ResidentAgent c001 = agent(asAgent, "lustre-ir", "c001", Duration.ofSeconds(30));
        assertTrue(c001.refresh());
        c001.heartbeat();
        sim.remount("c001");
        assertTrue(c001.refresh(), "its status again");
        clock.advance(NodeLease.RENEW_EVERY);
        c001.heartbeat();

        var nodes = asAgent.resources(LustreNode.class);
        assertForbidden(() -> nodes.inNamespace("lustre-ir").list());
        assertForbidden(() -> nodes.inNamespace("lustre-ir").withName("c001").delete());
        assertForbidden(() -> nodes.inNamespace(ns).resource(lnodeNamed("c002")).create());
        assertForbidden(() -> asAgent.leases().inNamespace("lustre-ir").withName("lustre-ir-agent-c001").delete());
        assertForbidden(() -> asAgent.secrets().inNamespace("lustre-ir").list());
        assertForbidden(() -> asAgent.nodes().list());
        assertForbidden(() -> asAgent.resources(LustreFailover.class).inNamespace("lustre-ir").list());

        // Rounds: it watches rounds and closes and writes its results, and deletes nothing.
        asAgent.resources(LustreRound.class).inNamespace("lustre-ir").list();
        asAgent.resources(LustreClose.class).inNamespace("lustre-ir").list();
        LustreRoundResult result = new LustreRoundResult();
        result.setMetadata(new ObjectMetaBuilder().withName("f-r1-c-c001").build());
        LustreRoundResultSpec spec = new LustreRoundResultSpec();
        spec.round = "f-r1";
        spec.node = "c001";
        spec.role = LustreRoundResultSpec.Role.Client;
        spec.progress = LustreRoundResultSpec.Progress.Finished;
        result.setSpec(spec);
        var results = asAgent.resources(LustreRoundResult.class).inNamespace("lustre-ir");
        LustreRoundResult created = results.resource(result).create();
        created.getSpec().outcome = "Reconnected";
        results.resource(created).update();
        assertEquals("Reconnected", results.withName("f-r1-c-c001").get().getSpec().outcome);
        assertForbidden(() -> results.withName("f-r1-c-c001").delete());
        assertForbidden(() -> results.list());
        assertForbidden(() -> asAgent.resources(LustreRound.class).inNamespace("lustre-ir").resource(round()).create());
    }

    private static LustreRound round() {
        LustreRound r = new LustreRound();
        r.setMetadata(new ObjectMetaBuilder().withName("f-r2").build());
        LustreRoundSpec spec = new LustreRoundSpec();
        spec.failover = "f";
        spec.round = 2L;
        spec.fsName = "lustre";
        spec.target = "lustre-OST0001";
        spec.serverNode = "oss2";
        spec.nids = List.of("10.0.0.12@tcp");
        r.setSpec(spec);
        return r;
    }

    private static void assertForbidden(org.junit.jupiter.api.function.Executable request) {
        KubernetesClientException e = assertThrows(KubernetesClientException.class, request);
        assertEquals(403, e.getCode(), e.getMessage());
    }

    private static LustreNode lnodeNamed(String name) {
        LustreNode n = new LustreNode();
        n.setMetadata(new ObjectMetaBuilder().withName(name).build());
        return n;
    }

    private ResidentAgent agent(String node) {
        return agent(node, Duration.ofSeconds(30));
    }

    private ResidentAgent agent(String node, Duration interval) {
        KubernetesClient own;
        try {
            own = api.client("lustre-ir-agent/" + node);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        toClose.add(own);
        return agent(own, ns, node, interval);
    }

    private ResidentAgent agent(KubernetesClient own, String namespace, String node, Duration interval) {
        ServeRequest request = new ServeRequest(node, namespace, null, List.of("lctl"), interval);
        ResidentAgent agent = new ResidentAgent(own, request, sim.lctl(node), Agent.clockOf(clock::millis),
                new PrintStream(System.err, true, StandardCharsets.UTF_8));
        toClose.add(0, agent);
        return agent;
    }

    private LustreNode lnode(String node) {
        return client.resources(LustreNode.class).inNamespace(ns).withName(node).get();
    }

    private LustreNodeStatus status(String node) {
        LustreNodeStatus s = lnode(node).getStatus();
        assertNotNull(s, node + " has a status");
        return s;
    }

    private Lease lease(String node) {
        return client.leases().inNamespace(ns).withName("lustre-ir-agent-" + node).get();
    }

    private static List<String> names(LustreNodeStatus s) {
        return s.clientDevices.stream().map(d -> d.name).toList();
    }

    /** Creates, updates and patches of LustreNodes in this test's namespace, from the audit log. */
    private long writes() throws IOException {
        long n = 0;
        for (String verb : List.of("create", "update", "patch")) {
            n += AuditCounts.linesWith(api.auditLog(), "\"verb\":\"" + verb + "\"", "/namespaces/" + ns + "/lustrenodes");
        }
        return n;
    }
}
