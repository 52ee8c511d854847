package dev.lustre.ir.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lustre.ir.api.ApiGroup;
import dev.lustre.ir.api.LustreFailover;
import dev.lustre.ir.api.Phase;
import dev.lustre.ir.sandbox.Dispatch;
import dev.lustre.ir.sandbox.OperatorProcess;
import dev.lustre.ir.sandbox.SandboxEnvironment;
import dev.lustre.ir.sandbox.SandboxOptions;
import dev.lustre.ir.sandbox.Scenario;
import dev.lustre.ir.sim.ClientView;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.Watch;
import io.fabric8.kubernetes.client.Watcher;
import io.fabric8.kubernetes.client.WatcherException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The packaged operator SIGKILLed at seeded random points of rounds (three rounds at once, Jobs,
 * fenced dead clients, slow live ones), a new process started each time: every round ends
 * Recovered, no Job is created twice, no UUID is evicted twice, only the dead are evicted. Prints
 * the kills by the phases the rounds were in. CI runs a few kills; {@code scripts/crash-suite.sh}
 * runs 50 ({@code -Dcrash.kills}, {@code -Dcrash.seed}). Runs after {@code package}, under failsafe.
 */
class OperatorCrashIT {
    private static final int ROUNDS_AT_ONCE = 3;
    private static final Duration ROUND_LIMIT = Duration.ofSeconds(180);

    @TempDir
    Path work;

    @Test
    void killedAtRandomPointsEachRoundEndsOnceAndCorrectly() throws Exception {
        int kills = Integer.getInteger("crash.kills", 3);
        long seed = Long.getLong("crash.seed", 20261205L);
        Random random = new Random(seed);
        SandboxOptions o = SandboxOptions.parse(List.of("--kube-api-test-dir", System.getProperty("kube-api-test.dir"),
                "--work", work.toString()));
        Map<String, Integer> killedIn = new TreeMap<>();
        List<String> violations = new ArrayList<>();
        int killed = 0;
        int rounds = 0;
        Instant began = Instant.now();
        System.out.printf("[crash-suite] seed %d, %d kills%n", seed, kills);
        try (SandboxEnvironment env = SandboxEnvironment.start(o, m -> { })) {
            env.operator().close();
            KubernetesClient client = env.client();
            for (int wave = 1; killed < kills; wave++) {
                List<Scenario> scenarios = new ArrayList<>();
                for (int i = 0; i < ROUNDS_AT_ONCE; i++) {
                    Scenario.Settings s = Scenario.Settings.of("crash" + wave + "x" + i, 30, 1 + random.nextInt(3))
                            .withDispatch(Dispatch.JOBS).withDeadFenced(true)
                            .withSlow(2 + random.nextInt(4), Duration.ofSeconds(10 + random.nextInt(30)));
                    scenarios.add(Scenario.start(client, env.fleet(), s));
                }
                try (JobCreations created = new JobCreations(client)) {
                    for (Scenario sc : scenarios) {
                        sc.recordInventory(client);
                        client.resource(sc.failover(null, null)).create();
                    }
                    Instant until = Instant.now().plus(ROUND_LIMIT);
                    int n = 0;
                    while (true) {
                        OperatorProcess op = OperatorProcess.start(o.operatorJar(), env.kubeconfig(), work.resolve("operator-" + wave + "-" + (n++) + ".log"));
                        long wait = 500 + random.nextInt(8000);
                        Thread.sleep(wait);
                        List<String> running = phases(client, scenarios);
                        if (running.isEmpty() || killed >= kills || Instant.now().isAfter(until)) {
                            awaitAllFinal(client, scenarios, until);
                            op.close();
                            break;
                        }
                        op.kill();
                        killed++;
                        running.forEach(p -> killedIn.merge(p, 1, Integer::sum));
                        System.out.printf("[crash-suite] kill %d: %d ms after the operator was ready, rounds in %s%n", killed, wait, running);
                    }
                    for (Scenario sc : scenarios) {
                        rounds++;
                        check(client, sc, created, violations);
                    }
                }
                for (Scenario sc : scenarios) {
                    client.resource(sc.failover(null, null)).delete();
                    sc.sim().nodes().forEach(node -> client.nodes().withName(node).delete());
                }
            }
        }
        System.out.printf("[crash-suite] kills: %d over %d rounds in %d s; rounds in phase at a kill: %s%n", killed, rounds,
                Duration.between(began, Instant.now()).toSeconds(), killedIn);
        System.out.printf("[crash-suite] violations: %d%n", violations.size());
        violations.forEach(v -> System.out.println("[crash-suite] VIOLATION " + v));
        assertEquals(List.of(), violations);
        assertTrue(killed >= kills, "killed " + killed);
    }

