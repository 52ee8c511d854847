package dev.lustre.ir.e2e;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lustre.ir.api.ApiGroup;
import dev.lustre.ir.api.ClientsSpec;
import dev.lustre.ir.api.LustreClose;
import dev.lustre.ir.api.LustreFailover;
import dev.lustre.ir.api.LustreFailoverSpec;
import dev.lustre.ir.api.LustreRoundResult;
import dev.lustre.ir.api.LustreRoundResultSpec.Role;
import dev.lustre.ir.api.Phase;
import dev.lustre.ir.api.ServerSpec;
import dev.lustre.ir.api.Via;
import dev.lustre.ir.noderuntime.SimNodes;
import dev.lustre.ir.sandbox.AgentHosts;
import dev.lustre.ir.sandbox.Dispatch;
import dev.lustre.ir.sandbox.SimResidentAgents;
import dev.lustre.ir.sim.ClientView;
import dev.lustre.ir.sim.LustreVersion;
import dev.lustre.ir.sim.ScaledClock;
import dev.lustre.ir.sim.SimCluster;
import dev.lustre.ir.sim.SimTargets;
import dev.lustre.ir.sim.SimTiming;
import dev.lustre.ir.testing.KubeApiTestResource;
import dev.lustre.ir.testing.RealApiServerProfile;
import io.fabric8.kubernetes.api.model.LabelSelectorBuilder;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/**
 * An OSS with 20 OSTs fails over: 20 LustreFailovers at once, one per OST, and the same 200 client
 * nodes are clients of all of them (each node's one mount has an import per OST, all with the
 * mount's one client UUID). Two nodes are dead and fenced. Through the resident agents: each live
 * node's agent reconnects its 20 imports, one per round, and the OSS's agent serves all 20 rounds
 * (a node whose agent's Lease lapsed or that fell silent gets a Job, the operator's fallback: counted
 * and printed, not forbidden).
 * Every round must end correctly on its own target: each dead UUID evicted once per target, no live
 * client evicted anywhere, status agreeing with the simulated target.
 */
@QuarkusTest
@TestProfile(RealApiServerProfile.class)
class ManyTargetsLoadTest {
    private static final int TARGETS = 20;
    private static final int CLIENTS = 200;
    private static final int DEAD = 2;
    private static final String NAME = "oss20";
    private static final String CLIENT_LABEL = "ir.lustre.dev/client";

    @Inject
    KubernetesClient client;

