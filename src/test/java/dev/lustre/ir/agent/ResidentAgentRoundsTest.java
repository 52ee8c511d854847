package dev.lustre.ir.agent;

import static dev.lustre.ir.agent.SimAgentSupport.NEW_NID;
import static dev.lustre.ir.agent.SimAgentSupport.OST;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.lustre.ir.api.ApiGroup;
import dev.lustre.ir.api.LustreClose;
import dev.lustre.ir.api.LustreCloseSpec;
import dev.lustre.ir.api.LustreRound;
import dev.lustre.ir.api.LustreRoundResult;
import dev.lustre.ir.api.LustreRoundResultSpec;
import dev.lustre.ir.api.LustreRoundResultSpec.Progress;
import dev.lustre.ir.api.LustreRoundResultSpec.Role;
import dev.lustre.ir.api.LustreRoundSpec;
import dev.lustre.ir.api.RecoveryPolicySpec.CloseMethod;
import dev.lustre.ir.api.RoundNames;
import dev.lustre.ir.kube.Times;
import dev.lustre.ir.lustre.RecoveryState;
import dev.lustre.ir.sandbox.AuditCounts;
import dev.lustre.ir.sandbox.LocalApiServer;
import dev.lustre.ir.sim.ManualClock;
import dev.lustre.ir.sim.SimClock;
import dev.lustre.ir.sim.SimCluster;
import dev.lustre.ir.testing.CrdFiles;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code agent serve} in rounds, against the real kube-apiserver, each node's lctl the simulated
 * Lustre's, each agent fed by its own informers: clients reconnect and write one result each, the
 * server's agent follows the target and carries out closes exactly once, and no value that fails its
 * check reaches lctl. Writes are counted in the API server's audit log.
 */
class ResidentAgentRoundsTest {
    private static final AtomicInteger SEQ = new AtomicInteger();
    private static final String FAILOVER = "ost1-failover";
    private static final String SERVER = "oss2";
    private static LocalApiServer api;
    private static KubernetesClient client;

    private final List<AutoCloseable> toClose = new ArrayList<>();
    private String ns;
    private ManualClock clock;
    private SimCluster sim;

    @BeforeAll
    static void startApiServer(@TempDir Path work) throws IOException {
        api = LocalApiServer.start(Path.of(System.getProperty("kube-api-test.dir")), work);
        client = api.client("resident-agent-rounds-test");
        api.applyCrds(client, CrdFiles.COMMITTED);
    }

    @AfterAll
    static void stopApiServer() {
        client.close();
        api.close();
    }

