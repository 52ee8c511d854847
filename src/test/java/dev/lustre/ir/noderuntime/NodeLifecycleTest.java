package dev.lustre.ir.noderuntime;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fabric8.kubernetes.api.model.ContainerStateTerminated;
import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.DeletionPropagation;
import io.fabric8.kubernetes.api.model.EnvVarBuilder;
import io.fabric8.kubernetes.api.model.NodeSelectorRequirementBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * What happens around the Job: the runtime restarting, nodes failing and coming back, Jobs being
 * deleted, the other ways of pinning a Job, OnFailure Jobs and what a container is given.
 */
class NodeLifecycleTest extends ApiServerTestBase {

    @Test
    void restartDoesNotRerunFinishedJobsAndPicksUpUnfinishedOnes() throws Exception {
        String n1 = node("n1");
        CountDownLatch inflightStarted = new CountDownLatch(1);
        RecordingExecutor first = new RecordingExecutor(r -> {
            if ("inflight".equals(r.jobName())) {
                inflightStarted.countDown();
                Thread.sleep(60_000); // still running when the runtime stops
            }
            return ContainerResult.succeeded("first runtime");
        });
        start(first, RuntimeOptions.defaults());
        createJob(TestJobs.pinnedByAffinity("done", n1, "agent").build());
        Job done = awaitCondition("done", "Complete", Duration.ofSeconds(20));
        createJob(TestJobs.pinnedByAffinity("inflight", n1, "agent").editSpec().withBackoffLimit(1).endSpec().build());
        assertTrue(inflightStarted.await(20, TimeUnit.SECONDS));
        await().atMost(Duration.ofSeconds(10)).until(() -> "Running".equals(podsOf("inflight").get(0).getStatus().getPhase()));
        String firstInstance = runtime.instanceId();

        runtime.close();
        runtime = null;
        // While no runtime runs, nothing happens: no Pod for a new Job, the running Pod stays Running.
        createJob(TestJobs.pinnedByAffinity("new", n1, "agent").build());
        Thread.sleep(1000);
        assertTrue(podsOf("new").isEmpty());
        assertEquals("Running", podsOf("inflight").get(0).getStatus().getPhase());

        RecordingExecutor second = RecordingExecutor.succeeding("second runtime");
        start(second, RuntimeOptions.defaults());
        assertTrue(!firstInstance.equals(runtime.instanceId()));

        awaitCondition("new", "Complete", Duration.ofSeconds(20));
        Job inflight = awaitCondition("inflight", "Complete", Duration.ofSeconds(20));
        assertEquals(1, inflight.getStatus().getFailed(), "the pod whose container vanished with the old runtime failed");
        assertEquals(1, inflight.getStatus().getSucceeded());
        Pod lost = podsOf("inflight").stream().filter(p -> "Failed".equals(p.getStatus().getPhase())).findFirst().orElseThrow();
        ContainerStateTerminated t = lost.getStatus().getContainerStatuses().get(0).getState().getTerminated();
        assertEquals(137, t.getExitCode());
        assertEquals("ContainerStatusUnknown", t.getReason());
        assertTrue(lost.getStatus().getContainerStatuses().get(0).getContainerID().contains(firstInstance));

        // Finished Jobs are left alone: no new run, status untouched.
        Thread.sleep(500);
        assertEquals(0, second.callsFor("done"));
        assertEquals(1, first.callsFor("done"));
        assertEquals(1, second.callsFor("inflight"), "the replacement pod ran once; the lost pod was never re-run");
        assertEquals(1, second.callsFor("new"));
        assertEquals(done.getStatus(), job("done").getStatus());
        assertEquals(1, podsOf("done").size());
    }

