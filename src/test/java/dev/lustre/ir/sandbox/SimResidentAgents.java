package dev.lustre.ir.sandbox;

import dev.lustre.ir.agent.InformerRoundFeed;
import dev.lustre.ir.agent.PodIdentity;
import dev.lustre.ir.agent.ResidentAgent;
import dev.lustre.ir.agent.RoundFeed;
import dev.lustre.ir.agent.ServeRequest;
import dev.lustre.ir.agent.Sleeper;
import dev.lustre.ir.api.AgentSeal;
import dev.lustre.ir.api.ApiGroup;
import dev.lustre.ir.api.LustreNode;
import dev.lustre.ir.api.LustreNodeDevice;
import dev.lustre.ir.api.LustreNodeStatus;
import dev.lustre.ir.kube.Times;
import dev.lustre.ir.lustre.LctlRunner;
import dev.lustre.ir.sim.SimCluster;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import io.fabric8.kubernetes.api.model.coordination.v1.LeaseSpec;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Consumer;

/**
 * Real {@link ResidentAgent}s for the chosen nodes of a simulated cluster, against the real API
 * server, each with its node's simulated lctl ({@code sim.lctl(node)}, as {@link SimAgentExecutor}
 * gives a node Job's agent). A test fixture: thousands of agents in one process, which real agents
 * never are, so three things differ from a real fleet:
 * <ul>
 *   <li><b>One watch for all.</b> The client agents learn of rounds and closes from one
 *   {@link SharedRoundFeed}: one informer on LustreRound and one on LustreClose, fanned out in this
 *   process. That omits the API server's fan-out of one watch event to N watchers, each agent's own
 *   list at start-up, and each agent's own watch reconnects (see {@link SharedRoundFeed}).</li>
 *   <li><b>One client for all.</b> The client agents share one KubernetesClient, its connection pool
 *   sized for them ({@value #SHARED_POOL} requests in flight, beyond which requests wait in the
 *   client's queue), where N real agents hold N connections and wait, if at all, in the API server's
 *   in-flight limits. Its user agent, {@value #USER_AGENT}/…, is the real agents' prefix, so the audit
 *   log counts their requests together. The Leases are renewed through a second shared client
 *   ({@value #LEASE_POOL} in flight): in one queue, 20 rounds' 4,000 result writes kept every
 *   renewal waiting past the Lease, where a real node's renewal waits behind its own writes only.</li>
 *   <li><b>A longer Lease.</b> At 10,000 agents a renewal every 10 s is 1,000 writes a second, more
 *   than this 2-core machine's API server and etcd can carry beside a round. The Lease is therefore
 *   scaled with the number of agents ({@link #leaseDurationFor}) so that renewals, every quarter of
 *   it, stay at or under {@value #MAX_RENEWALS_PER_SECOND} a second; the lctl re-read interval is
 *   scaled likewise ({@link #intervalFor}). A real cluster of that size has a control plane sized for
 *   it; the round's own cost, one result per client, is unchanged by either.</li>
 * </ul>
 * Agents register (LustreNode create and status, Lease) before the failover, and
 * {@link #registrationSeconds()} is reported apart from the round's figures. Dead clients' agents do
 * not run: their Lease is written once as an agent that died before the failure left it, already
 * expired, and nothing renews it. The failover server's agent, when it runs, runs as a process outside
 * the cluster would: no Node object (Lustre servers under Pacemaker are not Kubernetes nodes), a
 * KubernetesClient of its own built from a kubeconfig file, and its own informers ({@link InformerRoundFeed},
 * the product's). Each client agent has its Pod, as the agents' DaemonSet would create it (labels,
 * node, service account), and seals what it writes with that Pod's UID, which the operator checks; the
 * Pod is only an object here (the simulated node runtime leaves agent Pods alone: the agent runs in this
 * process), and a dead client's Pod is the one its agent ran in before the failure.
 */
