package dev.lustre.ir.sandbox;

import dev.lustre.ir.api.ClientsSpec;
import dev.lustre.ir.api.LustreFailover;
import dev.lustre.ir.api.LustreFailoverSpec;
import dev.lustre.ir.api.PolicyRef;
import dev.lustre.ir.api.RecoveryPolicySpec;
import dev.lustre.ir.api.ServerSpec;
import dev.lustre.ir.noderuntime.SimNodes;
import dev.lustre.ir.operator.Inventory;
import dev.lustre.ir.sim.LustreVersion;
import dev.lustre.ir.sim.ScaledClock;
import dev.lustre.ir.sim.SimClock;
import dev.lustre.ir.sim.SimCluster;
import dev.lustre.ir.sim.SimClusterBuilder;
import dev.lustre.ir.sim.SimTiming;
import io.fabric8.kubernetes.api.model.LabelSelectorBuilder;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.Map;
import java.util.function.Consumer;

/**
 * One simulated failover: a Lustre target restarted on its failover server, its client nodes as
 * real Node objects (the dead ones NotReady, and fenced when the settings say so), and the
 * LustreFailover that recovers it. Resident agents, on the nodes the dispatch mode chooses, are
 * started by whoever runs the scenario, before its failover (see {@link SimResidentAgents}).
 */
public final class Scenario {
    public static final String CLIENT_LABEL = "ir.lustre.dev/client";

    private final Settings settings;
    private final SimCluster sim;

    /**
     * @param name       names the scenario's nodes (prefix) and its LustreFailover
     * @param timeScale  simulated Lustre time runs this many times faster than the wall clock
     * @param strangers  extra clients of the target that are not roster nodes (a login node, a data
     *                   mover: no Kubernetes node), down with the failover, so the server waits for them
     * @param deadMds    an MDS (its OSP device a client of the OST, UUID {@code fs-MDT0000-mdtlov_UUID})
     *                   that does not come back, so the server waits for a target's own export
     * @param nodeNames  explicit names for the first client nodes
     */
    public record Settings(String name, String namespace, int clients, int dead, int slow, Duration slowBy, boolean ir,
            LustreVersion version, double timeScale, long seed, int strangers, boolean deadMds, List<String> nodeNames,
            Dispatch dispatch, boolean deadFenced) {
        /** Today's rounds: every client through a Job, the server a Kubernetes node; the dead merely NotReady. */
        public static Settings of(String name, int clients, int dead) {
            return new Settings(name, "default", clients, dead, 0, Duration.ZERO, false, LustreVersion.V2_16, 1.0, 42, 0,
                    false, List.of(), Dispatch.JOBS, false);
        }

        public Settings withSlow(int n, Duration by) {
            return new Settings(name, namespace, clients, dead, n, by, ir, version, timeScale, seed, strangers, deadMds, nodeNames,
                    dispatch, deadFenced);
        }

        public Settings withIr(boolean on) {
            return new Settings(name, namespace, clients, dead, slow, slowBy, on, version, timeScale, seed, strangers, deadMds, nodeNames,
                    dispatch, deadFenced);
        }

        public Settings withTimeScale(double factor) {
            return new Settings(name, namespace, clients, dead, slow, slowBy, ir, version, factor, seed, strangers, deadMds, nodeNames,
                    dispatch, deadFenced);
        }

        public Settings withStrangers(int n, boolean mds) {
            return new Settings(name, namespace, clients, dead, slow, slowBy, ir, version, timeScale, seed, n, mds, nodeNames,
                    dispatch, deadFenced);
        }

        public Settings withNodeNames(List<String> names) {
            return new Settings(name, namespace, clients, dead, slow, slowBy, ir, version, timeScale, seed, strangers, deadMds, names,
                    dispatch, deadFenced);
        }

        /** Which nodes run resident agents (see {@link Dispatch}). */
        public Settings withDispatch(Dispatch d) {
            return new Settings(name, namespace, clients, dead, slow, slowBy, ir, version, timeScale, seed, strangers, deadMds, nodeNames,
                    d, deadFenced);
        }

        /**
         * Dead clients fenced: besides NotReady, their Node tainted {@code node.kubernetes.io/out-of-service},
         * as a site's fencing (a STONITH, then the taint) marks a node it has powered off. That is the
         * evidence that needs no grace period; without it a dead node is merely NotReady.
         */
        public Settings withDeadFenced(boolean fenced) {
            return new Settings(name, namespace, clients, dead, slow, slowBy, ir, version, timeScale, seed, strangers, deadMds, nodeNames,
                    dispatch, fenced);
        }
    }

    private Scenario(Settings settings, SimCluster sim) {
        this.settings = settings;
        this.sim = sim;
    }

    /**
     * Each scenario's target is a new one (lustre-OST0100, then 0101, …, clear of the fixed targets some
     * tests use): the failovers of one target
     * wait for one another (one arbiter per target), and scenarios that share an API server, at once or
     * one after another, are different failovers.
     */
    private static String nextTarget() {
        return String.format("lustre-OST%04x", TARGETS.incrementAndGet() & 0xffff);
    }

