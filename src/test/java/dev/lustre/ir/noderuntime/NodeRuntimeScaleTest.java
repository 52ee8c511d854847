package dev.lustre.ir.noderuntime;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fabric8.kubernetes.api.model.batch.v1.Job;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * Sizing run, off by default (minutes of API server work):
 * {@code -Dnoderuntime.scale=true -Dnoderuntime.scale.nodes=5000 -Dnoderuntime.scale.jobs=1000}.
 */
@EnabledIfSystemProperty(named = "noderuntime.scale", matches = "true")
class NodeRuntimeScaleTest extends ApiServerTestBase {

    @Test
    void nodesAndJobsAtScale() throws Exception {
        int nodeCount = Integer.getInteger("noderuntime.scale.nodes", 5000);
        int jobCount = Integer.getInteger("noderuntime.scale.jobs", 1000);
        int parallelism = Integer.getInteger("noderuntime.scale.parallelism", 16);
        int workers = Integer.getInteger("noderuntime.scale.workers", RuntimeOptions.defaults().controllerWorkers());

        Instant t0 = Instant.now();
        List<String> names = nodes.createMany(ns + "-n", nodeCount, CLIENT_LABELS, 16);
        Duration nodesTook = Duration.between(t0, Instant.now());
        System.out.printf("[scale] %d nodes created in %d ms (%.0f nodes/s)%n", nodeCount, nodesTook.toMillis(),
                nodeCount * 1000.0 / Math.max(1, nodesTook.toMillis()));

        RecordingExecutor executor = new RecordingExecutor(r -> {
            Thread.sleep(50);
            return ContainerResult.succeeded("{\"node\":\"" + r.node() + "\"}");
        });
        Instant startRuntime = Instant.now();
        start(executor, RuntimeOptions.defaults().withParallelism(parallelism).withControllerWorkers(workers));
        System.out.printf("[scale] runtime started (caches synced over %d nodes) in %d ms%n", nodeCount,
                Duration.between(startRuntime, Instant.now()).toMillis());

        Instant begin = Instant.now();
        ExecutorService creators = Executors.newFixedThreadPool(8);
        List<Future<Job>> created = new ArrayList<>();
        for (int i = 0; i < jobCount; i++) {
            Job job = TestJobs.pinnedByAffinity("ir-" + i, names.get(i % nodeCount), "agent").build();
            created.add(creators.submit(() -> createJob(job)));
        }
        for (Future<Job> f : created) {
            f.get();
        }
        creators.shutdown();
        Duration createdIn = Duration.between(begin, Instant.now());
        await().atMost(Duration.ofMinutes(15)).pollInterval(Duration.ofSeconds(1)).until(() ->
                client.batch().v1().jobs().inNamespace(ns).list().getItems().stream().filter(j -> TestJobs.condition(j, "Complete").isPresent()).count() == jobCount);
        Duration all = Duration.between(begin, Instant.now());
        System.out.printf("[scale] %d jobs created in %d ms, all Complete after %d ms (%.1f jobs/s); max concurrent executions %d (limit %d), %d controller workers; %s%n",
                jobCount, createdIn.toMillis(), all.toMillis(), jobCount * 1000.0 / all.toMillis(), executor.maxConcurrent(), parallelism,
                workers, runtime.stats());
        assertEquals(jobCount, executor.calls.size());
        assertTrue(executor.maxConcurrent() <= parallelism);
    }
}
