package dev.lustre.ir.noderuntime;

import dev.lustre.ir.kube.Times;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerState;
import io.fabric8.kubernetes.api.model.ContainerStateBuilder;
import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.ContainerStatusBuilder;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeAddress;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.PodCondition;
import io.fabric8.kubernetes.api.model.PodConditionBuilder;
import io.fabric8.kubernetes.api.model.PodIPBuilder;
import io.fabric8.kubernetes.api.model.PodStatus;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The Pod statuses kubelet 1.20 writes: Running with running containers, Succeeded/Failed with
 * terminated containers ({@code Completed}/{@code Error}, exit code, termination message cut to
 * 4096 bytes, {@code startedAt}/{@code finishedAt}), and for {@code restartPolicy: OnFailure} a
 * restarted container ({@code restartCount}+1, the failed run in {@code lastState}). Everything the
 * API server or scheduler put in the status (qosClass, the PodScheduled condition) is kept.
 */
final class KubeletStatus {
    private KubeletStatus() {
    }

    static Pod running(Pod pod, Node node, Map<String, String> containerIds, Instant now) {
        Pod out = new PodBuilder(pod).build();
        PodStatus status = statusOf(out);
        status.setPhase(PodPhases.RUNNING);
        setAddresses(status, pod, node);
        if (status.getStartTime() == null) {
            status.setStartTime(Times.format(now));
        }
        List<ContainerStatus> statuses = new ArrayList<>();
        for (Container c : pod.getSpec().getContainers()) {
            ContainerStatus previous = find(status.getContainerStatuses(), c.getName());
            statuses.add(base(c, containerIds.get(c.getName()), previous)
                    .withReady(true).withStarted(true)
                    .withState(new ContainerStateBuilder().withNewRunning().withStartedAt(Times.format(now)).endRunning().build())
                    .build());
        }
        status.setContainerStatuses(statuses);
        setCondition(status, "Initialized", "True", null, null, now);
        setCondition(status, "Ready", "True", null, null, now);
        setCondition(status, "ContainersReady", "True", null, null, now);
        setCondition(status, "PodScheduled", "True", null, null, now);
        return out;
    }

    /**
     * restartPolicy OnFailure, after the back-off: the restarted containers run again under new
     * container IDs, keeping their restart count and last state.
     */
    static Pod resumed(Pod pod, Map<String, String> containerIds, Instant now) {
        Pod out = new PodBuilder(pod).build();
        PodStatus status = statusOf(out);
        List<ContainerStatus> statuses = new ArrayList<>();
        boolean allReady = true;
        for (Container c : pod.getSpec().getContainers()) {
            ContainerStatus previous = find(status.getContainerStatuses(), c.getName());
            if (!containerIds.containsKey(c.getName())) {
                ContainerStatus kept = previous != null ? previous : base(c, null, null).build();
                allReady &= Boolean.TRUE.equals(kept.getReady());
                statuses.add(kept);
                continue;
            }
            statuses.add(base(c, containerIds.get(c.getName()), previous).withReady(true).withStarted(true)
                    .withState(new ContainerStateBuilder().withNewRunning().withStartedAt(Times.format(now)).endRunning().build())
                    .build());
        }
        status.setContainerStatuses(statuses);
        if (allReady) {
            setCondition(status, "Ready", "True", null, null, now);
            setCondition(status, "ContainersReady", "True", null, null, now);
        }
        return out;
    }