public final class SimResidentAgents implements AutoCloseable {
    public static final String USER_AGENT = "lustre-ir-agent";
    static final int SHARED_POOL = 256;
    static final int LEASE_POOL = 32;
    static final int MAX_RENEWALS_PER_SECOND = 50;
    /** The product's default Lease (agent serve --lease-duration), renewed every quarter. */
    static final Duration DEFAULT_LEASE = Duration.ofSeconds(40);
    static final Duration DEFAULT_INTERVAL = Duration.ofSeconds(30);
    /** Agents started per second: a paced start, as a DaemonSet's pods come up, not one burst. */
    private static final int STARTS_PER_SECOND = 1000;
    private static final Duration REGISTRATION_LIMIT = Duration.ofMinutes(20);
    /** Objects per page of the registration informers' lists. */
    private static final long PAGE = 500;

    private final String namespace;
    private final KubernetesClient shared;
    /** The client agents' Leases are renewed with: apart from {@link #shared}, see the class comment. */
    private final KubernetesClient leases;
    private final SharedRoundFeed feed;
    private final KubernetesClient serverClient;
    private final ConcurrentLinkedQueue<ResidentAgent> agents = new ConcurrentLinkedQueue<>();
    private final ConcurrentLinkedQueue<RoundFeed> feeds = new ConcurrentLinkedQueue<>();
    private final List<String> agentNodes;
    private final List<String> deadNodes;
    private final PrintStream log;
    private final Duration leaseDuration;
    private double registrationSeconds = Double.NaN;
    /** The failover server's agent, and how a new one is started in its place. */
    private volatile ResidentAgent serverAgent;
    private Runnable startServer;

    private SimResidentAgents(String namespace, KubernetesClient shared, KubernetesClient leases, KubernetesClient serverClient,
            List<String> agentNodes,
            List<String> deadNodes, PrintStream log, Duration leaseDuration) {
        this.namespace = namespace;
        this.shared = shared;
        this.leases = leases;
        this.feed = new SharedRoundFeed(shared, namespace);
        this.serverClient = serverClient;
        this.agentNodes = agentNodes;
        this.deadNodes = deadNodes;
        this.log = log;
        this.leaseDuration = leaseDuration;
    }

    /**
     * Starts the agents the dispatch mode asks for and returns once every one of them is registered.
     *
     * @param kubeconfig the API server's kubeconfig: the shared client's, and the server agent's own file
     * @param log        where the agents' log lines go (one file for all)
     */
    public static SimResidentAgents start(Path kubeconfig, SimCluster sim, String namespace, Dispatch dispatch, Path log)
            throws IOException, InterruptedException {
        return start(kubeconfig, sim, namespace, dispatch, dispatch.serverRunsAgent(), log);
    }

    /** @param serverAgent whether the failover server's agent runs (false: a server with neither a Node nor an agent) */
    public static SimResidentAgents start(Path kubeconfig, SimCluster sim, String namespace, Dispatch dispatch, boolean serverAgent,
            Path log) throws IOException, InterruptedException {
        return start(kubeconfig, AgentHosts.of(sim), namespace, dispatch, serverAgent, log);
    }

    /** The same for any simulated Lustre: e.g. many targets whose clients are the same nodes. */
    public static SimResidentAgents start(Path kubeconfig, AgentHosts sim, String namespace, Dispatch dispatch, boolean serverAgent,
            Path log) throws IOException, InterruptedException {
        List<String> clients = sim.clientNodes();
        List<String> withAgents = new ArrayList<>();
        List<String> dead = new ArrayList<>();
        for (int i = 0; i < clients.size(); i++) {
            String node = clients.get(i);
            if (!sim.isAlive(node)) {
                dead.add(node);
            } else if (dispatch.clientRunsAgent(i)) {
                withAgents.add(node);
            }
        }
        // Started before the failover: the server whose agent serves the round is the one the target moves to.
        String server = serverAgent ? sim.failoverPartner() : null;
        int total = withAgents.size() + (server == null ? 0 : 1);
        Duration lease = leaseDurationFor(total);
        Files.createDirectories(log.toAbsolutePath().getParent());
        PrintStream out = new PrintStream(Files.newOutputStream(log), true, StandardCharsets.UTF_8);
        KubernetesClient shared = client(kubeconfig, USER_AGENT + "/simulated-fleet", SHARED_POOL);
        KubernetesClient serverClient = server == null ? null : client(kubeconfig, USER_AGENT + "/" + server, 8);
        List<String> all = new ArrayList<>(withAgents);
        if (server != null) {
            all.add(server);
        }
        KubernetesClient leases = client(kubeconfig, USER_AGENT + "/simulated-fleet", LEASE_POOL);
        SimResidentAgents fleet = new SimResidentAgents(namespace, shared, leases, serverClient, all, dead, out, lease);
        try {
            fleet.run(sim, withAgents, server, kubeconfig, intervalFor(total));
        } catch (InterruptedException | RuntimeException e) {
            fleet.close();
            throw e;
        }
        return fleet;
    }

