package dev.lustre.ir.faults;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lustre.ir.api.ApiGroup;
import dev.lustre.ir.api.LustreClose;
import dev.lustre.ir.api.LustreFailover;
import dev.lustre.ir.api.LustreFailoverStatus;
import dev.lustre.ir.api.LustreRound;
import dev.lustre.ir.api.Phase;
import dev.lustre.ir.kube.Times;
import dev.lustre.ir.lustre.RecoveryState;
import dev.lustre.ir.operator.AgentSettings;
import dev.lustre.ir.operator.Conditions;
import dev.lustre.ir.operator.EventRecorder;
import dev.lustre.ir.operator.Inventory;
import dev.lustre.ir.sandbox.Dispatch;
import dev.lustre.ir.sandbox.Scenario;
import dev.lustre.ir.sandbox.SimResidentAgents;
import dev.lustre.ir.sim.ClientView;
import dev.lustre.ir.sim.LustreVersion;
import dev.lustre.ir.sim.SimCluster;
import dev.lustre.ir.testing.KubeApiTestResource;
import dev.lustre.ir.testing.ManualOperatorProfile;
import dev.lustre.ir.testing.ManualOperators;
import dev.lustre.ir.testing.SimulatedRuntime;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.javaoperatorsdk.operator.Operator;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/**
 * Seeded random fault schedules over 50-client rounds, several at once (each in its namespace, on
 * its own simulated target): API faults on every request of the operator (through {@link FaultProxy}
 * in front of the real API server) and a Lustre-side fault each ({@link LustreFaults}). After each
 * round: a correct terminal state, no reconnected client evicted, no eviction twice, nothing left
 * once the failover is deleted, status in agreement with the simulated target. Prints the schedules
 * run, the faults injected by kind and the violations, and fails on any violation.
 * <p>
 * CI runs a seeded subset; {@code scripts/fault-suite.sh} runs 200. {@code -Dfault-suite.seeds=S1,S2}
 * runs the listed schedules alone.
 */
@QuarkusTest
@TestProfile(ManualOperatorProfile.class)
class FaultSchedulesTest {
    private static final int CLIENTS = 50;
    private static final double TIME_SCALE = 10;
    /** A round that has not ended by then hangs. */
    private static final Duration ROUND_LIMIT = Duration.ofSeconds(Long.getLong("fault-suite.round-limit-seconds", 240));
    /** The simulated garbage collector and kubelet are slow on a loaded machine: a leak is what is still there after this. */
    private static final Duration CLEAN_UP_LIMIT = Duration.ofSeconds(120);

    @Inject
    KubernetesClient client;
    @Inject
    AgentSettings settings;

    private final Map<String, AtomicLong> lustreFaults = new ConcurrentHashMap<>();
    private final List<String> violations = java.util.Collections.synchronizedList(new ArrayList<>());