    /** The final status of a pod whose containers have all run (restartPolicy Never, or success). */
    static Pod terminated(Pod pod, List<ContainerRun> initRuns, List<ContainerRun> runs, Instant now) {
        Pod out = new PodBuilder(pod).build();
        PodStatus status = statusOf(out);
        boolean initOk = initRuns.stream().allMatch(r -> r.result().isSuccess());
        boolean allOk = initOk && runs.stream().allMatch(r -> r.result().isSuccess()) && runs.size() == pod.getSpec().getContainers().size();
        status.setPhase(allOk ? PodPhases.SUCCEEDED : PodPhases.FAILED);
        if (status.getStartTime() == null) {
            status.setStartTime(Times.format(now));
        }
        if (!initRuns.isEmpty()) {
            status.setInitContainerStatuses(terminatedStatuses(pod.getSpec().getInitContainers(), initRuns, status.getInitContainerStatuses()));
        }
        status.setContainerStatuses(terminatedStatuses(pod.getSpec().getContainers(), runs, status.getContainerStatuses()));
        // GeneratePod*Condition: every condition of a finished pod carries reason PodCompleted.
        setCondition(status, "Initialized", initOk ? "True" : "False", initOk ? "PodCompleted" : "ContainersNotInitialized",
                initOk ? null : "containers with incomplete status: " + failedNames(initRuns), now);
        setCondition(status, "Ready", "False", "PodCompleted", null, now);
        setCondition(status, "ContainersReady", "False", "PodCompleted", null, now);
        setCondition(status, "PodScheduled", "True", null, null, now);
        return out;
    }

    /**
     * restartPolicy OnFailure: the failed containers are restarted in place. They show the failed
     * run in {@code lastState} and wait in CrashLoopBackOff until the next start.
     */
    static Pod restarting(Pod pod, List<ContainerRun> failedRuns, String backoffText, Instant now) {
        Pod out = new PodBuilder(pod).build();
        PodStatus status = statusOf(out);
        status.setPhase(PodPhases.RUNNING);
        List<ContainerStatus> statuses = new ArrayList<>();
        for (Container c : pod.getSpec().getContainers()) {
            ContainerStatus previous = find(status.getContainerStatuses(), c.getName());
            ContainerRun failed = failedRuns.stream().filter(r -> r.containerName().equals(c.getName())).findFirst().orElse(null);
            if (failed == null) {
                statuses.add(previous != null ? previous : base(c, null, null).build());
                continue;
            }
            int restarts = previous == null || previous.getRestartCount() == null ? 0 : previous.getRestartCount();
            statuses.add(base(c, failed.containerId(), previous)
                    .withReady(false).withStarted(false).withRestartCount(restarts + 1)
                    .withLastState(terminatedState(failed))
                    .withState(new ContainerStateBuilder().withNewWaiting().withReason("CrashLoopBackOff")
                            .withMessage(backoffText + " restarting failed container=" + c.getName() + " pod=" + pod.getMetadata().getName()
                                    + "_" + pod.getMetadata().getNamespace() + "(" + pod.getMetadata().getUid() + ")")
                            .endWaiting().build())
                    .build());
        }
        status.setContainerStatuses(statuses);
        String unready = "containers with unready status: " + failedNames(failedRuns);
        setCondition(status, "Ready", "False", "ContainersNotReady", unready, now);
        setCondition(status, "ContainersReady", "False", "ContainersNotReady", unready, now);
        return out;
    }

    private static List<ContainerStatus> terminatedStatuses(List<Container> containers, List<ContainerRun> runs,
                                                            List<ContainerStatus> previousStatuses) {
        List<ContainerStatus> statuses = new ArrayList<>();
        for (Container c : containers) {
            ContainerStatus previous = find(previousStatuses, c.getName());
            ContainerRun run = runs.stream().filter(r -> r.containerName().equals(c.getName())).findFirst().orElse(null);
            ContainerStatusBuilder b = base(c, run == null ? null : run.containerId(), previous).withReady(false).withStarted(false);
            if (run == null) {
                // Never started: an init container failed before it.
                b.withState(new ContainerStateBuilder().withNewWaiting().withReason("PodInitializing").endWaiting().build());
            } else {
                b.withState(terminatedState(run));
            }
            statuses.add(b.build());
        }
        return statuses;
    }