    @Test
    void resultOfAContainerOnANodeThatGoesDownIsReportedWhenTheNodeComesBack() throws Exception {
        String n1 = node("n1");
        CountDownLatch started = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        start(new RecordingExecutor(r -> {
            started.countDown();
            release.await();
            return ContainerResult.succeeded("reconnected while partitioned");
        }), RuntimeOptions.defaults());
        createJob(TestJobs.pinnedByAffinity("partitioned", n1, "agent").build());
        assertTrue(started.await(20, TimeUnit.SECONDS));

        nodes.markUnreachable(n1);
        release.countDown();
        // The kubelet cannot report: the pod stays Running, the Job active.
        await().during(Duration.ofSeconds(1)).atMost(Duration.ofSeconds(3)).until(() ->
                "Running".equals(podsOf("partitioned").get(0).getStatus().getPhase()));
        assertEquals(1, job("partitioned").getStatus().getActive());

        nodes.markReady(n1);
        Job job = awaitCondition("partitioned", "Complete", Duration.ofSeconds(20));
        assertEquals(1, job.getStatus().getSucceeded());
        assertEquals("reconnected while partitioned",
                podsOf("partitioned").get(0).getStatus().getContainerStatuses().get(0).getState().getTerminated().getMessage());
    }

    @Test
    void jobWaitingForANotReadyNodeRunsOnceTheNodeIsReady() {
        String n1 = node("n1");
        nodes.markNotReady(n1);
        RecordingExecutor executor = RecordingExecutor.succeeding("late");
        start(executor, RuntimeOptions.defaults());
        createJob(TestJobs.pinnedByAffinity("waits", n1, "agent").build());
        await().atMost(Duration.ofSeconds(10)).until(() -> podsOf("waits").size() == 1
                && podsOf("waits").get(0).getStatus().getConditions().stream().anyMatch(c -> "Unschedulable".equals(c.getReason())));
        assertEquals(0, executor.calls.size());

        nodes.markReady(n1);
        awaitCondition("waits", "Complete", Duration.ofSeconds(20));
        assertEquals(1, executor.callsFor("waits"));
        assertEquals(n1, podsOf("waits").get(0).getSpec().getNodeName());
    }

    @Test
    void podBoundToANodeThatGoesDownStaysTerminatingAfterTheDeadlineUntilTheNodeReturns() {
        String n1 = node("n1");
        nodes.markUnreachable(n1);
        RecordingExecutor executor = RecordingExecutor.succeeding("never");
        start(executor, RuntimeOptions.defaults());
        // spec.nodeName bypasses the scheduler: the pod is bound at once, to a node whose kubelet is away.
        createJob(TestJobs.base("bound", "agent").editSpec().withActiveDeadlineSeconds(2L).editTemplate().editSpec()
                .withNodeName(n1).endSpec().endTemplate().endSpec().build());

        Job job = awaitCondition("bound", "Failed", Duration.ofSeconds(15));
        assertEquals("DeadlineExceeded", TestJobs.condition(job, "Failed").orElseThrow().getReason());
        Pod terminating = podsOf("bound").get(0);
        assertNotNull(terminating.getMetadata().getDeletionTimestamp(), "deleted by the Job controller");
        assertEquals("Pending", terminating.getStatus().getPhase());
        await().during(Duration.ofSeconds(1)).atMost(Duration.ofSeconds(3)).until(() -> podsOf("bound").size() == 1);

        nodes.markReady(n1);
        await().atMost(Duration.ofSeconds(10)).until(() -> podsOf("bound").isEmpty());
        assertEquals(0, executor.calls.size(), "a pod being deleted is not started");
    }

