package dev.lustre.ir.e2e;

import static dev.lustre.ir.e2e.RoundSupport.allJobs;
import static dev.lustre.ir.e2e.RoundSupport.apply;
import static dev.lustre.ir.e2e.RoundSupport.awaitPhase;
import static dev.lustre.ir.e2e.RoundSupport.jobs;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lustre.ir.agent.ResidentAgent;
import dev.lustre.ir.agent.RoundFeed;
import dev.lustre.ir.agent.ServeRequest;
import dev.lustre.ir.api.ApiGroup;
import dev.lustre.ir.api.ClosedBy;
import dev.lustre.ir.api.LustreClose;
import dev.lustre.ir.api.LustreFailover;
import dev.lustre.ir.api.LustreRound;
import dev.lustre.ir.api.LustreRoundResult;
import dev.lustre.ir.api.LustreRoundResultSpec.Role;
import dev.lustre.ir.api.Phase;
import dev.lustre.ir.api.RoundNames;
import dev.lustre.ir.api.Via;
import dev.lustre.ir.kube.Times;
import dev.lustre.ir.sandbox.Dispatch;
import dev.lustre.ir.sandbox.Scenario;
import dev.lustre.ir.sandbox.SimResidentAgents;
import dev.lustre.ir.sim.ClientView;
import dev.lustre.ir.sim.SimCluster;
import dev.lustre.ir.testing.KubeApiTestResource;
import dev.lustre.ir.testing.RealApiServerProfile;
import dev.lustre.ir.testing.SimulatedRuntime;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Rounds through resident agents on the real API server: the simulated fleet runs the product's
 * ResidentAgent for each chosen node (one shared watch, see SimResidentAgents), the failover server's
 * agent runs outside the cluster's nodes with its own kubeconfig, and nodes without an agent get Jobs
 * from the simulated node runtime.
 */
@QuarkusTest
@TestProfile(RealApiServerProfile.class)
class AgentRoundTest {
    @Inject
    KubernetesClient client;

    private final List<AutoCloseable> running = new ArrayList<>();

    @AfterEach
    void stopAgents() throws Exception {
        for (AutoCloseable c : running) {
            c.close();
        }
        running.clear();
    }

    @Test
    void throughAgentsOnlyNoJobIsCreatedAndEveryClientWritesOneResult() {
        Scenario sc = start(Scenario.Settings.of("agentsonly", 20, 0).withTimeScale(10).withDispatch(Dispatch.AGENTS));
        apply(client, sc, null);

        LustreFailover lfo = awaitPhase(client, "agentsonly", Phase.Recovered, Duration.ofSeconds(60));
        assertEquals(ClosedBy.AllReconnected, lfo.getStatus().closedBy);
        assertEquals("20/20", lfo.getStatus().progress);
        assertEquals(Via.Agent, lfo.getStatus().serverVia, "the server is no Kubernetes node: its agent inspected it");
        assertEquals(20, lfo.getStatus().clients.viaAgent);
        assertEquals(0, lfo.getStatus().clients.viaJob);
        assertTrue(allJobs(client, "agentsonly").isEmpty(), "no Job at all: " + allJobs(client, "agentsonly"));
        List<LustreRoundResult> clients = results("agentsonly", Role.Client);
        assertEquals(20, clients.size());
        assertTrue(clients.stream().allMatch(r -> "Reconnected".equals(r.getSpec().outcome)));
        assertTrue(clients.stream().allMatch(r -> "1".equals(r.getMetadata().getResourceVersion()) || r.getMetadata().getGeneration() == 1),
                "each result was created and never written again");
        assertEquals(1, results("agentsonly", Role.Server).size());
    }