    /** At least the product's 40 s, long enough that renewals every quarter stay at or under 50 a second. */
    static Duration leaseDurationFor(int agents) {
        long seconds = (long) Math.ceil(agents * 4.0 / MAX_RENEWALS_PER_SECOND);
        return Duration.ofSeconds(Math.max(DEFAULT_LEASE.toSeconds(), seconds));
    }

    /**
     * The lctl re-read interval: the product's 30 s, longer past 1,500 agents so that the re-reads of
     * the objects (every tenth check) and the simulated Lustre's lock stay quiet. It never touches a round.
     */
    static Duration intervalFor(int agents) {
        return Duration.ofSeconds(Math.max(DEFAULT_INTERVAL.toSeconds(), agents / MAX_RENEWALS_PER_SECOND));
    }

    private void run(AgentHosts sim, List<String> clients, String server, Path kubeconfig, Duration interval)
            throws InterruptedException {
        Instant begin = Instant.now();
        // The agents' clock is the wall clock: their Lease times are read by the operator, which knows no other.
        Clock clock = Clock.systemUTC();
        for (String node : deadNodes) {
            expiredLease(node, begin);
            lastRegistration(node, sim, begin, agentPod(shared, namespace, node));
        }
        long startedAt = System.nanoTime();
        for (int i = 0; i < clients.size(); i++) {
            String node = clients.get(i);
            ServeRequest request = serveRequest(node, null, interval).inPod(agentPod(shared, namespace, node));
            agents.add(newAgent(shared, leases, request, sim.lctl(node), clock, feed.feed()).start());
            long due = startedAt + (i + 1) * 1_000_000_000L / STARTS_PER_SECOND;
            long wait = due - System.nanoTime();
            if (wait > 0) {
                Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
            }
        }
        if (server != null) {
            ServeRequest request = serveRequest(server, kubeconfig, interval);
            // its own informers, as agent serve on a server builds them
            startServer = () -> {
                serverAgent = newAgent(serverClient, serverClient, request, sim.lctl(server), clock,
                        new InformerRoundFeed(serverClient, namespace, log)).start();
                agents.add(serverAgent);
            };
            startServer.run();
        }
        awaitRegistered(kubeconfig, begin.plus(REGISTRATION_LIMIT));
        registrationSeconds = Duration.between(begin, Instant.now()).toMillis() / 1000.0;
    }

    /**
     * The one place that builds an agent's request. The simulated lctl replaces the prefix, which is
     * therefore never run; the Lease duration is {@link #leaseDuration()}.
     */
    private ServeRequest serveRequest(String node, Path kubeconfig, Duration interval) {
        return new ServeRequest(node, namespace, kubeconfig, List.of("lctl"), interval, leaseDuration, null);
    }

    /** The one place that builds an agent. */
    private ResidentAgent newAgent(KubernetesClient client, KubernetesClient leaseClient, ServeRequest request, LctlRunner lctl,
            Clock clock, RoundFeed feed) {
        feeds.add(feed);
        return new ResidentAgent(client, leaseClient, request, lctl, clock, Sleeper.real(), log, feed);
    }