    @Test
    void twentyTargetsOfOneOssShareTwoHundredClientsAndEveryRoundEndsRight() throws Exception {
        long now = System.currentTimeMillis();
        // Lustre's own timers at twice the wall clock: the soft timer (300 s) 150 s away, so that a slow
        // machine's round is still the operator's, not Lustre's.
        ScaledClock clock = new ScaledClock(now, now, 2);
        List<String> names = IntStream.range(0, TARGETS).mapToObj(i -> String.format("lustre-OST%04X", i)).toList();
        SimTargets oss = new SimTargets(target -> SimCluster.builder()
                .fsName("lustre").target(target)
                .clientPrefix(NAME + "-c").serverNode(NAME + "-oss2").primaryNode(NAME + "-oss1")
                .serverNids("10.0.0.11@o2ib", "10.0.0.12@o2ib")
                .clients(CLIENTS).dead(DEAD).ir(false).version(LustreVersion.V2_16).seed(42)
                .clock(clock).timing(new SimTiming()), names);

        SimNodes nodes = new SimNodes(client);
        List<String> clientNodes = oss.clientNodes();
        clientNodes.parallelStream().forEach(n -> nodes.create(n, Map.of(CLIENT_LABEL, NAME)));
        List<String> deadNodes = clientNodes.stream().filter(n -> !oss.isAlive(n)).toList();
        for (String n : deadNodes) {
            nodes.markNotReady(n);
            nodes.addTaint(n, SimNodes.TAINT_OUT_OF_SERVICE, "nodeshutdown", "NoExecute");
        }
        assertEquals(DEAD, deadNodes.size());
        List<String> deadUuids = oss.deadClientUuids();
        assertEquals(DEAD, deadUuids.size(), "one UUID per dead node, the same on every target");

        SimResidentAgents agents = SimResidentAgents.start(KubeApiTestResource.kubeconfig(), AgentHosts.of(oss), "default",
                Dispatch.AGENTS, true, Path.of("target", "agent-logs", NAME + ".log"));
        try {
            oss.failover();
            long applied = System.nanoTime();
            List<String> failovers = new ArrayList<>();
            names.parallelStream().forEach(target -> client.resource(failover(target, oss)).create());
            names.forEach(t -> failovers.add(failoverName(t)));

            // A poll that times out on a busy API server is polled again.
            await().atMost(Duration.ofSeconds(Integer.getInteger("load.within.seconds", 240))).pollInterval(Duration.ofMillis(500)).ignoreExceptions()
                    .untilAsserted(() -> assertEquals(List.of(), unfinished(failovers)));
            double wall = (System.nanoTime() - applied) / 1e9;
            long appliedAt = System.currentTimeMillis() - (long) (wall * 1000);
            // Each target's timeline in wall seconds after the apply (the simulated clock runs twice as fast).
            java.util.function.Function<Instant, String> sinceApply = t -> t == null ? "-"
                    : String.format("%.1f", (now + (t.toEpochMilli() - now) / 2.0 - appliedAt) / 1000.0);
            for (int i = 0; i < TARGETS; i++) {
                SimCluster target = oss.targets().get(i);
                Instant first = target.clients().stream().flatMap(c -> c.reconnectedAt().stream()).min(Instant::compareTo).orElse(null);
                Instant last = target.clients().stream().flatMap(c -> c.reconnectedAt().stream()).max(Instant::compareTo).orElse(null);
                System.out.printf("[load] %s: first reconnect %s s, last %s s, window closed %s s, Jobs %d%n", names.get(i),
                        sinceApply.apply(first), sinceApply.apply(last), sinceApply.apply(target.windowClosedAt().orElse(null)),
                        RoundSupport.allJobs(client, failoverName(names.get(i))).size());
            }

            int results = 0;
            int closes = 0;
            int jobs = 0;
            for (int i = 0; i < TARGETS; i++) {
                SimCluster target = oss.targets().get(i);
                LustreFailover lfo = RoundSupport.get(client, failoverName(names.get(i)));
                String where = lfo.getMetadata().getName() + ": " + Serialization.asYaml(lfo.getStatus());
                // The safety first: what the target itself went through.
                List<ClientView> live = target.clients().stream().filter(ClientView::alive).toList();
                assertTrue(live.stream().noneMatch(ClientView::evicted), where + "\nno live client evicted");
                assertEquals(deadUuids, target.evictRequests().stream().sorted().toList(),
                        where + "\neach dead UUID evicted once on " + target.target().name());
                assertEquals(DEAD, target.target().evicted());
                assertTrue(live.stream().allMatch(ClientView::replayKept), where + "\nevery live client kept its replay");
                // Then the round's own account of it.
                assertEquals(Phase.Recovered, lfo.getStatus().phase, where);
                assertEquals(Via.Agent, lfo.getStatus().serverVia, where);
                assertEquals(CLIENTS, lfo.getStatus().clients.expected, where);
                assertEquals(DEAD, lfo.getStatus().clients.dead, where);
                assertEquals(live.stream().filter(c -> c.reconnectedAt().isPresent()).count(), lfo.getStatus().clients.reconnected,
                        where + "\nreconnected as the target counts them");
                assertEquals(CLIENTS - DEAD, lfo.getStatus().clients.reconnected, where);
                assertEquals(CLIENTS - DEAD, lfo.getStatus().clients.viaAgent + lfo.getStatus().clients.viaJob, where);
                assertEquals(lfo.getStatus().server.evicted, target.target().evicted(), where);
                assertTrue(target.windowClosedAt().isPresent(), where);

                // Every live agent writes its one result, retried until the API server takes it: some
                // may land after a round that counted the node's Job report instead.
                String name = lfo.getMetadata().getName();
                await().atMost(Duration.ofSeconds(60)).ignoreExceptions().untilAsserted(() -> assertEquals(CLIENTS - DEAD,
                        clientResults(name), "one result per live client"));
                results += client.resources(LustreRoundResult.class).inNamespace("default")
                        .withLabel(ApiGroup.FAILOVER_LABEL, name).list().getItems().size();
                closes += client.resources(LustreClose.class).inNamespace("default")
                        .withLabel(ApiGroup.FAILOVER_LABEL, name).list().getItems().size();
                // A Job is the fallback for a node whose agent's Lease lapsed or that fell silent: here the
                // simulated agents' shared clients can hold renewals past the Lease while 4,000 results
                // queue. Its reconnect to <nid>::<instance> is idempotent; it is counted, not forbidden.
                jobs += RoundSupport.allJobs(client, name).size();
            }
            System.out.printf("[load] %d rounds at once on %d targets of one OSS, %d clients each (%d dead, fenced), %d client"
                    + " nodes shared: all closed %.1f s after the apply; %d agent results and %d closes written; %d Jobs (the fallback for an"
                    + " agent whose Lease lapsed or that fell silent); agents registered in %.1f s before the failover%n", TARGETS, TARGETS, CLIENTS, DEAD,
                    clientNodes.size(), wall, results, closes, jobs, agents.registrationSeconds());
        } finally {
            // So that the next test's rounds run beside no agents, registrations or rounds of this one.
            client.resources(LustreFailover.class).inNamespace("default").withLabel("load", NAME).delete();
            agents.closeAndDeregister();
        }
    }

    /** "name phase" of the failovers whose round is not over. */
    private long clientResults(String failover) {
        return client.resources(LustreRoundResult.class).inNamespace("default").withLabel(ApiGroup.FAILOVER_LABEL, failover).list()
                .getItems().stream().filter(x -> x.getSpec().role == Role.Client).count();
    }

    private List<String> unfinished(List<String> failovers) {
        return client.resources(LustreFailover.class).inNamespace("default").withLabel("load", NAME).list().getItems().stream()
                .filter(f -> f.getStatus() == null || !f.getStatus().phase.isFinal())
                .map(f -> f.getMetadata().getName() + " " + (f.getStatus() == null ? null : f.getStatus().phase)).sorted().toList();
    }

    private static String failoverName(String target) {
        return NAME + "-" + target.toLowerCase();
    }

    private static LustreFailover failover(String target, SimTargets oss) {
        LustreFailover lfo = new LustreFailover();
        lfo.setMetadata(new ObjectMetaBuilder().withName(failoverName(target)).withNamespace("default")
                .withLabels(Map.of("load", NAME)).build());
        LustreFailoverSpec spec = new LustreFailoverSpec();
        spec.fsName = "lustre";
        spec.target = target;
        spec.server = new ServerSpec();
        spec.server.node = oss.serverNode();
        spec.server.nids = List.of(oss.targets().get(0).target().servingNid());
        spec.clients = new ClientsSpec();
        spec.clients.nodeSelector = new LabelSelectorBuilder().withMatchLabels(Map.of(CLIENT_LABEL, NAME)).build();
        lfo.setSpec(spec);
        return lfo;
    }
}