    @Test
    void deletingANodeKillsItsContainersAndPodGcRemovesItsPods() throws Exception {
        String n1 = node("n1");
        CountDownLatch started = new CountDownLatch(1);
        CountDownLatch interrupted = new CountDownLatch(1);
        start(new RecordingExecutor(r -> {
            started.countDown();
            try {
                Thread.sleep(60_000);
            } catch (InterruptedException e) {
                interrupted.countDown();
                throw e;
            }
            return ContainerResult.succeeded("unreachable");
        }), RuntimeOptions.defaults().withOrphanedPodGcDelay(Duration.ofSeconds(1)));
        createJob(TestJobs.pinnedByAffinity("gone", n1, "agent").editSpec().withActiveDeadlineSeconds(6L).endSpec().build());
        assertTrue(started.await(20, TimeUnit.SECONDS));
        String firstPod = podsOf("gone").get(0).getMetadata().getName();

        nodes.delete(n1);
        assertTrue(interrupted.await(10, TimeUnit.SECONDS), "the container died with its node");
        // Pod GC removes the pod; its replacement cannot be scheduled; the deadline ends the Job.
        await().atMost(Duration.ofSeconds(10)).until(() -> podsOf("gone").stream().noneMatch(p -> p.getMetadata().getName().equals(firstPod)));
        Job job = awaitCondition("gone", "Failed", Duration.ofSeconds(15));
        assertEquals("DeadlineExceeded", TestJobs.condition(job, "Failed").orElseThrow().getReason());
        assertNull(job.getStatus().getSucceeded());
    }

    @Test
    void podsOfADeletedJobAreGarbageCollected() {
        String n1 = node("n1");
        start(RecordingExecutor.succeeding("x"), RuntimeOptions.defaults());
        createJob(TestJobs.pinnedByAffinity("bg", n1, "agent").build());
        createJob(TestJobs.pinnedByAffinity("fg", n1, "agent").build());
        awaitCondition("bg", "Complete", Duration.ofSeconds(20));
        awaitCondition("fg", "Complete", Duration.ofSeconds(20));

        client.batch().v1().jobs().inNamespace(ns).withName("bg").withPropagationPolicy(DeletionPropagation.BACKGROUND).delete();
        client.batch().v1().jobs().inNamespace(ns).withName("fg").withPropagationPolicy(DeletionPropagation.FOREGROUND).delete();
        await().atMost(Duration.ofSeconds(15)).until(() -> podsOf("bg").isEmpty() && podsOf("fg").isEmpty()
                && job("bg") == null && job("fg") == null);
    }

    @Test
    void otherWaysOfPinningAndUnpinnedJobs() {
        String a = node("a");
        String b = node("b");
        String down = node("down");
        nodes.markNotReady(down);
        RecordingExecutor executor = RecordingExecutor.succeeding("ok");
        start(executor, RuntimeOptions.defaults());

        createJob(TestJobs.base("by-selector", "agent").editSpec().editTemplate().editSpec()
                .withNodeSelector(Map.of(SimNodes.HOSTNAME_LABEL, a)).endSpec().endTemplate().endSpec().build());
        createJob(TestJobs.base("by-expression", "agent").editSpec().editTemplate().editSpec()
                .withNewAffinity().withNewNodeAffinity().withNewRequiredDuringSchedulingIgnoredDuringExecution()
                .addNewNodeSelectorTerm().withMatchExpressions(new NodeSelectorRequirementBuilder().withKey(SimNodes.HOSTNAME_LABEL)
                        .withOperator("In").withValues(b).build()).endNodeSelectorTerm()
                .endRequiredDuringSchedulingIgnoredDuringExecution().endNodeAffinity().endAffinity()
                .endSpec().endTemplate().endSpec().build());
        createJob(TestJobs.base("by-node-name", "agent").editSpec().editTemplate().editSpec().withNodeName(b).endSpec().endTemplate().endSpec().build());
        for (int i = 0; i < 5; i++) {
            createJob(TestJobs.base("anywhere-" + i, "agent").build());
        }

        for (String name : List.of("by-selector", "by-expression", "by-node-name", "anywhere-0", "anywhere-1", "anywhere-2", "anywhere-3", "anywhere-4")) {
            awaitCondition(name, "Complete", Duration.ofSeconds(20));
        }
        assertEquals(a, podsOf("by-selector").get(0).getSpec().getNodeName());
        assertEquals(b, podsOf("by-expression").get(0).getSpec().getNodeName());
        assertEquals(b, podsOf("by-node-name").get(0).getSpec().getNodeName());
        Set<String> used = ConcurrentHashMap.newKeySet();
        for (int i = 0; i < 5; i++) {
            String on = podsOf("anywhere-" + i).get(0).getSpec().getNodeName();
            // Any Ready node of the cluster will do (other tests' nodes included), never the NotReady one.
            assertTrue(NodeFit.isReady(nodes.get(on)), "landed on a Ready node, here " + on);
            assertTrue(!on.equals(down), "never on the NotReady node");
            used.add(on);
        }
        assertTrue(used.size() >= 1);
    }

