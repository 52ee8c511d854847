package dev.lustre.ir.sandbox;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lustre.ir.agent.RoundFeed;
import dev.lustre.ir.api.ApiGroup;
import dev.lustre.ir.api.LustreClose;
import dev.lustre.ir.api.LustreNode;
import dev.lustre.ir.api.LustreRound;
import dev.lustre.ir.api.LustreRoundResult;
import dev.lustre.ir.api.LustreRoundResultSpec;
import dev.lustre.ir.api.LustreRoundSpec;
import dev.lustre.ir.api.RoundNames;
import dev.lustre.ir.sim.SimCluster;
import dev.lustre.ir.testing.CrdFiles;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The simulated resident agents against the real kube-apiserver: each live node's agent registers
 * (LustreNode with the simulated node's facts, a Lease held by the node), the dead ones' Leases are
 * expired and nothing renews them, and the shared feed tells every registered agent of each round.
 */
class SimResidentAgentsTest {
    private static final AtomicInteger SEQ = new AtomicInteger();
    private static LocalApiServer api;
    private static KubernetesClient client;
    @TempDir
    static Path work;

    private final List<AutoCloseable> toClose = new ArrayList<>();
    private String ns;
    private SimCluster sim;

    @BeforeAll
    static void startApiServer() throws IOException {
        api = LocalApiServer.start(Path.of(System.getProperty("kube-api-test.dir")), work);
        client = api.client("sim-agents-test");
        api.applyCrds(client, CrdFiles.COMMITTED);
    }

    @AfterAll
    static void stopApiServer() {
        client.close();
        api.close();
    }

    @BeforeEach
    void namespaceAndCluster() {
        ns = "simagents-" + SEQ.incrementAndGet();
        client.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName(ns).endMetadata().build()).create();
        // c001…c006, of which two dead; oss1 serves lustre-OST0001 until the failover moves it to oss2
        sim = SimCluster.builder().clients(6).dead(2).build();
    }

    @AfterEach
    void close() throws Exception {
        for (AutoCloseable c : toClose) {
            c.close();
        }
    }

    @Test
    void everyLiveClientAndTheFailoverServerRegisterAndTheDeadHoldOnlyAnExpiredLease() throws Exception {
        SimResidentAgents agents = start(Dispatch.AGENTS);
        List<String> live = sim.clientNodes().stream().filter(sim::isAlive).toList();
        List<String> dead = sim.clientNodes().stream().filter(n -> !sim.isAlive(n)).toList();
        assertEquals(4, live.size());
        assertEquals(2, dead.size());
        List<String> expected = new ArrayList<>(live);
        expected.add("oss2");
        assertEquals(expected, agents.agentNodes(), "every live client, and the server the target fails over to");
        assertTrue(agents.registrationSeconds() >= 0, "timed apart from any round");

        for (String node : live) {
            LustreNode n = client.resources(LustreNode.class).inNamespace(ns).withName(node).get();
            assertNotNull(n.getStatus(), node);
            assertEquals(sim.client(node).uuid(), n.getStatus().clientDevices.stream()
                    .filter(d -> "osc".equals(d.type)).findFirst().orElseThrow().uuid, "the UUID the server evicts it by");
            assertEquals(node, lease(node).getSpec().getHolderIdentity());
        }
        assertNotNull(client.resources(LustreNode.class).inNamespace(ns).withName("oss2").get().getStatus());
        for (String node : dead) {
            LustreNode left = client.resources(LustreNode.class).inNamespace(ns).withName(node).get();
            assertEquals(sim.client(node).uuid(), left.getStatus().clientDevices.stream().filter(d -> "osc".equals(d.type))
                    .findFirst().orElseThrow().uuid, "what its agent registered before the node died");
            Lease l = lease(node);
            Instant expires = l.getSpec().getRenewTime().toInstant().plusSeconds(l.getSpec().getLeaseDurationSeconds());
            assertTrue(expires.isBefore(Instant.now()), node + "'s Lease has expired");
        }
    }

    @Test
    void mixedRunsAnAgentOnEveryOtherClient() throws Exception {
        SimResidentAgents agents = start(Dispatch.MIXED);
        List<String> clients = sim.clientNodes();
        List<String> expected = new ArrayList<>();
        for (int i = 0; i < clients.size(); i += 2) {
            if (sim.isAlive(clients.get(i))) {
                expected.add(clients.get(i));
            }
        }
        expected.add("oss2");
        assertEquals(expected, agents.agentNodes());
    }

    @Test
    void theLeaseGrowsWithTheFleetSoThatRenewalsStayAtFiftyASecond() {
        assertEquals(Duration.ofSeconds(40), SimResidentAgents.leaseDurationFor(100), "the product's default");
        assertEquals(Duration.ofSeconds(80), SimResidentAgents.leaseDurationFor(1000));
        assertEquals(Duration.ofSeconds(800), SimResidentAgents.leaseDurationFor(10_000));
        for (int n : List.of(100, 1000, 5000, 10_000)) {
            double renewalsPerSecond = n / (SimResidentAgents.leaseDurationFor(n).toSeconds() / 4.0);
            assertTrue(renewalsPerSecond <= 50, n + " agents: " + renewalsPerSecond + "/s");
        }
    }

    @Test
    void theSharedFeedTellsEveryAgentOfEachRoundOnceAndALateOneOfWhatIsThere() throws Exception {
        SharedRoundFeed hub = new SharedRoundFeed(client, ns);
        toClose.add(hub);
        Map<String, List<String>> told = new ConcurrentHashMap<>();
        List<RoundFeed> feeds = new ArrayList<>();
        for (String agent : List.of("a", "b")) {
            RoundFeed f = hub.feed();
            feeds.add(f);
            f.start(recorder(agent, told));
        }
        await().atMost(Duration.ofSeconds(10)).until(() -> hub.listeners() == 2);
        client.resource(round("first", 1)).create();
        await().atMost(Duration.ofSeconds(10)).until(() -> told.getOrDefault("a", List.of()).size() == 1
                && told.getOrDefault("b", List.of()).size() == 1);
        assertEquals(List.of("round first-r1 new"), told.get("a"));

        RoundFeed late = hub.feed();
        late.start(recorder("late", told));
        await().atMost(Duration.ofSeconds(10)).until(() -> hub.listeners() == 3);
        assertEquals(List.of("round first-r1 existing"), told.get("late"), "as a real agent's list at start-up");

        feeds.get(1).close();
        client.resource(round("second", 1)).create();
        await().atMost(Duration.ofSeconds(10)).until(() -> told.get("late").size() == 2);
        assertEquals(List.of("round first-r1 new", "round second-r1 new"), told.get("a"));
        assertEquals(List.of("round first-r1 new"), told.get("b"), "closed: told of nothing more");
    }

    /** Every live client's agent answers a LustreRound created by hand, without any operator, and no dead one does. */
    @Test
    void everyLiveAgentAndNoDeadOneAnswersARoundCreatedByHand() throws Exception {
        start(Dispatch.AGENTS);
        sim.failover();
        client.resource(round("byhand", 1)).create();
        List<String> live = sim.clientNodes().stream().filter(sim::isAlive).toList();
        await().atMost(Duration.ofSeconds(60)).until(() -> clientResults().keySet().containsAll(live));
        Map<String, LustreRoundResultSpec> results = clientResults();
        assertEquals(live.stream().sorted().toList(), results.keySet().stream().sorted().toList(), "none from a dead node");
        for (String node : live) {
            LustreRoundResultSpec r = results.get(node);
            assertEquals(RoundNames.clientResult("byhand", 1, node),
                    client.resources(LustreRoundResult.class).inNamespace(ns).list().getItems().stream()
                            .filter(x -> x.getSpec().node.equals(node) && x.getSpec().role == LustreRoundResultSpec.Role.Client)
                            .findFirst().orElseThrow().getMetadata().getName());
            assertEquals(List.of(sim.client(node).uuid()), r.uuids);
            assertNotNull(r.startedAt);
        }
    }

    private Map<String, LustreRoundResultSpec> clientResults() {
        return client.resources(LustreRoundResult.class).inNamespace(ns).list().getItems().stream()
                .map(LustreRoundResult::getSpec).filter(s -> s.role == LustreRoundResultSpec.Role.Client)
                .collect(Collectors.toMap(s -> s.node, s -> s, (a, b) -> a));
    }

    private SimResidentAgents start(Dispatch dispatch) throws Exception {
        SimResidentAgents agents = SimResidentAgents.start(api.kubeconfig(), sim, ns, dispatch, work.resolve(ns + "-agents.log"));
        toClose.add(agents);
        return agents;
    }

    private Lease lease(String node) {
        return client.leases().inNamespace(ns).withName(ApiGroup.AGENT_LEASE_PREFIX + node).get();
    }

    private LustreRound round(String failover, long n) {
        LustreRound r = new LustreRound();
        r.setMetadata(new ObjectMetaBuilder().withName(RoundNames.round(failover, n)).withNamespace(ns).build());
        LustreRoundSpec s = new LustreRoundSpec();
        s.failover = failover;
        s.round = n;
        s.fsName = "lustre";
        s.target = "lustre-OST0001";
        s.serverNode = "oss2";
        s.nids = List.of(sim.serverNids().get(1));
        // The simulated clock is manual here and never moves: no import reconnects, and each agent
        // answers Failed once its reconnect's tries (three) have timed out. Short, so the answers come soon.
        s.reconnectTimeout = "5s";
        r.setSpec(s);
        return r;
    }

    private static RoundFeed.Listener recorder(String agent, Map<String, List<String>> told) {
        return new RoundFeed.Listener() {
            @Override
            public void round(LustreRound round, boolean existing) {
                told.computeIfAbsent(agent, a -> new ArrayList<>())
                        .add("round " + round.getMetadata().getName() + (existing ? " existing" : " new"));
            }

            @Override
            public void close(LustreClose close, boolean existing) {
                told.computeIfAbsent(agent, a -> new ArrayList<>()).add("close " + close.getMetadata().getName());
            }
        };
    }
}