    @Test
    void seededFaultSchedulesEndCorrectly() throws Exception {
        long suiteSeed = Long.getLong("fault-suite.seed", 20261205L);
        int count = Integer.getInteger("fault-suite.schedules", 12);
        int parallel = Integer.getInteger("fault-suite.parallel", 6);
        List<Long> seeds = seeds(suiteSeed, count);
        System.out.printf("[fault-suite] suite seed %d, %d schedules, %d at once%n", suiteSeed, seeds.size(), parallel);

        Config direct = Config.fromKubeconfig(Files.readString(KubeApiTestResource.kubeconfig()));
        ApiFaults api = new ApiFaults(suiteSeed);
        Set<Long> processesBefore = descendants();
        Instant began = Instant.now();
        SimulatedRuntime.fleet(); // its threads are the runtime's, started before the count
        Set<Long> threadsBefore = threadIds();
        try (FaultProxy proxy = FaultProxy.start(direct, api)) {
            Config viaProxy = new ConfigBuilder(Config.empty()).withMasterUrl(proxy.url()).withNamespace("default")
                    .withUserAgent("lustre-ir-operator/fault-suite").build();
            try (KubernetesClient faulty = new KubernetesClientBuilder().withConfig(viaProxy).build()) {
                Operator operator = ManualOperators.start(faulty, new EventRecorder(faulty), settings);
                // Cluster-wide lists and watches (the operator's informers) fail too, once they have started.
                api.rates(new ApiFaults.Rates(0, 0.03, 0, 0.1, Duration.ofMillis(800), 0.5, Duration.ofSeconds(8)));
                try {
                    ExecutorService pool = Executors.newFixedThreadPool(parallel);
                    try {
                        List<Future<?>> runs = new ArrayList<>();
                        for (long seed : seeds) {
                            runs.add(pool.submit(() -> runOne(FaultSchedule.of(seed, CLIENTS), api)));
                        }
                        for (Future<?> f : runs) {
                            f.get();
                        }
                    } finally {
                        pool.shutdownNow();
                    }
                } finally {
                    operator.stop();
                }
            }
        }
        // No hung lctl process outlives its agent.
        Thread.sleep(500);
        Set<Long> left = descendants();
        left.removeAll(processesBefore);
        if (!left.isEmpty()) {
            violations.add("processes left behind (a hung lctl not killed): " + left);
        }
        // Every thread the operator, its client and the proxy started is gone once they are stopped
        // (a thread per round or per request left running would show here as many).
        Thread.sleep(3000);
        // The JVM's common pool and the simulated node runtime's pools grow on demand and are not the operator's.
        List<String> threadsLeft = Thread.getAllStackTraces().keySet().stream()
                .filter(t -> t.isAlive() && !threadsBefore.contains(t.getId())).map(Thread::getName)
                .filter(n -> !n.startsWith("ForkJoinPool.commonPool") && !n.startsWith("node-runtime-")).sorted().toList();
        if (threadsLeft.size() > 10) {
            violations.add(threadsLeft.size() + " threads left after the operator stopped: " + threadsLeft);
        }
        Map<String, Long> faults = new TreeMap<>();
        api.injected().forEach((k, v) -> faults.put("api " + k, v));
        lustreFaults.forEach((k, v) -> faults.put("lustre " + k, v.get()));
        System.out.printf("[fault-suite] schedules run: %d in %d s; threads left after the operator stopped: %d %s%n", seeds.size(),
                Duration.between(began, Instant.now()).toSeconds(), threadsLeft.size(), threadsLeft);
        System.out.printf("[fault-suite] faults injected: %d %s%n", faults.values().stream().mapToLong(Long::longValue).sum(), faults);
        System.out.printf("[fault-suite] violations: %d%n", violations.size());
        violations.forEach(v -> System.out.println("[fault-suite] VIOLATION " + v));
        assertEquals(List.of(), violations);
        assertTrue(faults.values().stream().mapToLong(Long::longValue).sum() > seeds.size(), "faults were injected: " + faults);
    }