    @Test
    void mixedHalfThroughAgentsHalfThroughJobs() {
        Scenario sc = start(Scenario.Settings.of("mixed", 10, 0).withTimeScale(10).withDispatch(Dispatch.MIXED));
        apply(client, sc, null);

        LustreFailover lfo = awaitPhase(client, "mixed", Phase.Recovered, Duration.ofSeconds(60));
        assertEquals("10/10", lfo.getStatus().progress);
        assertEquals(5, lfo.getStatus().clients.viaAgent);
        assertEquals(5, lfo.getStatus().clients.viaJob);
        Set<String> jobNodes = jobs(client, "mixed", "client").stream()
                .map(j -> j.getMetadata().getLabels().get("ir.lustre.dev/node")).collect(Collectors.toCollection(TreeSet::new));
        Set<String> agentNodes = results("mixed", Role.Client).stream().map(r -> r.getSpec().node)
                .collect(Collectors.toCollection(TreeSet::new));
        assertEquals(5, jobNodes.size());
        assertEquals(5, agentNodes.size());
        assertTrue(jobNodes.stream().noneMatch(agentNodes::contains), "a node with a live agent gets no Job");
        assertTrue(jobs(client, "mixed", "preflight").isEmpty(), "the server is reached through its agent only");
        // The round's one change: the mark of its end, so that an agent starting later leaves it alone.
        await().atMost(Duration.ofSeconds(10)).until(() -> ApiGroup.roundEnded(client.resources(LustreRound.class)
                .inNamespace("default").withName(RoundNames.round("mixed", 1)).get()));
    }

    @Test
    void jobsOnlyWhenNoNodeRunsAnAgent() {
        Scenario sc = start(Scenario.Settings.of("jobsonly", 6, 0).withTimeScale(10).withDispatch(Dispatch.JOBS));
        apply(client, sc, null);

        LustreFailover lfo = awaitPhase(client, "jobsonly", Phase.Recovered, Duration.ofSeconds(60));
        assertEquals(Via.Job, lfo.getStatus().serverVia);
        assertEquals(6, lfo.getStatus().clients.viaJob);
        assertEquals(0, lfo.getStatus().clients.viaAgent);
        assertEquals(6, jobs(client, "jobsonly", "client").size());
        assertTrue(results("jobsonly", Role.Client).isEmpty());
    }

    @Test
    void aServerThatIsNeitherANodeNorRunsAnAgentFailsTheRoundSayingWhatToInstall() {
        // Agents on the clients, none on the server (the fleet's server agent is not started), and the
        // server is no Kubernetes node.
        Scenario sc = start(Scenario.Settings.of("noserver", 3, 0).withTimeScale(10).withDispatch(Dispatch.AGENTS), false);
        apply(client, sc, null);

        LustreFailover lfo = awaitPhase(client, "noserver", Phase.Failed, Duration.ofSeconds(30));
        assertTrue(lfo.getStatus().message.contains("is not a Kubernetes node and runs no live resident agent"), lfo.getStatus().message);
        assertTrue(lfo.getStatus().message.contains("agent serve"), lfo.getStatus().message);
        assertTrue(allJobs(client, "noserver").isEmpty());
    }

    /**
     * The fenced dead are evicted while a slow live client is still reconnecting; its replay then
     * ends the window at once, before Lustre's next 60 s re-check could have.
     */
    @Test
    void fencedDeadAreEvictedEarlyAndTheLastLiveReplayClosesTheWindowWithoutTheTick() {
        Scenario sc = start(Scenario.Settings.of("early", 10, 2).withSlow(1, Duration.ofSeconds(20))
                .withDispatch(Dispatch.AGENTS).withDeadFenced(true));
        Set<String> dead = new TreeSet<>(sc.deadRosterUuids());
        apply(client, sc, null);

        LustreFailover lfo = awaitPhase(client, "early", Phase.Recovered, Duration.ofSeconds(90));
        assertNotNull(lfo.getStatus().evictedEarly, "status: " + lfo.getStatus().message);
        assertEquals(dead, new TreeSet<>(lfo.getStatus().evictedEarly.uuids));
        List<LustreClose> closes = client.resources(LustreClose.class).inNamespace("default")
                .withLabel("ir.lustre.dev/failover", "early").list().getItems();
        assertTrue(closes.stream().allMatch(c -> !c.getSpec().waitForWindow), "only early evictions: " + closes.size());
        assertEquals(dead, closes.stream().flatMap(c -> c.getSpec().uuids.stream()).collect(Collectors.toCollection(TreeSet::new)),
                "each dead UUID issued once");

        Instant lastLive = results("early", Role.Client).stream().map(r -> Times.parse(r.getSpec().observedAt))
                .max(Comparator.naturalOrder()).orElseThrow();
        Instant firstEviction = closes.stream().map(c -> Times.parse(c.getMetadata().getCreationTimestamp()))
                .min(Comparator.naturalOrder()).orElseThrow();
        assertTrue(firstEviction.isBefore(lastLive.minusSeconds(5)), "evicted while the slow client was still reconnecting: "
                + firstEviction + " vs " + lastLive);

        SimCluster sim = sc.sim();
        Instant closed = sim.windowClosedAt().orElseThrow();
        ClientView slow = sim.clients().stream().filter(ClientView::alive).max(Comparator.comparing(c -> c.reconnectedAt().orElseThrow()))
                .orElseThrow();
        Instant lastReconnect = slow.reconnectedAt().orElseThrow();
        assertTrue(closed.isBefore(sim.recheckTickAtOrAfter(lastReconnect)),
                "closed at the last live client's replay (" + closed + "), not at Lustre's re-check tick ("
                        + sim.recheckTickAtOrAfter(lastReconnect) + ")");
        assertEquals(2, sim.target().evicted());
        assertTrue(sim.clients().stream().filter(ClientView::alive).noneMatch(ClientView::evicted), "no live client was evicted");
        assertTrue(sim.clients().stream().filter(ClientView::alive).allMatch(ClientView::replayKept));
    }