    @Test
    void onFailureJobsRestartTheContainerInPlaceUntilTheBackoffLimit() {
        String n1 = node("n1");
        RecordingExecutor executor = new RecordingExecutor(r -> ContainerResult.failed(2, "still stale"));
        start(executor, RuntimeOptions.defaults());
        createJob(TestJobs.pinnedByAffinity("in-place", n1, "agent").editSpec().withBackoffLimit(2).editTemplate().editSpec()
                .withRestartPolicy("OnFailure").endSpec().endTemplate().endSpec().build());

        Job job = awaitCondition("in-place", "Failed", Duration.ofSeconds(20));
        assertEquals("BackoffLimitExceeded", TestJobs.condition(job, "Failed").orElseThrow().getReason());
        assertTrue(executor.callsFor("in-place") >= 2, "the container was restarted in its pod");
        assertEquals(1, runtime.stats().podsCreated(), "restarts happen inside one pod");
        await().atMost(Duration.ofSeconds(10)).until(() -> podsOf("in-place").isEmpty());
    }

    @Test
    void containerSeesItsEnvironmentWithDownwardApiFieldsAndExpandedArgs() {
        String n1 = node("n1");
        RecordingExecutor executor = RecordingExecutor.succeeding("ok");
        start(executor, RuntimeOptions.defaults());
        createJob(TestJobs.pinnedByAffinity("env", n1, "agent", "reconnect", "--node", "$(NODE_NAME)", "--literal", "$$(NODE_NAME)")
                .editSpec().withActiveDeadlineSeconds(60L).editTemplate().editSpec().editFirstContainer()
                .withCommand("/agent")
                .withEnv(new EnvVarBuilder().withName("NODE_NAME").withNewValueFrom().withNewFieldRef().withFieldPath("spec.nodeName")
                                .endFieldRef().endValueFrom().build(),
                        new EnvVarBuilder().withName("POD").withNewValueFrom().withNewFieldRef().withFieldPath("metadata.name")
                                .endFieldRef().endValueFrom().build(),
                        new EnvVarBuilder().withName("TARGET").withValue("lustre-OST0001").build())
                .endContainer().endSpec().endTemplate().endSpec().build());
        awaitCondition("env", "Complete", Duration.ofSeconds(20));

        RunRequest r = executor.calls.get(0);
        Pod pod = podsOf("env").get(0);
        assertEquals(List.of("/agent"), r.command());
        assertEquals(List.of("reconnect", "--node", n1, "--literal", "$(NODE_NAME)"), List.copyOf(r.args()).subList(1, 6));
        assertEquals(n1, r.env().get("NODE_NAME"));
        assertEquals(pod.getMetadata().getName(), r.env().get("POD"));
        assertEquals("lustre-OST0001", r.env().get("TARGET"));
        assertEquals("agent", r.containerName());
        assertNotNull(r.deadline());
        assertTrue(r.remaining().orElseThrow().toSeconds() > 50);
        ContainerStatus status = pod.getStatus().getContainerStatuses().get(0);
        assertTrue(status.getContainerID().startsWith("sim://" + runtime.instanceId() + "/"));
        assertEquals("lustre-ir-agent:test", status.getImage());
    }
}