    /** The phases of the rounds that have not ended. */
    private static List<String> phases(KubernetesClient client, List<Scenario> scenarios) {
        List<String> running = new ArrayList<>();
        for (Scenario sc : scenarios) {
            LustreFailover lfo = get(client, sc);
            Phase p = lfo.getStatus() == null ? null : lfo.getStatus().phase;
            if (p == null || !p.isFinal()) {
                running.add(String.valueOf(p));
            }
        }
        return running;
    }

    private static void awaitAllFinal(KubernetesClient client, List<Scenario> scenarios, Instant until) throws InterruptedException {
        while (!phases(client, scenarios).isEmpty() && Instant.now().isBefore(until)) {
            Thread.sleep(250);
        }
    }

    private static void check(KubernetesClient client, Scenario sc, JobCreations created, List<String> violations) {
        String name = sc.failover(null, null).getMetadata().getName();
        LustreFailover lfo = get(client, sc);
        Phase phase = lfo.getStatus() == null ? null : lfo.getStatus().phase;
        if (phase != Phase.Recovered) {
            violations.add(name + ": ended " + phase + " (" + (lfo.getStatus() == null ? null : lfo.getStatus().message) + ")");
        }
        created.twice(name).forEach(j -> violations.add(name + ": Job created twice: " + j));
        List<String> evicted = sc.sim().evictRequests();
        if (new HashSet<>(evicted).size() != evicted.size()) {
            violations.add(name + ": a UUID evicted twice: " + evicted);
        }
        if (!new HashSet<>(sc.deadRosterUuids()).equals(new HashSet<>(evicted))) {
            violations.add(name + ": evicted " + evicted + ", the dead are " + sc.deadRosterUuids());
        }
        for (ClientView c : sc.sim().clients()) {
            if (c.alive() && c.evicted()) {
                violations.add(name + ": a live client evicted: " + c.uuid());
            }
        }
        List<Job> closes = client.batch().v1().jobs().inNamespace("default").withLabel(ApiGroup.FAILOVER_LABEL, name)
                .withLabel(ApiGroup.ROLE_LABEL, "close").list().getItems();
        for (Job close : closes) {
            int pods = client.pods().inNamespace("default").withLabel("job-name", close.getMetadata().getName()).list().getItems().size();
            if (pods > 1) {
                violations.add(name + ": the close ran " + pods + " times");
            }
        }
    }

    private static LustreFailover get(KubernetesClient client, Scenario sc) {
        return client.resources(LustreFailover.class).inNamespace("default").withName(sc.failover(null, null).getMetadata().getName()).get();
    }

    /** Every Job creation seen (ADDED), by failover and name: a Job deleted and created again counts twice. */
    private static final class JobCreations implements AutoCloseable {
        private final Map<String, AtomicInteger> added = new ConcurrentHashMap<>();
        private final Set<String> uids = ConcurrentHashMap.newKeySet();
        private final Watch watch;

        JobCreations(KubernetesClient client) {
            watch = client.batch().v1().jobs().inNamespace("default").watch(new Watcher<>() {
                @Override
                public void eventReceived(Action action, Job job) {
                    // A watch that reconnects may tell of a Job again: a second creation is a second UID.
                    if (action == Action.ADDED && uids.add(job.getMetadata().getUid())) {
                        String failover = job.getMetadata().getLabels() == null ? null : job.getMetadata().getLabels().get(ApiGroup.FAILOVER_LABEL);
                        added.computeIfAbsent(failover + "/" + job.getMetadata().getName(), k -> new AtomicInteger()).incrementAndGet();
                    }
                }

                @Override
                public void onClose(WatcherException cause) {
                }
            });
        }

        List<String> twice(String failover) {
            return added.entrySet().stream().filter(e -> e.getKey().startsWith(failover + "/") && e.getValue().get() > 1)
                    .map(e -> e.getKey() + " x" + e.getValue().get()).toList();
        }

        @Override
        public void close() {
            watch.close();
        }
    }
}