    /** NotReady alone is not proof for early eviction within the grace: the dead are evicted at the close. */
    @Test
    void notReadyAloneWaitsForTheCloseWithinTheGrace() {
        Scenario sc = start(Scenario.Settings.of("notready", 6, 1).withTimeScale(10)
                .withDispatch(Dispatch.AGENTS).withDeadFenced(false));
        Set<String> dead = new TreeSet<>(sc.deadRosterUuids());
        apply(client, sc, null);

        LustreFailover lfo = awaitPhase(client, "notready", Phase.Recovered, Duration.ofSeconds(90));
        assertEquals(null, lfo.getStatus().evictedEarly, "no early eviction on NotReady alone within 60 s");
        assertEquals(dead, new TreeSet<>(lfo.getStatus().plan.uuids), "evicted by the close, when the policy held");
        List<LustreClose> closes = client.resources(LustreClose.class).inNamespace("default")
                .withLabel("ir.lustre.dev/failover", "notready").list().getItems();
        assertEquals(1, closes.size());
        assertTrue(closes.get(0).getSpec().waitForWindow);
        // The close's own result is written once its agent saw the window closed, which may come a
        // poll after the server's observation that told the operator so.
        String closeName = closes.get(0).getMetadata().getName();
        await().atMost(Duration.ofSeconds(15)).untilAsserted(() -> assertEquals("Finished", client.resources(LustreRoundResult.class)
                .inNamespace("default").withName(closeName).get().getSpec().progress.name(), "the server's agent carried it out"));
        assertEquals(1, sc.sim().target().evicted());
    }

    /** A node whose agent registered, renewed its Lease and then died mid-round gets a Job once its Lease runs out. */
    @Test
    void aNodeWhoseAgentDiedMidRoundFallsBackToAJob() throws Exception {
        AtomicReference<String> silentNode = new AtomicReference<>();
        AtomicReference<ResidentAgent> silent = new AtomicReference<>();
        // MIXED: odd nodes run no fleet agent; one of them gets an agent that never acts on rounds.
        Scenario sc = start(Scenario.Settings.of("agentdied", 4, 0).withDispatch(Dispatch.MIXED), true, sim -> {
            String node = sim.clientNodes().get(1);
            silentNode.set(node);
            silent.set(agent(node, sim, Duration.ofSeconds(4), new SilentFeed()));
        });
        apply(client, sc, null);
        await().atMost(Duration.ofSeconds(20)).until(() -> RoundSupport.get(client, "agentdied").getStatus() != null
                && RoundSupport.get(client, "agentdied").getStatus().phase == Phase.Reconnecting);
        // It dies before it answered; its Lease runs out 4 s later, long before the client would have
        // reconnected by itself (Lustre's own timeouts, at the real time scale).
        silent.get().close();

        LustreFailover lfo = awaitPhase(client, "agentdied", Phase.Recovered, Duration.ofSeconds(90));
        assertEquals("4/4", lfo.getStatus().progress);
        Set<String> jobNodes = jobs(client, "agentdied", "client").stream()
                .map(j -> j.getMetadata().getLabels().get("ir.lustre.dev/node")).collect(Collectors.toSet());
        assertTrue(jobNodes.contains(silentNode.get()), "the silent agent's node got a Job: " + jobNodes);
    }

