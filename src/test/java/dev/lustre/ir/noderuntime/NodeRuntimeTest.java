package dev.lustre.ir.noderuntime;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fabric8.kubernetes.api.model.ContainerStateTerminated;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodCondition;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobCondition;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/** The node runtime against a real kube-apiserver 1.20.2: Jobs as the real control plane runs them. */
class NodeRuntimeTest extends ApiServerTestBase {

    @Test
    void pinnedJobRunsOnceAndCompletesWithTheTerminationMessageInThePod() {
        String n1 = node("n1");
        node("n2");
        RecordingExecutor executor = RecordingExecutor.succeeding("{\"result\":\"Reconnected\",\"node\":\"" + n1 + "\"}");
        start(executor, RuntimeOptions.defaults());

        createJob(TestJobs.pinnedByAffinity("reconnect-1", n1,
                "agent", "reconnect", "--target", "lustre-OST0001").build());

        Job job = awaitCondition("reconnect-1", "Complete", Duration.ofSeconds(20));
        JobCondition complete = TestJobs.condition(job, "Complete").orElseThrow();
        assertEquals(1, job.getStatus().getSucceeded());
        assertNull(job.getStatus().getFailed());
        assertNull(job.getStatus().getActive());
        assertNotNull(job.getStatus().getStartTime());
        assertNotNull(job.getStatus().getCompletionTime());
        assertNotNull(complete.getLastTransitionTime());
        assertFalse(TestJobs.condition(job, "Failed").isPresent());

        List<Pod> pods = podsOf("reconnect-1");
        assertEquals(1, pods.size());
        Pod pod = pods.get(0);
        assertTrue(pod.getMetadata().getName().matches("reconnect-1-[a-z0-9]{5}"), pod.getMetadata().getName());
        assertEquals(n1, pod.getSpec().getNodeName());
        assertEquals("r1", pod.getMetadata().getLabels().get("ir.lustre.dev/round"));
        assertEquals("reconnect-1", pod.getMetadata().getLabels().get("job-name"));
        assertEquals(job.getMetadata().getUid(), pod.getMetadata().getLabels().get("controller-uid"));
        OwnerReference owner = pod.getMetadata().getOwnerReferences().get(0);
        assertEquals("Job", owner.getKind());
        assertEquals(job.getMetadata().getUid(), owner.getUid());
        assertEquals(Boolean.TRUE, owner.getController());
        assertEquals("Succeeded", pod.getStatus().getPhase());
        ContainerStateTerminated terminated = pod.getStatus().getContainerStatuses().get(0).getState().getTerminated();
        assertEquals(0, terminated.getExitCode());
        assertEquals("Completed", terminated.getReason());
        assertEquals("{\"result\":\"Reconnected\",\"node\":\"" + n1 + "\"}", terminated.getMessage());
        assertNotNull(terminated.getStartedAt());
        assertNotNull(terminated.getFinishedAt());
        PodCondition scheduled = pod.getStatus().getConditions().stream().filter(c -> "PodScheduled".equals(c.getType())).findFirst().orElseThrow();
        assertEquals("True", scheduled.getStatus());

        assertEquals(1, executor.callsFor("reconnect-1"));
        RunRequest request = executor.calls.get(0);
        assertEquals(n1, request.node());
        assertEquals(ns, request.namespace());
        assertEquals(pod.getMetadata().getName(), request.podName());
        assertEquals(List.of("agent", "reconnect", "--target", "lustre-OST0001"), request.args());
        assertEquals("r1", request.labels().get("ir.lustre.dev/round"));
    }