    @BeforeEach
    void namespace() {
        ns = "rounds-" + SEQ.incrementAndGet();
        client.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName(ns).endMetadata().build()).create();
        clock = SimClock.manual();
    }

    @AfterEach
    void close() throws Exception {
        for (AutoCloseable c : toClose) {
            c.close();
        }
    }

    /** c001 and c002 alive, the target failed over to oss2. */
    private void twoClients() {
        sim = SimCluster.builder().clients(2).clock(clock).build();
        sim.failover();
    }

    /**
     * One failed lctl call (here the import write, as a hung lctl killed at its timeout) is not the
     * node's answer: a Job would run again, and so does the agent's reconnect, so a live client is
     * never reported Failed (which the policy may take as evidence of death) for one bad call.
     */
    @Test
    void aReconnectWhoseLctlFailsOnceIsTriedAgainAndReportsTheClientBack() throws Exception {
        twoClients();
        AtomicInteger failed = new AtomicInteger();
        // The first attempt's import write and its recover fallback both fail; after that lctl works.
        sim.interpose((on, args, simulated) -> {
            boolean importWrite = args.size() == 2 && args.get(0).equals("set_param") && args.get(1).contains(".import=connection=");
            if (on.equals("c001") && (importWrite || args.contains("recover")) && failed.get() < 2) {
                failed.incrementAndGet();
                return dev.lustre.ir.lustre.CommandResult.failure(124, "lctl: killed after its call timeout");
            }
            return simulated.run(args);
        });
        agent("c001");
        createRound(1);

        LustreRoundResultSpec spec = awaitResult(RoundNames.clientResult(FAILOVER, 1, "c001")).getSpec();
        assertEquals(2, failed.get(), "the first attempt failed");
        assertEquals("Reconnected", spec.outcome, spec.message);
        assertEquals(sim.target().instance(), sim.client("c001").connectInstance(), "connected to the new instance");
    }

    @Test
    void eachClientReconnectsAtOnceAndWritesOneResult() throws Exception {
        twoClients();
        Node c001 = agent("c001");
        Node c002 = agent("c002");
        LustreRound round = createRound(1);

        LustreRoundResult result = awaitResult(RoundNames.clientResult(FAILOVER, 1, "c001"));
        LustreRoundResultSpec spec = result.getSpec();
        assertEquals(round.getMetadata().getName(), spec.round);
        assertEquals("c001", spec.node);
        assertEquals(Role.Client, spec.role);
        assertEquals(Progress.Finished, spec.progress);
        assertEquals("Reconnected", spec.outcome, spec.message);
        assertEquals(List.of(sim.client("c001").uuid()), spec.uuids, "the UUID the server would evict this client by");
        JsonNode report = SimAgentSupport.parse(spec.report);
        assertEquals("reconnect", report.get("command").asText());
        assertTrue(report.get("ok").asBoolean());
        assertEquals(sim.client("c001").uuid(), report.get("uuids").get(0).asText());
        assertTrue(!Times.parse(spec.observedAt).isBefore(Times.parse(spec.startedAt)));
        assertEquals(NEW_NID, sim.client("c001").currentConnection(), "reconnected to the failover server");
        assertEquals("set_param", c001.lctl.writes().get(0).get(0));

        assertEquals(FAILOVER, result.getMetadata().getLabels().get(ApiGroup.FAILOVER_LABEL));
        assertEquals("1", result.getMetadata().getLabels().get(ApiGroup.ROUND_LABEL));
        assertEquals("c001", result.getMetadata().getLabels().get(ApiGroup.NODE_LABEL));
        assertEquals("client", result.getMetadata().getLabels().get(ApiGroup.ROLE_LABEL));
        OwnerReference owner = result.getMetadata().getOwnerReferences().get(0);
        assertEquals(round.getMetadata().getUid(), owner.getUid());
        assertEquals("LustreRound", owner.getKind());
        assertEquals(round.getApiVersion(), owner.getApiVersion());
        assertNull(owner.getBlockOwnerDeletion(), "that would need the right to update the round's finalizers");

        awaitResult(RoundNames.clientResult(FAILOVER, 1, "c002"));
        awaitIdle(c001, c002);
        Thread.sleep(2000);
        assertEquals(1, creates(RoundNames.clientResult(FAILOVER, 1, "c001")));
        assertEquals(1, creates(RoundNames.clientResult(FAILOVER, 1, "c002")));
        assertEquals(0, updates(RoundNames.clientResult(FAILOVER, 1, "c001")), "a client's result is never changed");
        assertEquals(result.getMetadata().getResourceVersion(),
                result(RoundNames.clientResult(FAILOVER, 1, "c001")).getMetadata().getResourceVersion());
    }

    @Test
    void aNodeThatIsNoClientOfTheFileSystemRunsAndWritesNothing() throws Exception {
        twoClients();
        Node oss1 = agent("oss1"); // the old server: only its MGC is left
        createRound(1);
        await().atMost(Duration.ofSeconds(20)).until(() -> oss1.agent.told() == 1 && oss1.agent.roundsIdle());
        assertNull(result(RoundNames.clientResult(FAILOVER, 1, "oss1")));
        assertEquals(0, creates(""), "nothing written");
        assertEquals(List.of(), oss1.lctl.writes());
        assertTrue(oss1.lctl.calls().stream().noneMatch(a -> a.get(0).equals("list_param")), "no reconnect attempted");
    }

    @Test
    void aNodeWithTheFileSystemButNotTheTargetWritesTheFailure() throws Exception {
        twoClients();
        Node c001 = agent("c001");
        LustreRoundSpec spec = roundSpec(1);
        spec.target = "lustre-OST0007";
        createRound(spec);
        LustreRoundResult r = awaitResult(RoundNames.clientResult(FAILOVER, 1, "c001"));
        assertEquals("Failed", r.getSpec().outcome);
        assertEquals("NoDevice", SimAgentSupport.parse(r.getSpec().report).get("error").asText());
        assertEquals(List.of(), c001.lctl.writes());
    }

    @Test
    void anAgentRestartedDuringTheRoundNeitherReconnectsNorWritesAgain() throws Exception {
        twoClients();
        Node first = agent("c001");
        createRound(1);
        String name = RoundNames.clientResult(FAILOVER, 1, "c001");
        String version = awaitResult(name).getMetadata().getResourceVersion();
        awaitIdle(first);
        first.close();

        Node second = agent("c001");
        // c002's agent starts only now too: the round is there before its feed, and its result is not.
        Node c002 = agent("c002");
        await().atMost(Duration.ofSeconds(20)).until(() -> second.agent.told() == 1 && c002.agent.told() == 1);
        awaitResult(RoundNames.clientResult(FAILOVER, 1, "c002"));
        awaitIdle(second, c002);

        assertEquals(List.of(), second.lctl.writes(), "no second reconnect");
        assertEquals(1, creates(name), "no second write");
        assertEquals(version, result(name).getMetadata().getResourceVersion());
        assertEquals(1, AuditCounts.linesWith(api.auditLog(), "\"verb\":\"get\"", "\"userAgent\":\"lustre-ir-agent/c001",
                "/namespaces/" + ns + "/lustreroundresults/" + name + "\""), "the new agent looked for its result first");
        assertFalse(c002.lctl.writes().isEmpty(), "an existing round without a result is acted on");
    }

    @Test
    void theServersResultFollowsTheTargetUntilItLeavesRecovery() throws Exception {
        twoClients();
        Node server = agent(SERVER);
        createRound(1);
        String name = RoundNames.serverResult(FAILOVER, 1);
        LustreRoundResult first = awaitResult(name);
        assertEquals(Role.Server, first.getSpec().role);
        assertEquals(Progress.Running, first.getSpec().progress);
        assertEquals(SERVER, first.getSpec().node);
        assertEquals(RecoveryState.WAITING_FOR_CLIENTS.name(), first.getSpec().outcome, "no client is back yet");
        assertEquals("inspect-server", SimAgentSupport.parse(first.getSpec().report).get("command").asText());

        // Nothing changes while the clients stay away but the timers: no write.
        Thread.sleep(3000);
        assertEquals(first.getMetadata().getResourceVersion(), result(name).getMetadata().getResourceVersion());

        agent("c001");
        agent("c002");
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500)).until(() -> {
            clock.advance(Duration.ofSeconds(1));
            LustreRoundResult r = result(name);
            return r.getSpec().progress == Progress.Finished;
        });
        LustreRoundResultSpec last = result(name).getSpec();
        assertEquals(RecoveryState.COMPLETE.name(), last.outcome, last.message);
        assertEquals(first.getSpec().startedAt, last.startedAt, "since the first inspection");
        assertEquals("COMPLETE", SimAgentSupport.parse(last.report).get("recovery").get("status").asText());
        awaitIdle(server);

        long writes = creates(name) + updates(name);
        int inspections = inspections(server);
        Thread.sleep(2500);
        assertEquals(1, creates(name));
        assertTrue(updates(name) >= 1 && updates(name) <= inspections, updates(name) + " updates, " + inspections + " inspections");
        assertEquals(writes, creates(name) + updates(name), "no write after Finished");
        assertEquals(inspections, inspections(server), "no inspection either");
    }

    @Test
    void aCloseIsCarriedOutOnceAndEvictsItsUuids() throws Exception {
        sim = SimCluster.builder().clients(3).deadNodes("c003").clock(clock).build();
        sim.failover();
        Node server = agent(SERVER);
        agent("c001");
        agent("c002");
        LustreRound round = createRound(1);
        awaitResult(RoundNames.clientResult(FAILOVER, 1, "c001"));
        awaitResult(RoundNames.clientResult(FAILOVER, 1, "c002"));
        assertTrue(sim.recoveryStatus().windowOpen(), "c003 is dead: the target waits for it");

        String dead = sim.client("c003").uuid();
        LustreClose close = createClose(round, closeSpec(round, CloseMethod.EvictDead, List.of(dead), true));
        String name = close.getMetadata().getName();
        await().atMost(Duration.ofSeconds(60)).until(() -> {
            LustreRoundResult r = result(name);
            return r != null && r.getSpec().progress == Progress.Finished;
        });
        LustreRoundResultSpec spec = result(name).getSpec();
        assertEquals(Role.Close, spec.role);
        assertEquals(name, spec.close);
        assertEquals(round.getMetadata().getName(), spec.round);
        assertEquals("Closed", spec.outcome, spec.message);
        JsonNode report = SimAgentSupport.parse(spec.report);
        assertEquals(List.of(dead), SimAgentSupport.texts(report.get("evicted")));
        assertEquals(List.of(dead), sim.evictRequests(), "evicted once");
        assertTrue(sim.client("c003").evicted());
        assertFalse(sim.client("c001").evicted());
        assertEquals(round.getMetadata().getUid(), result(name).getMetadata().getOwnerReferences().get(0).getUid());

        await().atMost(Duration.ofSeconds(30)).until(() -> result(RoundNames.serverResult(FAILOVER, 1)).getSpec().progress
                == Progress.Finished);
        assertEquals("COMPLETE", result(RoundNames.serverResult(FAILOVER, 1)).getSpec().outcome);
        awaitIdle(server);
        assertEquals(1, creates(name), "recorded once, before lctl ran");
        assertEquals(1, updates(name), "then its outcome");
    }

    @Test
    void anEarlyEvictionThatDoesNotWaitIsEvicted() throws Exception {
        sim = SimCluster.builder().clients(3).deadNodes("c003").clock(clock).build();
        sim.failover();
        agent(SERVER);
        LustreRound round = createRound(1);
        String dead = sim.client("c003").uuid();
        LustreClose close = createClose(round, closeSpec(round, CloseMethod.EvictDead, List.of(dead), false));
        await().atMost(Duration.ofSeconds(30)).until(() -> {
            LustreRoundResult r = result(close.getMetadata().getName());
            return r != null && r.getSpec().progress == Progress.Finished;
        });
        LustreRoundResultSpec spec = result(close.getMetadata().getName()).getSpec();
        assertEquals("Evicted", spec.outcome, spec.message);
        assertEquals(List.of(dead), sim.evictRequests());
        assertTrue(sim.recoveryStatus().windowOpen(), "the live clients are still to come");
    }

    @Test
    void aCloseFoundRunningAfterARestartIsMarkedInterruptedAndNotRunAgain() throws Exception {
        sim = SimCluster.builder().clients(3).deadNodes("c003").clock(clock).build();
        sim.failover();
        LustreRound round = createRound(1);
        LustreCloseSpec cs = closeSpec(round, CloseMethod.EvictDead, List.of(sim.client("c003").uuid()), true);
        String name = RoundNames.close(FAILOVER, 1, cs.sequence);
        // What an agent that stopped during the close left behind: the result it wrote before lctl.
        LustreRoundResult left = new LustreRoundResult();
        left.setMetadata(new ObjectMetaBuilder().withName(name).withNamespace(ns).build());
        LustreRoundResultSpec running = new LustreRoundResultSpec();
        running.round = round.getMetadata().getName();
        running.node = SERVER;
        running.role = Role.Close;
        running.progress = Progress.Running;
        running.close = name;
        running.startedAt = Times.format(clock.instant());
        left.setSpec(running);
        client.resources(LustreRoundResult.class).inNamespace(ns).resource(left).create();
        createClose(round, cs);

        Node server = agent(SERVER);
        await().atMost(Duration.ofSeconds(30)).until(() -> result(name).getSpec().progress == Progress.Interrupted);
        assertTrue(result(name).getSpec().message.contains("not run again"), result(name).getSpec().message);
        assertEquals(List.of(), sim.evictRequests());
        assertTrue(server.lctl.writes().isEmpty(), "lctl never asked to evict: " + server.lctl.writes());
        assertEquals(1, updates(name), "one write: Interrupted");
    }

    /**
     * The API server stores the close's Running result and its answer is lost (a 504 after the write
     * landed, or a client timeout): the agent's retry is refused as existing, finds its own run's
     * result and carries the close out, instead of taking it for an earlier run's and never running it.
     */
    @Test
    void aCloseWhoseFirstRecordLostItsAnswerIsStillCarriedOutOnce() throws Exception {
        sim = SimCluster.builder().clients(3).deadNodes("c003").clock(clock).build();
        sim.failover();
        dev.lustre.ir.faults.ApiFaults faults = new dev.lustre.ir.faults.ApiFaults(1);
        io.fabric8.kubernetes.client.Config direct = io.fabric8.kubernetes.client.Config.fromKubeconfig(
                java.nio.file.Files.readString(api.kubeconfig()));
        try (dev.lustre.ir.faults.FaultProxy proxy = dev.lustre.ir.faults.FaultProxy.start(direct, faults)) {
            KubernetesClient viaProxy = new io.fabric8.kubernetes.client.KubernetesClientBuilder().withConfig(
                    new io.fabric8.kubernetes.client.ConfigBuilder(io.fabric8.kubernetes.client.Config.empty())
                            .withMasterUrl(proxy.url()).withUserAgent("lustre-ir-agent/" + SERVER).build()).build();
            Node server = agent(SERVER, viaProxy);
            LustreRound round = createRound(1);
            await().atMost(Duration.ofSeconds(30)).until(() -> result(RoundNames.serverResult(FAILOVER, 1)) != null);

            // From now on every write of the agent lands and is answered 504, until its close's result is there.
            faults.register(ns, 1, new dev.lustre.ir.faults.ApiFaults.Rates(0, 0, 1.0, 0, Duration.ZERO, 0, Duration.ZERO));
            String dead = sim.client("c003").uuid();
            LustreClose close = createClose(round, closeSpec(round, CloseMethod.EvictDead, List.of(dead), false));
            String name = close.getMetadata().getName();
            await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(20)).until(() -> result(name) != null);
            faults.quiet(ns);

            await().atMost(Duration.ofSeconds(30)).until(() -> result(name).getSpec().progress != Progress.Running);
            LustreRoundResultSpec spec = result(name).getSpec();
            assertTrue(faults.injected(ns).getOrDefault(dev.lustre.ir.faults.ApiFaults.Kind.ERROR_AFTER, 0L) > 0, "the answer was lost");
            assertEquals(Progress.Finished, spec.progress, spec.message);
            assertEquals("Evicted", spec.outcome, spec.message);
            assertEquals(List.of(dead), sim.evictRequests(), "evicted once");
            assertEquals(1, server.lctl.writes().stream().filter(w -> w.stream().anyMatch(a -> a.contains("evict_client"))).count(), server.lctl.writes().toString());
        }
    }

    @Test
    void aCloseThatNamesATargetsExportIsRefusedAndEvictsNobody() throws Exception {
        sim = SimCluster.builder().clients(3).deadNodes("c003").clock(clock).build();
        sim.failover();
        Node server = agent(SERVER);
        LustreRound round = createRound(1);
        String dead = sim.client("c003").uuid();
        LustreClose close = createClose(round, closeSpec(round, CloseMethod.EvictDead,
                List.of(dead, "lustre-MDT0000-mdtlov_UUID"), true));
        await().atMost(Duration.ofSeconds(30)).until(() -> result(close.getMetadata().getName()) != null);
        LustreRoundResultSpec spec = result(close.getMetadata().getName()).getSpec();
        assertEquals(Progress.Finished, spec.progress);
        assertEquals("Failed", spec.outcome);
        assertTrue(spec.message.contains("spec.uuids"), spec.message);
        assertEquals(List.of(), sim.evictRequests(), "not even the valid UUID");
        assertTrue(server.lctl.calls().stream().noneMatch(a -> String.join(" ", a).contains("evict_client")));
    }

    @Test
    void aRoundWhoseTargetIsNotOfItsFileSystemNeverReachesLctl() throws Exception {
        twoClients();
        Node c001 = agent("c001");
        LustreRoundSpec spec = roundSpec(1);
        spec.target = "other-OST0001";
        createRound(spec);
        await().atMost(Duration.ofSeconds(20)).until(() -> c001.agent.told() == 1 && c001.agent.roundsIdle());
        assertTrue(c001.lctl.calls().stream().noneMatch(a -> String.join(" ", a).contains("other-")), "" + c001.lctl.calls());
        assertEquals(0, creates(""));
    }

    @Test
    void aRoundFoundAtStartThatIsOlderThanFifteenMinutesIsLeftAlone() throws Exception {
        clock = SimClock.manualAt(Instant.now().plus(Duration.ofMinutes(16)));
        twoClients();
        createRound(1);
        Node c001 = agent("c001");
        await().atMost(Duration.ofSeconds(20)).until(() -> c001.agent.told() == 1 && c001.agent.roundsIdle());
        assertEquals(List.of(), c001.lctl.writes());
        assertEquals(0, creates(""));
    }

    /**
     * A round the operator marked ended is left alone by an agent that starts later: its reconnect
     * could point an import at a server the target has since left. The same round unmarked is acted
     * on (anAgentRestartedDuringTheRoundNeitherReconnectsNorWritesAgain), and the server's agent of a
     * round marked while it observes stops observing.
     */
    @Test
    void aRoundMarkedEndedIsLeftAloneByAnAgentThatStartsLater() throws Exception {
        twoClients();
        Node server = agent(SERVER);
        LustreRound round = createRound(1);
        awaitResult(RoundNames.serverResult(FAILOVER, 1));
        client.resources(LustreRound.class).inNamespace(ns).withName(round.getMetadata().getName())
                .edit(r -> {
                    Map<String, String> labels = new HashMap<>(r.getMetadata().getLabels() == null ? Map.of()
                            : r.getMetadata().getLabels());
                    labels.put(ApiGroup.ROUND_ENDED_LABEL, "true");
                    r.getMetadata().setLabels(labels);
                    return r;
                });
        await().atMost(Duration.ofSeconds(20)).until(server.agent::roundsIdle);

        Node c001 = agent("c001");
        await().atMost(Duration.ofSeconds(20)).until(() -> c001.agent.told() == 1 && c001.agent.roundsIdle());
        Thread.sleep(1000);
        assertEquals(List.of(), c001.lctl.writes(), "no reconnect for a round that ended");
        assertNull(result(RoundNames.clientResult(FAILOVER, 1, "c001")), "no result for a round that ended");
    }

    @Test
    void valuesTheSchemaWouldRefuseNeverReachLctlEitherWhenAFeedDeliversThem() throws Exception {
        twoClients();
        RecordingRunner lctl = new RecordingRunner(sim.lctl(SERVER));
        DirectFeed feed = new DirectFeed();
        KubernetesClient own = api.client("lustre-ir-agent/" + SERVER);
        toClose.add(own);
        ResidentAgent agent = new ResidentAgent(own, new ServeRequest(SERVER, ns, null, List.of("lctl"),
                Duration.ofMinutes(10)), lctl, Agent.clockOf(clock::millis), clock,
                new PrintStream(System.err, true, StandardCharsets.UTF_8), feed).start();
        toClose.add(0, agent);
        LustreRoundSpec client = roundSpec(1);
        client.serverNode = "oss1";
        client.nids = List.of("10.0.0.12@tcp;reboot");
        LustreRoundSpec server = roundSpec(2);
        server.fsName = "$(id)";
        feed.listener.round(unstored(RoundNames.round(FAILOVER, 1), client), false);
        feed.listener.round(unstored(RoundNames.round(FAILOVER, 2), server), false);
        LustreRound round = unstored(RoundNames.round(FAILOVER, 3), roundSpec(3));
        LustreClose close = new LustreClose();
        close.setMetadata(new ObjectMetaBuilder().withName(RoundNames.close(FAILOVER, 3, 1)).withNamespace(ns)
                .withUid("uid-close").build());
        close.setSpec(closeSpec(round, CloseMethod.EvictDead, List.of("c003-uuid", "x;rm -rf /"), true));
        feed.listener.close(close, false);
        await().atMost(Duration.ofSeconds(20)).until(() -> result(close.getMetadata().getName()) != null);
        assertTrue(result(close.getMetadata().getName()).getSpec().message.contains("spec.uuids"));
        for (List<String> call : lctl.calls()) {
            String line = String.join(" ", call);
            assertFalse(line.contains(";") || line.contains("$(") || line.contains("evict"), line);
        }
        assertEquals(List.of(), lctl.writes());
    }

    /** A feed the test drives by hand, as the simulated runtime's shared informer drives its agents. */
    static final class DirectFeed implements RoundFeed {
        volatile Listener listener;

        @Override
        public void start(Listener l) {
            listener = l;
        }

        @Override
        public void close() {
        }
    }

    private LustreRound unstored(String name, LustreRoundSpec spec) {
        LustreRound r = new LustreRound();
        r.setMetadata(new ObjectMetaBuilder().withName(name).withNamespace(ns).withUid("uid-" + name)
                .withCreationTimestamp(Times.format(clock.instant())).build());
        r.setSpec(spec);
        return r;
    }

    // ------------------------------------------------------------------ helpers

    /** One agent: its own client, its own informers, its lctl recorded. */
    private final class Node implements AutoCloseable {
        final ResidentAgent agent;
        final RecordingRunner lctl;
        private final KubernetesClient own;
        private boolean closed;

        Node(String node) throws Exception {
            this(node, api.client("lustre-ir-agent/" + node));
        }

        /** An agent whose API client is {@code own} (e.g. through a fault proxy); closed with the agent. */
        Node(String node, KubernetesClient own) throws Exception {
            this.own = own;
            lctl = new RecordingRunner(sim.lctl(node));
            PrintStream log = new PrintStream(System.err, true, StandardCharsets.UTF_8);
            InformerRoundFeed feed = new InformerRoundFeed(own, ns, log);
            ServeRequest request = new ServeRequest(node, ns, null, List.of("lctl"), Duration.ofMinutes(10));
            agent = new ResidentAgent(own, request, lctl, Agent.clockOf(clock::millis), clock, log, feed).start();
            feed.synced().get(30, TimeUnit.SECONDS);
        }

        @Override
        public void close() {
            if (!closed) {
                closed = true;
                agent.close();
                own.close();
            }
        }
    }

    private Node agent(String node) throws Exception {
        return agent(node, api.client("lustre-ir-agent/" + node));
    }

    private Node agent(String node, KubernetesClient own) throws Exception {
        Node a = new Node(node, own);
        toClose.add(0, a);
        return a;
    }

    private static void awaitIdle(Node... agents) {
        await().atMost(Duration.ofSeconds(60)).until(() -> List.of(agents).stream().allMatch(a -> a.agent.roundsIdle()));
    }

    private LustreRoundSpec roundSpec(long n) {
        LustreRoundSpec spec = new LustreRoundSpec();
        spec.failover = FAILOVER;
        spec.round = n;
        spec.fsName = "lustre";
        spec.target = OST;
        spec.serverNode = SERVER;
        spec.nids = List.of(NEW_NID);
        spec.reconnectTimeout = "60s";
        return spec;
    }

    private LustreRound createRound(long n) {
        return createRound(roundSpec(n));
    }

    private LustreRound createRound(LustreRoundSpec spec) {
        LustreRound round = new LustreRound();
        round.setMetadata(new ObjectMetaBuilder().withName(RoundNames.round(spec.failover, spec.round)).build());
        round.setSpec(spec);
        return client.resources(LustreRound.class).inNamespace(ns).resource(round).create();
    }

    private static LustreCloseSpec closeSpec(LustreRound round, CloseMethod action, List<String> uuids, boolean wait) {
        LustreCloseSpec spec = new LustreCloseSpec();
        spec.round = round.getMetadata().getName();
        spec.sequence = 1;
        spec.target = OST;
        spec.serverNode = SERVER;
        spec.action = action;
        spec.uuids = uuids;
        spec.count = uuids.size();
        spec.waitForWindow = wait;
        spec.timeout = wait ? "120s" : null;
        spec.reason = "DeadClients";
        return spec;
    }

    private LustreClose createClose(LustreRound round, LustreCloseSpec spec) {
        LustreClose close = new LustreClose();
        close.setMetadata(new ObjectMetaBuilder().withName(RoundNames.close(FAILOVER, round.getSpec().round, spec.sequence))
                .withOwnerReferences(RoundResults.owner(round)).build());
        close.setSpec(spec);
        return client.resources(LustreClose.class).inNamespace(ns).resource(close).create();
    }

    private LustreRoundResult result(String name) {
        return client.resources(LustreRoundResult.class).inNamespace(ns).withName(name).get();
    }

    private LustreRoundResult awaitResult(String name) {
        await().atMost(Duration.ofSeconds(60)).until(() -> result(name) != null);
        LustreRoundResult r = result(name);
        assertNotNull(r.getSpec());
        return r;
    }

    /** Creates of results in this test's namespace, of the one named (or of any, for ""). */
    private long creates(String name) throws IOException {
        return AuditCounts.linesWith(api.auditLog(), "\"verb\":\"create\"",
                "/namespaces/" + ns + "/lustreroundresults", name.isEmpty() ? "lustreroundresults" : "\"name\":\"" + name + "\"");
    }

    private long updates(String name) throws IOException {
        return AuditCounts.linesWith(api.auditLog(), "\"verb\":\"update\"",
                "/namespaces/" + ns + "/lustreroundresults/" + name + "\"");
    }

    private static int inspections(Node a) {
        return (int) a.lctl.calls().stream().filter(c -> String.join(" ", c).contains("recovery_status")).count();
    }

}