    /** An agent restarted mid-round does not write its result twice, and the round goes on. */
    @Test
    void anAgentRestartedMidRoundWritesItsResultOnce() throws Exception {
        AtomicReference<String> node = new AtomicReference<>();
        AtomicReference<SimCluster> simRef = new AtomicReference<>();
        AtomicReference<ResidentAgent> first = new AtomicReference<>();
        Scenario sc = start(Scenario.Settings.of("restarted", 4, 0).withTimeScale(10).withDispatch(Dispatch.MIXED), true, sim -> {
            String n = sim.clientNodes().get(1);
            node.set(n);
            simRef.set(sim);
            first.set(agent(n, sim, Duration.ofSeconds(40), null));
        });
        apply(client, sc, null);
        String result = dev.lustre.ir.api.RoundNames.clientResult("restarted", 1, node.get());
        await().atMost(Duration.ofSeconds(30)).until(() -> resultOf(result) != null);
        first.get().close();
        String version = resultOf(result).getMetadata().getResourceVersion();
        ResidentAgent second = agent(node.get(), simRef.get(), Duration.ofSeconds(40), null);

        LustreFailover lfo = awaitPhase(client, "restarted", Phase.Recovered, Duration.ofSeconds(60));
        assertEquals("4/4", lfo.getStatus().progress);
        await().pollDelay(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(5)).until(() -> true);
        assertEquals(version, resultOf(result).getMetadata().getResourceVersion(), "the restarted agent did not write again");
        assertFalse(jobs(client, "restarted", "client").stream()
                .anyMatch(j -> node.get().equals(j.getMetadata().getLabels().get("ir.lustre.dev/node"))), "no Job for its node");
        second.close();
    }

    /**
     * Another agent writes a live node's result before that node's agent does: "reconnect failed",
     * which with the JobFailed evidence would make the node dead and have its UUID evicted. Its seal
     * cannot be the node's own Pod's, so the operator ignores it: the node's silent agent is passed
     * over for a Job, which reconnects it, and only the dead client is evicted.
     */
    @Test
    void aResultForgedInALiveNodesNameIsIgnoredAndTheNodeIsNotEvicted() {
        AtomicReference<String> victim = new AtomicReference<>();
        // MIXED: odd nodes run no fleet agent; one of them gets an agent that never acts on rounds.
        // At Lustre's own pace, so that the node reconnects through the round (a Job), not by itself.
        Scenario sc = start(Scenario.Settings.of("forged", 4, 1).withDispatch(Dispatch.MIXED)
                .withDeadFenced(true), true, sim -> {
                    String node = sim.clientNodes().stream().filter(sim::isAlive).skip(1).findFirst().orElseThrow();
                    victim.set(node);
                    agent(node, sim, Duration.ofSeconds(40), new SilentFeed());
                });
        String dead = sc.sim().clientNodes().stream().filter(n -> !sc.sim().isAlive(n)).findFirst().orElseThrow();
        String victimUuid = sc.sim().clientMounts(victim.get()).get(0).uuid();
        var policy = new dev.lustre.ir.api.RecoveryPolicySpec();
        policy.reconnectTimeout = "5s";
        apply(client, sc, policy);
        // Written as an agent sharing the service account can: sealed by the dead node's Pod, which it
        // may name but whose UID it cannot read.
        LustreRoundResult forged = new LustreRoundResult();
        forged.setMetadata(new io.fabric8.kubernetes.api.model.ObjectMetaBuilder().withNamespace("default")
                .withName(RoundNames.clientResult("forged", 1, victim.get())).build());
        var spec = new dev.lustre.ir.api.LustreRoundResultSpec();
        spec.round = RoundNames.round("forged", 1);
        spec.node = victim.get();
        spec.role = Role.Client;
        spec.progress = dev.lustre.ir.api.LustreRoundResultSpec.Progress.Finished;
        spec.outcome = "Failed";
        spec.uuids = List.of(victimUuid);
        spec.report = "{\"command\":\"reconnect\",\"v\":1,\"ok\":false,\"error\":\"Timeout\",\"target\":\""
                + sc.sim().target().name() + "\",\"uuids\":[\"" + victimUuid + "\"],\"elapsedMs\":5000}";
        spec.seal = dev.lustre.ir.api.AgentSeal.seal(ApiGroup.AGENT_LEASE_PREFIX + dead, java.util.UUID.randomUUID().toString(), spec);
        forged.setSpec(spec);
        client.resource(forged).create();

        LustreFailover lfo = awaitPhase(client, "forged", Phase.Recovered, Duration.ofSeconds(90));
        String status = io.fabric8.kubernetes.client.utils.Serialization.asYaml(lfo.getStatus());
        assertEquals("3/4", lfo.getStatus().progress, status);
        assertEquals(1, lfo.getStatus().clients.dead, status);
        assertEquals(0, lfo.getStatus().clients.failed, status);
        assertTrue(jobs(client, "forged", "client").stream()
                .anyMatch(j -> victim.get().equals(j.getMetadata().getLabels().get("ir.lustre.dev/node"))),
                "the silent agent's node got a Job");
        assertTrue(sc.sim().clients().stream().filter(c -> c.node().equals(victim.get())).noneMatch(ClientView::evicted),
                "the live client named in the forged result was not evicted");
        assertEquals(1, sc.sim().target().evicted(), "only the dead client");
    }