    /**
     * What a dead client's agent registered while its node was up: its client devices and their UUIDs,
     * as the simulated node mounts them. This is what lets a round name a dead client's UUID.
     */
    private void lastRegistration(String node, AgentHosts sim, Instant now, PodIdentity pod) {
        LustreNode registered = new LustreNode();
        registered.setMetadata(new ObjectMetaBuilder().withName(node).withNamespace(namespace).build());
        String name = node;
        registered = shared.resources(LustreNode.class).inNamespace(namespace).resource(registered)
                .createOr(r -> shared.resources(LustreNode.class).inNamespace(namespace).withName(name).get());
        LustreNodeStatus status = new LustreNodeStatus();
        status.clientDevices = new ArrayList<>();
        for (var mount : sim.clientMounts(node)) {
            LustreNodeDevice d = new LustreNodeDevice();
            d.name = mount.device();
            d.type = mount.device().contains("-mdc-") ? "mdc" : "osc";
            d.target = mount.device().substring(0, mount.device().indexOf('-', mount.device().indexOf('-') + 1));
            d.uuid = mount.uuid();
            status.clientDevices.add(d);
        }
        status.clientDeviceCount = status.clientDevices.size();
        status.observedAt = Times.format(now.minus(leaseDuration));
        status.seal = AgentSeal.seal(pod.name(), pod.uid(), status);
        registered.setStatus(status);
        shared.resources(LustreNode.class).inNamespace(namespace).resource(registered).updateStatus();
    }

    /**
     * The node's agent Pod, as the agents' DaemonSet has it (manifests/agents/daemonset.yaml): its
     * labels, its node, its service account; created when missing, else the one there (an agent started
     * again on the node). The agent knows it as the downward API tells a real one.
     */
    public static PodIdentity agentPod(KubernetesClient client, String namespace, String node) {
        Pod pod = new PodBuilder().withNewMetadata().withName(ApiGroup.AGENT_LEASE_PREFIX + node).withNamespace(namespace)
                .withLabels(Map.of("app.kubernetes.io/name", "lustre-ir-agent", "app.kubernetes.io/component", "resident"))
                .endMetadata()
                .withNewSpec().withNodeName(node).withServiceAccountName("lustre-ir-agent").withHostPID(true)
                .addNewContainer().withName("agent").withImage("lustre-ir-operator:0.1.0")
                .withArgs("agent", "serve", "--node", node, "--namespace", namespace).endContainer()
                .endSpec().build();
        Pod stored = client.pods().inNamespace(namespace).resource(pod)
                .createOr(r -> client.pods().inNamespace(namespace).withName(pod.getMetadata().getName()).get());
        return new PodIdentity(stored.getMetadata().getName(), stored.getMetadata().getUid());
    }

    /** What a dead client's agent left: its Lease, renewed last before the failure and now expired. */
    private void expiredLease(String node, Instant now) {
        Instant last = now.minus(leaseDuration).minusSeconds(1);
        Lease lease = new Lease();
        lease.setMetadata(new ObjectMetaBuilder().withName(ApiGroup.AGENT_LEASE_PREFIX + node).withNamespace(namespace).build());
        LeaseSpec spec = new LeaseSpec();
        spec.setHolderIdentity(node);
        spec.setLeaseDurationSeconds((int) leaseDuration.toSeconds());
        spec.setAcquireTime(last.atZone(ZoneOffset.UTC));
        spec.setRenewTime(last.atZone(ZoneOffset.UTC));
        spec.setLeaseTransitions(0);
        lease.setSpec(spec);
        shared.leases().inNamespace(namespace).resource(lease).createOr(r -> r.update());
    }