    @Test
    void failingExecutorIsRetriedUntilTheBackoffLimitAndTheJobFails() {
        String n1 = node("n1");
        RecordingExecutor executor = new RecordingExecutor(r -> ContainerResult.failed(3, "client not connected"));
        start(executor, RuntimeOptions.defaults());

        createJob(TestJobs.pinnedByAffinity("flaky", n1, "agent", "reconnect")
                .editSpec().withBackoffLimit(2).endSpec().build());

        Job job = awaitCondition("flaky", "Failed", Duration.ofSeconds(30));
        JobCondition failed = TestJobs.condition(job, "Failed").orElseThrow();
        assertEquals("BackoffLimitExceeded", failed.getReason());
        assertEquals("Job has reached the specified backoff limit", failed.getMessage());
        assertEquals(3, job.getStatus().getFailed());
        assertNull(job.getStatus().getSucceeded());
        assertNull(job.getStatus().getCompletionTime());
        assertFalse(TestJobs.condition(job, "Complete").isPresent());
        List<Pod> pods = podsOf("flaky");
        assertEquals(3, pods.size());
        for (Pod pod : pods) {
            assertEquals("Failed", pod.getStatus().getPhase());
            ContainerStateTerminated t = pod.getStatus().getContainerStatuses().get(0).getState().getTerminated();
            assertEquals(3, t.getExitCode());
            assertEquals("Error", t.getReason());
            assertEquals("client not connected", t.getMessage());
        }
        // No fourth pod turns up later.
        await().during(Duration.ofMillis(1500)).atMost(Duration.ofSeconds(3)).until(() -> executor.callsFor("flaky") == 3);
    }

    @Test
    void executorExceptionsBecomeExitCodeOneWithTheExceptionMessage() {
        String n1 = node("n1");
        RecordingExecutor executor = new RecordingExecutor(r -> {
            throw new IllegalStateException("lctl not found on " + r.node());
        });
        start(executor, RuntimeOptions.defaults());
        createJob(TestJobs.pinnedByAffinity("boom", n1, "agent")
                .build());

        Job job = awaitCondition("boom", "Failed", Duration.ofSeconds(20));
        assertEquals(1, job.getStatus().getFailed());
        ContainerStateTerminated t = podsOf("boom").get(0).getStatus().getContainerStatuses().get(0).getState().getTerminated();
        assertEquals(1, t.getExitCode());
        assertEquals("Error", t.getReason());
        assertEquals("lctl not found on " + n1, t.getMessage());

        // The runtime is still alive for the next Job.
        createJob(TestJobs.pinnedByAffinity("boom-2", n1, "agent").build());
        awaitCondition("boom-2", "Failed", Duration.ofSeconds(20));
    }

    @Test
    void jobPinnedToANotReadyNodeNeverRunsAndFailsAtItsDeadline() {
        String down = node("down");
        nodes.markNotReady(down);
        RecordingExecutor executor = RecordingExecutor.succeeding("ran");
        start(executor, RuntimeOptions.defaults());
        Instant created = Instant.now();
        createJob(TestJobs.pinnedByAffinity("stuck", down, "agent")
                .editSpec().withActiveDeadlineSeconds(2L).endSpec().build());

        await().atMost(Duration.ofSeconds(10)).until(() -> podsOf("stuck").stream().anyMatch(p -> p.getStatus().getConditions().stream()
                .anyMatch(c -> "PodScheduled".equals(c.getType()) && "Unschedulable".equals(c.getReason()))));
        Pod pending = podsOf("stuck").get(0);
        assertEquals("Pending", pending.getStatus().getPhase());
        assertNull(pending.getSpec().getNodeName());
        PodCondition unschedulable = pending.getStatus().getConditions().stream().filter(c -> "PodScheduled".equals(c.getType())).findFirst().orElseThrow();
        assertEquals("False", unschedulable.getStatus());
        assertTrue(unschedulable.getMessage().startsWith("0/"), unschedulable.getMessage());
        assertTrue(unschedulable.getMessage().contains("node(s) had taint {node.kubernetes.io/not-ready: }"), unschedulable.getMessage());

        Job job = awaitCondition("stuck", "Failed", Duration.ofSeconds(15));
        JobCondition failed = TestJobs.condition(job, "Failed").orElseThrow();
        assertEquals("DeadlineExceeded", failed.getReason());
        assertEquals("Job was active longer than specified deadline", failed.getMessage());
        assertTrue(Duration.between(created, Instant.now()).toMillis() >= 1000, "failed before its deadline");
        assertEquals(1, job.getStatus().getFailed(), "the killed active pod counts as failed");
        assertNull(job.getStatus().getActive());
        await().atMost(Duration.ofSeconds(10)).until(() -> podsOf("stuck").isEmpty());
        assertEquals(0, executor.calls.size());
    }