    private static List<Long> seeds(long suiteSeed, int count) {
        String listed = System.getProperty("fault-suite.seeds", "");
        if (!listed.isBlank()) {
            return Arrays.stream(listed.split(",")).map(String::trim).map(Long::parseLong).toList();
        }
        Random r = new Random(suiteSeed);
        List<Long> seeds = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            seeds.add(r.nextLong() & Long.MAX_VALUE);
        }
        return seeds;
    }

    private void runOne(FaultSchedule s, ApiFaults api) {
        String name = s.name();
        List<String> found = new ArrayList<>();
        Instant began = Instant.now();
        Scenario sc = null;
        AtomicReference<SimResidentAgents> agents = new AtomicReference<>();
        try {
            client.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName(name).endMetadata().build()).createOr(r -> r.update());
            Scenario.Settings settings = new Scenario.Settings(name, name, s.clients(), s.dead(), 0, Duration.ZERO, false,
                    LustreVersion.V2_16, TIME_SCALE, s.seed(), 0, false, List.of(), s.dispatch(), true);
            AtomicReference<LustreFaults> faults = new AtomicReference<>();
            sc = Scenario.start(client, SimulatedRuntime.fleet(), settings, b -> {
                if (s.lustre() == LustreFaults.Kind.FLAPPING_CLIENTS) {
                    b.flapping(s.flapping(), s.flapFailures(), s.flapPeriod());
                }
            }, sim -> {
                // The fault is in place before the agents start: they read lctl from the moment they register.
                faults.set(new LustreFaults(s.lustre(), faultyNode(s, sim), s.faultCall(), s.seed()));
                sim.interpose(faults.get());
                if (s.dispatch() != Dispatch.JOBS) {
                    // The agents reach the API server directly: the proxy's faults are the operator's.
                    agents.set(startAgents(sim, settings));
                }
            });
            SimCluster sim = sc.sim();
            LustreFaults lustre = faults.get();
            sc.recordInventory(client);
            api.register(name, s.apiSeed(), s.api());
            client.resource(sc.failover(null, null)).create();
            Instant failedOverAgain = null;
            boolean serverAgentRestarted = false;
            LustreFailover lfo;
            while (true) {
                lfo = client.resources(LustreFailover.class).inNamespace(name).withName(name).get();
                boolean ended = lfo.getStatus() != null && lfo.getStatus().phase != null && lfo.getStatus().phase.isFinal();
                if (ended || Duration.between(began, Instant.now()).compareTo(ROUND_LIMIT) > 0) {
                    break;
                }
                if (s.lustre() == LustreFaults.Kind.FAILOVER_AGAIN && failedOverAgain == null
                        && Duration.between(began, Instant.now()).compareTo(s.failoverAfter()) > 0) {
                    sim.failover();
                    lustre.markFired();
                    failedOverAgain = Instant.now();
                }
                if (s.lustre() == LustreFaults.Kind.SERVER_DIES_MID_EVICTION && s.dispatch().serverRunsAgent() && lustre.fired()
                        && !serverAgentRestarted) {
                    // The kill ended its close where it stood; the agent's process is started again.
                    agents.get().restartServerAgent();
                    serverAgentRestarted = true;
                }
                Thread.sleep(300);
            }
            api.quiet(name);
            if (lustre.fired() || s.lustre() == LustreFaults.Kind.FLAPPING_CLIENTS) {
                lustreFaults.computeIfAbsent(s.lustre().name(), k -> new AtomicLong()).incrementAndGet();
            }
            check(s, sc, lfo, lustre, failedOverAgain, found);
            cleanUp(s, lfo, found);
            System.out.printf("[fault-suite] %s -> %s in %d s%s; API faults %s%s%n", s, phaseOf(lfo),
                    Duration.between(began, Instant.now()).toSeconds(),
                    lfo.getStatus() == null ? "" : " (" + lfo.getStatus().message + ")", api.injected(name),
                    found.isEmpty() ? "" : "; VIOLATIONS " + found);
        } catch (Exception | AssertionError e) {
            found.add("the schedule could not run: " + e);
            e.printStackTrace();
        } finally {
            if (agents.get() != null) {
                agents.get().closeAndDeregister();
            }
            if (sc != null) {
                deleteNodes(sc.sim());
            }
        }
        found.forEach(v -> violations.add(s.seed() + " (" + name + "): " + v));
    }

    private static SimResidentAgents startAgents(SimCluster sim, Scenario.Settings settings) {
        try {
            return SimResidentAgents.start(KubeApiTestResource.kubeconfig(), sim, settings.namespace(), settings.dispatch(),
                    Path.of("target", "agent-logs", "fault-suite-" + settings.name() + ".log"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while the agents registered", e);
        }
    }

    private static String faultyNode(FaultSchedule s, SimCluster sim) {
        return switch (s.lustre()) {
            // Chosen before the failover: the server the target moves to, which serves the round.
            case SERVER_GARBAGE, SERVER_DIES_MID_EVICTION, SERVER_HANG_IN_CLOSE -> sim.failoverPartner();
            default -> {
                List<String> live = sim.clientNodes().stream().filter(sim::isAlive).toList();
                yield live.get((int) Math.floorMod(s.nodeChoice(), (long) live.size()));
            }
        };
    }

    /** Everything a round must satisfy whatever its faults. */
    private void check(FaultSchedule s, Scenario sc, LustreFailover lfo, LustreFaults lustre, Instant failedOverAgain, List<String> found) {
        SimCluster sim = sc.sim();
        LustreFailoverStatus st = lfo.getStatus();
        Phase phase = phaseOf(lfo);
        if (phase == null || !phase.isFinal()) {
            found.add("no terminal state after " + ROUND_LIMIT.toSeconds() + " s: " + phase + " (" + (st == null ? null : st.message) + ")");
            return;
        }
        if (phase == Phase.Failed) {
            var complete = Conditions.find(st.conditions, Conditions.COMPLETE);
            if (st.message == null || st.message.isBlank() || complete == null || complete.getReason() == null) {
                found.add("Failed without a reason: " + Serialization.asJson(st));
            }
            if (!(lustre.kind().mayFail() && lustre.fired())) {
                found.add("Failed, though no fault of this schedule stops a round: " + (complete == null ? null : complete.getReason())
                        + ": " + st.message);
            }
        }
        // Evictions: only the dead, never one that reconnected, none twice.
        List<String> evicted = sim.evictRequests();
        if (new HashSet<>(evicted).size() != evicted.size()) {
            found.add("a UUID evicted twice: " + evicted);
        }
        Set<String> dead = new HashSet<>(sc.deadRosterUuids());
        evicted.stream().filter(u -> !dead.contains(u)).forEach(u -> found.add("evicted a client not proven dead: " + u));
        for (ClientView c : sim.clients()) {
            if (c.evicted() && (c.alive() || c.reconnectedAt().isPresent())) {
                found.add("evicted a live or reconnected client: " + c.node() + " " + c.uuid());
            }
        }
        // Status against the simulated target.
        RecoveryState target = sim.recoveryStatus();
        if (phase == Phase.Recovered) {
            boolean recoveredBeforeSecondFailover = failedOverAgain != null && st.windowClosedTime != null
                    && !Times.parse(st.windowClosedTime).isAfter(failedOverAgain.plusSeconds(1));
            if (target.windowOpen() && !recoveredBeforeSecondFailover) {
                found.add("Recovered while the target still recovers: " + target);
            }
            if (!"closed".equals(st.window)) {
                found.add("Recovered with window " + st.window);
            }
            if (st.windowClosedTime == null) {
                found.add("Recovered without windowClosedTime");
            }
        }
        if (st.clients != null) {
            long live = sim.clientNodes().stream().filter(sim::isAlive).count();
            if (st.clients.expected != s.clients()) {
                found.add("status expects " + st.clients.expected + " clients, the roster has " + s.clients());
            }
            if (st.clients.reconnected > live) {
                found.add("status counts " + st.clients.reconnected + " reconnected, only " + live + " are alive");
            }
        }
        int planned = (st.plan == null || st.plan.count == null ? 0 : st.plan.count) + (st.evictedEarly == null ? 0 : st.evictedEarly.count);
        if (new HashSet<>(evicted).size() > planned) {
            found.add("the target saw " + evicted.size() + " evictions, status planned " + planned);
        }
        if (phase == Phase.Recovered) {
            // What the status claims the close did is what the target saw it do.
            java.util.regex.Matcher m = java.util.regex.Pattern.compile("evicted (\\d+) dead clients").matcher(String.valueOf(st.message));
            int early = st.evictedEarly == null ? 0 : st.evictedEarly.count;
            if (m.find() && Integer.parseInt(m.group(1)) + early != new HashSet<>(evicted).size()) {
                found.add("status says '" + m.group() + "' (+ " + early + " early), the target saw " + evicted.size() + " evict_client writes");
            }
            if (st.plan != null && st.plan.evicted != null && st.plan.evicted != sim.target().evicted()) {
                found.add("status counts " + st.plan.evicted + " evicted by the server, the target " + sim.target().evicted());
            }
            String targetClosedBy = sim.target().closedBy().orElse("");
            // A round that credits its close (closedBy a rule of the policy) with a window Lustre's timer
            // closed before the close evicted anyone says something nobody observed.
            boolean timer = targetClosedBy.equals("SOFT_TIMEOUT") || targetClosedBy.equals("HARD_TIMEOUT");
            boolean closeEvictedNobody = st.plan != null && st.plan.count != null && st.plan.count > 0 && evicted.isEmpty()
                    && st.plan.action == dev.lustre.ir.api.RecoveryPolicySpec.CloseMethod.EvictDead;
            if (timer && closeEvictedNobody && failedOverAgain == null && st.closedBy != dev.lustre.ir.api.ClosedBy.LustreFinishedOnItsOwn) {
                found.add("Lustre's timer closed the window (" + targetClosedBy + ") and the close evicted nobody, status says " + st.closedBy);
            }
        }
    }

    /** Deletes the failover and waits until nothing of its round is left (owner references, the garbage collector). */
    private void cleanUp(FaultSchedule s, LustreFailover lfo, List<String> found) throws InterruptedException {
        String ns = s.name();
        client.resource(lfo).delete();
        Instant until = Instant.now().plus(CLEAN_UP_LIMIT);
        String left;
        while (true) {
            left = leftovers(ns);
            if (left.isEmpty() || Instant.now().isAfter(until)) {
                break;
            }
            Thread.sleep(1000);
        }
        if (!left.isEmpty()) {
            found.add("left " + CLEAN_UP_LIMIT.toSeconds() + " s after the failover was deleted: " + left);
        }
    }

    private String leftovers(String ns) {
        List<String> left = new ArrayList<>();
        client.batch().v1().jobs().inNamespace(ns).list().getItems().forEach(j -> left.add("Job " + j.getMetadata().getName()));
        // The resident agents' Pods are their DaemonSet's, not the round's: they outlive rounds by design.
        Set<String> agentPods = new HashSet<>();
        client.pods().inNamespace(ns).withLabelSelector(ApiGroup.AGENT_POD_SELECTOR).list().getItems()
                .forEach(p -> agentPods.add(p.getMetadata().getName()));
        client.pods().inNamespace(ns).list().getItems().stream().filter(p -> !agentPods.contains(p.getMetadata().getName()))
                .forEach(p -> left.add("Pod " + p.getMetadata().getName()));
        client.resources(LustreRound.class).inNamespace(ns).list().getItems().forEach(r -> left.add("LustreRound " + r.getMetadata().getName()));
        client.resources(LustreClose.class).inNamespace(ns).list().getItems().forEach(r -> left.add("LustreClose " + r.getMetadata().getName()));
        for (ConfigMap cm : client.configMaps().inNamespace(ns).list().getItems()) {
            // The file system's inventory outlives rounds by design: it is what the next round learns from.
            if (!cm.getMetadata().getName().equals(Inventory.configMapName("lustre"))) {
                left.add("ConfigMap " + cm.getMetadata().getName());
            }
        }
        return String.join(", ", left);
    }

    private void deleteNodes(SimCluster sim) {
        for (String node : sim.nodes()) {
            client.nodes().withName(node).delete();
        }
    }

    private static Phase phaseOf(LustreFailover lfo) {
        return lfo == null || lfo.getStatus() == null ? null : lfo.getStatus().phase;
    }

    private static Set<Long> threadIds() {
        Set<Long> s = new HashSet<>();
        Thread.getAllStackTraces().keySet().forEach(t -> s.add(t.getId()));
        return s;
    }

    private static Set<Long> descendants() {
        Set<Long> s = new HashSet<>();
        ProcessHandle.current().descendants().forEach(p -> s.add(p.pid()));
        return s;
    }
}