    /** Builds the simulated cluster, creates its Node objects and fails the target over. */
    private static final AtomicInteger TARGETS = new AtomicInteger(0xff);

    public static Scenario start(KubernetesClient client, SimFleet fleet, Settings s) {
        return start(client, fleet, s, sim -> { });
    }

    /**
     * Builds the simulated cluster and creates its Node objects; runs {@code beforeFailover} (where
     * resident agents start and register, as they would long before a failure), then fails the target
     * over. The servers are Kubernetes nodes only when no server agent runs: a server with an agent is a
     * Lustre server under Pacemaker, outside Kubernetes.
     */
    public static Scenario start(KubernetesClient client, SimFleet fleet, Settings s, Consumer<SimCluster> beforeFailover) {
        return start(client, fleet, s, b -> { }, beforeFailover);
    }

    /** As above, with settings of the simulated cluster the scenario's own do not cover (e.g. flapping clients). */
    public static Scenario start(KubernetesClient client, SimFleet fleet, Settings s, Consumer<SimClusterBuilder> more,
            Consumer<SimCluster> beforeFailover) {
        long now = System.currentTimeMillis();
        SimClock clock = new ScaledClock(now, now, s.timeScale());
        var builder = SimCluster.builder()
                .fsName("lustre").target(nextTarget())
                .clientPrefix(s.name() + "-c").serverNode(s.name() + "-oss2").primaryNode(s.name() + "-oss1")
                .serverNids("10.0.0.11@o2ib", "10.0.0.12@o2ib")
                .clients(s.clients()).dead(s.dead()).ir(s.ir()).version(s.version()).seed(s.seed())
                .clientNames(s.nodeNames()).clock(clock).timing(new SimTiming());
        if (s.strangers() > 0) {
            builder.outsideClients(s.strangers(), false).outsidePrefix(s.name() + "-login");
        }
        if (s.deadMds()) {
            builder.mdtExport("MDT0000", false);
        }
        if (s.slow() > 0) {
            builder.slow(s.slow(), s.slowBy());
        }
        more.accept(builder);
        SimCluster sim = builder.build();
        SimNodes nodes = new SimNodes(client);
        if (!s.dispatch().serverRunsAgent()) {
            // Both servers of the failover pair are nodes: the failed one and the one now serving.
            for (String server : List.of(s.name() + "-oss1", s.name() + "-oss2")) {
                nodes.create(server, Map.of("ir.lustre.dev/server", "true"));
            }
        }
        List<String> clientNodes = sim.clientNodes();
        clientNodes.parallelStream().forEach(n -> nodes.create(n, Map.of(CLIENT_LABEL, s.name())));
        clientNodes.stream().filter(n -> !sim.isAlive(n)).forEach(n -> {
            nodes.markNotReady(n);
            if (s.deadFenced()) {
                nodes.addTaint(n, SimNodes.TAINT_OUT_OF_SERVICE, "nodeshutdown", "NoExecute");
            }
        });
        fleet.add(sim);
        beforeFailover.accept(sim);
        sim.failover();
        return new Scenario(s, sim);
    }

    public SimCluster sim() {
        return sim;
    }

    /** UUIDs of the roster's dead clients: the only ones an EvictDead close may evict. */
    public List<String> deadRosterUuids() {
        return sim.deadClientUuids().stream().sorted().toList();
    }

    /**
     * Records every roster node's client UUIDs in the file system's inventory, as an earlier round's
     * reports (or resident agents' registrations) would have before the failure.
     */
    public void recordInventory(KubernetesClient client) {
        Map<String, List<String>> known = new HashMap<>();
        for (String node : sim.clientNodes()) {
            known.put(node, sim.clientMounts(node).stream().map(c -> c.uuid()).toList());
        }
        new Inventory(client).record(failover(null, null), known);
    }


    /** The LustreFailover an HA hook would apply for this failover. */
    public LustreFailover failover(String policyRef, RecoveryPolicySpec inline) {
        LustreFailover lfo = new LustreFailover();
        lfo.setMetadata(new ObjectMetaBuilder().withName(settings.name()).withNamespace(settings.namespace()).build());
        LustreFailoverSpec spec = new LustreFailoverSpec();
        spec.fsName = "lustre";
        spec.target = sim.target().name();
        spec.server = new ServerSpec();
        spec.server.node = sim.serverNode();
        spec.server.nids = List.of(sim.target().servingNid());
        spec.clients = new ClientsSpec();
        spec.clients.nodeSelector = new LabelSelectorBuilder().withMatchLabels(Map.of(CLIENT_LABEL, settings.name())).build();
        spec.policyRef = policyRef == null ? null : new PolicyRef(policyRef);
        spec.policy = inline;
        lfo.setSpec(spec);
        return lfo;
    }
}