    /**
     * Until every agent's LustreNode has a status and its Lease exists, as the API server has them:
     * through one informer of each kind (a paged list, then a watch), since listing 10,000
     * LustreNodes again every second while they register outlasts a request's timeout. The waiter has
     * a client of its own, patient (60 s a request, the client's retries) where the agents' shared
     * one gives up at once: while thousands of agents register, this machine's API server can take
     * longer than 10 s to answer a page, and a list that fails is listed again until the limit.
     */
    private void awaitRegistered(Path kubeconfig, Instant until) throws InterruptedException {
        Set<String> waiting = new HashSet<>(agentNodes);
        Config config;
        try {
            config = Config.fromKubeconfig(Files.readString(kubeconfig));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        config.setUserAgent(USER_AGENT + "/registration");
        config.setRequestTimeout(60_000);
        try (KubernetesClient waiter = new KubernetesClientBuilder().withConfig(config).build()) {
            while (true) {
                try {
                    awaitRegistered(waiter, waiting, until);
                    return;
                } catch (KubernetesClientException e) {
                    if (Instant.now().isAfter(until)) {
                        throw e;
                    }
                    log.println("simulated fleet: listing the registrations failed (" + e.getMessage() + "); listing again");
                    Thread.sleep(1000);
                }
            }
        }
    }

    private void awaitRegistered(KubernetesClient client, Set<String> waiting, Instant until) throws InterruptedException {
        try (SharedIndexInformer<LustreNode> nodes = client.resources(LustreNode.class).inNamespace(namespace)
                .withLimit(PAGE).inform();
                SharedIndexInformer<Lease> leases = client.leases().inNamespace(namespace).withLimit(PAGE).inform()) {
            while (true) {
                waiting.removeIf(n -> {
                    LustreNode registered = nodes.getStore().getByKey(namespace + "/" + n);
                    return registered != null && registered.getStatus() != null
                            && leases.getStore().getByKey(namespace + "/" + ApiGroup.AGENT_LEASE_PREFIX + n) != null;
                });
                if (waiting.isEmpty()) {
                    return;
                }
                if (Instant.now().isAfter(until)) {
                    throw new IllegalStateException(waiting.size() + " of " + agentNodes.size()
                            + " simulated agents not registered within " + REGISTRATION_LIMIT + ", e.g. " + waiting.iterator().next());
                }
                Thread.sleep(1000);
            }
        }
    }

    /** Seconds from the first agent's start to every agent registered: before the round, reported apart. */
    public double registrationSeconds() {
        return registrationSeconds;
    }

    /**
     * The failover server's agent dies and is started again, as systemd restarts {@code agent serve}
     * after a crash: the dead one's work in flight stays where it stood (a close it began is then
     * marked Interrupted by the new one, never run again).
     */
    public void restartServerAgent() {
        ResidentAgent dead = serverAgent;
        agents.remove(dead);
        dead.close();
        startServer.run();
    }

    public List<String> agentNodes() {
        return agentNodes;
    }

    public Duration leaseDuration() {
        return leaseDuration;
    }

    private static KubernetesClient client(Path kubeconfig, String userAgent, int pool) throws IOException {
        Config config = Config.fromKubeconfig(Files.readString(kubeconfig));
        config.setUserAgent(userAgent);
        config.setMaxConcurrentRequests(pool);
        config.setMaxConcurrentRequestsPerHost(pool);
        // As agent serve: every step is tried again at its next turn.
        config.setRequestRetryBackoffLimit(0);
        return new KubernetesClientBuilder().withConfig(config).build();
    }

    /** The common pool has one thread on two cores: thousands of stops or deletes need more. */
    private static <T> void inParallel(List<T> items, Consumer<T> action) {
        ExecutorService pool = Executors.newFixedThreadPool(32);
        try {
            for (Future<?> f : items.stream().map(i -> pool.submit(() -> action.accept(i))).toList()) {
                f.get();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException e) {
            throw e.getCause() instanceof RuntimeException r ? r : new IllegalStateException(e.getCause());
        } finally {
            pool.shutdownNow();
        }
    }

    /** Stops every agent (their Leases are left to expire), then the feeds and the clients. */
    @Override
    public void close() {
        inParallel(List.copyOf(agents), ResidentAgent::close);
        agents.clear();
        feeds.forEach(RoundFeed::close);
        feed.close();
        if (serverClient != null) {
            serverClient.close();
        }
        shared.close();
        leases.close();
        log.close();
    }

    /**
     * Stops the agents and deletes what they registered, so that the next scenario's round runs
     * beside no stale registrations (an operator that informs LustreNodes and Leases would hold them).
     */
    public void closeAndDeregister() {
        List<String> nodes = new ArrayList<>(agentNodes);
        nodes.addAll(deadNodes);
        inParallel(List.copyOf(agents), ResidentAgent::close);
        agents.clear();
        inParallel(nodes, n -> {
            shared.resources(LustreNode.class).inNamespace(namespace).withName(n).delete();
            shared.leases().inNamespace(namespace).withName(ApiGroup.AGENT_LEASE_PREFIX + n).delete();
        });
        close();
    }
}