    private static ContainerState terminatedState(ContainerRun run) {
        String message = TerminationMessage.truncate(run.result().terminationMessage());
        return new ContainerStateBuilder().withNewTerminated()
                .withExitCode(run.result().exitCode())
                .withReason(run.reason())
                .withMessage(message.isEmpty() ? null : message)
                .withStartedAt(Times.format(run.startedAt()))
                .withFinishedAt(Times.format(run.finishedAt()))
                .withContainerID(run.containerId())
                .endTerminated().build();
    }

    private static ContainerStatusBuilder base(Container c, String containerId, ContainerStatus previous) {
        String image = c.getImage() == null ? "" : c.getImage();
        ContainerStatusBuilder b = new ContainerStatusBuilder()
                .withName(c.getName())
                .withImage(image)
                .withImageID(image.isEmpty() ? "" : "docker-pullable://" + image.replaceFirst(":[^:/]*$", "") + "@sha256:" + sha256(image))
                .withContainerID(containerId != null ? containerId : previous == null ? null : previous.getContainerID())
                .withRestartCount(previous == null || previous.getRestartCount() == null ? 0 : previous.getRestartCount());
        if (previous != null && previous.getLastState() != null) {
            b.withLastState(previous.getLastState());
        }
        return b;
    }

    private static PodStatus statusOf(Pod pod) {
        if (pod.getStatus() == null) {
            pod.setStatus(new PodStatus());
        }
        if (pod.getStatus().getConditions() == null) {
            pod.getStatus().setConditions(new ArrayList<>());
        }
        return pod.getStatus();
    }

    private static void setAddresses(PodStatus status, Pod pod, Node node) {
        String hostIp = nodeIp(node);
        status.setHostIP(hostIp);
        String podIp = Boolean.TRUE.equals(pod.getSpec().getHostNetwork()) ? hostIp : podIp(pod.getMetadata().getUid());
        status.setPodIP(podIp);
        status.setPodIPs(List.of(new PodIPBuilder().withIp(podIp).build()));
    }

    static String nodeIp(Node node) {
        if (node != null && node.getStatus() != null && node.getStatus().getAddresses() != null) {
            for (NodeAddress a : node.getStatus().getAddresses()) {
                if ("InternalIP".equals(a.getType())) {
                    return a.getAddress();
                }
            }
        }
        return "10.0.0.1";
    }

    /** A stable address in 10.244.0.0/16 (the usual pod CIDR) derived from the pod UID. */
    static String podIp(String uid) {
        int h = Objects.hashCode(uid) & 0xffff;
        return "10.244." + (h >> 8) + "." + Math.max(2, h & 0xff);
    }

    /** Changes a condition; its lastTransitionTime moves only when its status does. */
    private static void setCondition(PodStatus status, String type, String value, String reason, String message, Instant now) {
        PodCondition existing = status.getConditions().stream().filter(c -> type.equals(c.getType())).findFirst().orElse(null);
        String transition = existing != null && value.equals(existing.getStatus()) && existing.getLastTransitionTime() != null
                ? existing.getLastTransitionTime() : Times.format(now);
        PodCondition condition = new PodConditionBuilder().withType(type).withStatus(value).withReason(reason)
                .withMessage(message).withLastTransitionTime(transition).build();
        if (existing != null) {
            status.getConditions().set(status.getConditions().indexOf(existing), condition);
        } else {
            status.getConditions().add(condition);
        }
    }

    private static ContainerStatus find(List<ContainerStatus> statuses, String name) {
        if (statuses == null) {
            return null;
        }
        return statuses.stream().filter(s -> name.equals(s.getName())).findFirst().orElse(null);
    }

    /** The failed containers in kubelet's "[a b]" notation. */
    private static String failedNames(List<ContainerRun> runs) {
        return "[" + String.join(" ", runs.stream().filter(r -> !r.result().isSuccess()).map(ContainerRun::containerName).toList()) + "]";
    }

    private static String sha256(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