    /**
     * A client's agent killed (its round thread ended where it stood, as SIGKILL ends a process) while
     * its reconnect is under way, then started again: the new agent carries the round's part out, the
     * node has one result written once, the import was told to reconnect once, and no Job is made for it.
     */
    @Test
    void anAgentKilledMidReconnectAndStartedAgainWritesOneResultAndReconnectsOnce() throws Exception {
        AtomicReference<String> node = new AtomicReference<>();
        AtomicReference<SimCluster> simRef = new AtomicReference<>();
        AtomicReference<ResidentAgent> first = new AtomicReference<>();
        java.util.concurrent.CountDownLatch held = new java.util.concurrent.CountDownLatch(1);
        java.util.concurrent.CountDownLatch never = new java.util.concurrent.CountDownLatch(1);
        java.util.concurrent.atomic.AtomicInteger reconnects = new java.util.concurrent.atomic.AtomicInteger();
        Scenario sc = start(Scenario.Settings.of("agentkill", 4, 0).withTimeScale(10).withDispatch(Dispatch.MIXED), true, sim -> {
            String n = sim.clientNodes().get(1);
            node.set(n);
            simRef.set(sim);
            // Every import=connection write on the node, whichever agent makes it, reaches the simulator through here.
            sim.interpose((on, args, simulated) -> {
                if (on.equals(n) && args.size() == 2 && args.get(0).equals("set_param") && args.get(1).contains(".import=connection=")) {
                    reconnects.incrementAndGet();
                }
                return simulated.run(args);
            });
            dev.lustre.ir.lustre.LctlRunner lctl = sim.lctl(n);
            // The first agent stops at its first reconnect write, before it reaches Lustre, and is killed there.
            dev.lustre.ir.lustre.LctlRunner frozen = args -> {
                if (args.size() == 2 && args.get(0).equals("set_param") && args.get(1).contains(".import=connection=")) {
                    held.countDown();
                    try {
                        never.await();
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                    throw new dev.lustre.ir.faults.LustreFaults.Killed(n);
                }
                return lctl.run(args);
            };
            first.set(agent(n, sim, Duration.ofSeconds(40), null, frozen));
        });
        apply(client, sc, null);
        assertTrue(held.await(30, java.util.concurrent.TimeUnit.SECONDS), "the first agent began its reconnect");
        first.get().close();
        assertEquals(0, reconnects.get(), "the killed agent's write never reached Lustre");
        String result = dev.lustre.ir.api.RoundNames.clientResult("agentkill", 1, node.get());
        assertEquals(null, resultOf(result), "the killed agent wrote no result");

        ResidentAgent second = agent(node.get(), simRef.get(), Duration.ofSeconds(40), null);
        LustreFailover lfo = awaitPhase(client, "agentkill", Phase.Recovered, Duration.ofSeconds(60));
        assertEquals("4/4", lfo.getStatus().progress);
        await().atMost(Duration.ofSeconds(10)).until(() -> resultOf(result) != null);
        String version = resultOf(result).getMetadata().getResourceVersion();
        await().pollDelay(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(5)).until(() -> true);
        assertEquals(version, resultOf(result).getMetadata().getResourceVersion(), "its result was written once");
        assertEquals("Reconnected", resultOf(result).getSpec().outcome);
        assertEquals(1, results("agentkill", Role.Client).stream().filter(r -> node.get().equals(r.getSpec().node)).count(),
                "one result for the node");
        assertTrue(reconnects.get() <= 1, "the import was told to reconnect at most once: " + reconnects.get());
        ClientView c = simRef.get().client(node.get());
        assertEquals(simRef.get().target().instance(), c.connectInstance(), "connected to the new instance");
        assertFalse(c.evicted());
        assertFalse(jobs(client, "agentkill", "client").stream()
                .anyMatch(j -> node.get().equals(j.getMetadata().getLabels().get("ir.lustre.dev/node"))), "no Job for its node");
        second.close();
    }

    private Scenario start(Scenario.Settings settings) {
        return start(settings, true);
    }

    private Scenario start(Scenario.Settings settings, boolean serverAgent) {
        return start(settings, serverAgent, sim -> {
        });
    }

    /** The scenario with its fleet of agents started before the failover, as a DaemonSet's would be. */
    private Scenario start(Scenario.Settings settings, boolean serverAgent, java.util.function.Consumer<SimCluster> also) {
        return Scenario.start(client, SimulatedRuntime.fleet(), settings, sim -> {
            try {
                if (settings.dispatch() != Dispatch.JOBS) {
                    SimResidentAgents agents = SimResidentAgents.start(KubeApiTestResource.kubeconfig(), sim, "default",
                            settings.dispatch(), serverAgent, Path.of("target", "agent-logs", settings.name() + ".log"));
                    running.add(agents);
                }
                also.accept(sim);
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
    }

    /** One more agent, run by hand on a node the fleet leaves alone. */
    private ResidentAgent agent(String node, SimCluster sim, Duration lease, RoundFeed feed) {
        return agent(node, sim, lease, feed, sim.lctl(node));
    }

    private ResidentAgent agent(String node, SimCluster sim, Duration lease, RoundFeed feed, dev.lustre.ir.lustre.LctlRunner lctl) {
        var c = client;
        ServeRequest request = new ServeRequest(node, "default", null, List.of("lctl"), Duration.ofSeconds(30), lease, null)
                .inPod(SimResidentAgents.agentPod(c, "default", node));
        RoundFeed f = feed != null ? feed : new dev.lustre.ir.agent.InformerRoundFeed(c, "default", new PrintStream(PrintStream.nullOutputStream()));
        ResidentAgent a = new ResidentAgent(c, request, lctl, Clock.systemUTC(), System.err, f).start();
        await().atMost(Duration.ofSeconds(20)).until(() -> c.leases().inNamespace("default").withName("lustre-ir-agent-" + node).get() != null
                && c.resources(dev.lustre.ir.api.LustreNode.class).inNamespace("default").withName(node).get() != null
                && c.resources(dev.lustre.ir.api.LustreNode.class).inNamespace("default").withName(node).get().getStatus() != null);
        running.add(a);
        return a;
    }

    private LustreRoundResult resultOf(String name) {
        return client.resources(LustreRoundResult.class).inNamespace("default").withName(name).get();
    }

    private List<LustreRoundResult> results(String failover, Role role) {
        return client.resources(LustreRoundResult.class).inNamespace("default").withLabel("ir.lustre.dev/failover", failover)
                .list().getItems().stream().filter(r -> r.getSpec().role == role).toList();
    }

    /** A feed that never tells of a round: an agent that registered and renews its Lease, but is stuck. */
    private static final class SilentFeed implements RoundFeed {
        @Override
        public void start(Listener listener) {
        }

        @Override
        public void close() {
        }
    }
}