    @Test
    void jobPinnedToAMissingNodeNeverRunsAndFailsAtItsDeadline() {
        node("present");
        RecordingExecutor executor = RecordingExecutor.succeeding("ran");
        start(executor, RuntimeOptions.defaults());
        createJob(TestJobs.pinnedByAffinity("nowhere", ns + "-missing", "agent")
                .editSpec().withActiveDeadlineSeconds(2L).endSpec().build());

        await().atMost(Duration.ofSeconds(10)).until(() -> podsOf("nowhere").stream().anyMatch(p -> p.getStatus().getConditions().stream()
                .anyMatch(c -> "Unschedulable".equals(c.getReason()) && c.getMessage().contains("didn't match node selector"))));
        assertEquals("Pending", podsOf("nowhere").get(0).getStatus().getPhase());

        Job job = awaitCondition("nowhere", "Failed", Duration.ofSeconds(15));
        assertEquals("DeadlineExceeded", TestJobs.condition(job, "Failed").orElseThrow().getReason());
        assertEquals(0, executor.calls.size());
    }

    @Test
    void finishedJobIsDeletedAfterItsTtlTogetherWithItsPods() {
        String n1 = node("n1");
        RecordingExecutor executor = RecordingExecutor.succeeding("done");
        start(executor, RuntimeOptions.defaults());
        createJob(TestJobs.pinnedByAffinity("short-lived", n1, "agent")
                .editSpec().withTtlSecondsAfterFinished(1).endSpec().build());
        assertEquals(1, job("short-lived").getSpec().getTtlSecondsAfterFinished(), "the API server kept the TTL (feature gate on)");

        awaitCondition("short-lived", "Complete", Duration.ofSeconds(20));
        assertEquals(1, podsOf("short-lived").size());
        await().atMost(Duration.ofSeconds(15)).until(() -> job("short-lived") == null && podsOf("short-lived").isEmpty());
        assertEquals(1, executor.callsFor("short-lived"));
    }

    @Test
    void manyJobsCompleteWithBoundedParallelism() throws Exception {
        int jobs = 200;
        int parallelism = 8;
        Instant nodesBegin = Instant.now();
        List<String> names = nodes.createMany(ns + "-c", jobs, CLIENT_LABELS, 8);
        Duration nodesTook = Duration.between(nodesBegin, Instant.now());
        RecordingExecutor executor = new RecordingExecutor(r -> {
            Thread.sleep(100); // long enough for containers to overlap
            return ContainerResult.succeeded("ok " + r.node());
        });
        start(executor, RuntimeOptions.defaults().withParallelism(parallelism));

        // The operator creates its Jobs from several threads too.
        Instant begin = Instant.now();
        ExecutorService creators = Executors.newFixedThreadPool(4);
        List<Future<Job>> created = new ArrayList<>();
        for (int i = 0; i < jobs; i++) {
            Job job = TestJobs.pinnedByAffinity("ir-" + i, names.get(i), "agent").build();
            created.add(creators.submit(() -> createJob(job)));
        }
        for (Future<Job> f : created) {
            f.get();
        }
        creators.shutdown();
        Duration createdIn = Duration.between(begin, Instant.now());
        await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(250)).until(() ->
                client.batch().v1().jobs().inNamespace(ns).list().getItems().stream().filter(j -> TestJobs.condition(j, "Complete").isPresent()).count() == jobs);
        Duration all = Duration.between(begin, Instant.now());
        System.out.printf("[runtime] %d nodes created in %d ms; %d jobs created in %d ms, all Complete after %d ms;"
                        + " max concurrent executions %d (limit %d); %s%n", jobs, nodesTook.toMillis(), jobs, createdIn.toMillis(),
                all.toMillis(), executor.maxConcurrent(), parallelism, runtime.stats());

        assertTrue(executor.maxConcurrent() <= parallelism, "max concurrency " + executor.maxConcurrent());
        assertTrue(executor.maxConcurrent() > 1, "containers ran in parallel");
        assertEquals(jobs, executor.calls.size(), "each job ran exactly once");
        for (int i = 0; i < jobs; i++) {
            assertEquals(1, executor.callsFor("ir-" + i));
        }
        for (RunRequest call : executor.calls) {
            assertEquals(names.get(Integer.parseInt(call.jobName().substring(3))), call.node(), "ran on the node it is pinned to");
        }
        assertTrue(runtime.stats().maxContainersRunning() <= parallelism);
    }
}
