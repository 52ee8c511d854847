package dev.lustre.ir.noderuntime;

import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.Pod;
import java.util.List;

/** Small questions about a Pod's lifecycle that several controllers ask. */
final class PodPhases {
    static final String PENDING = "Pending";
    static final String RUNNING = "Running";
    static final String SUCCEEDED = "Succeeded";
    static final String FAILED = "Failed";

    private PodPhases() {
    }

    static String phase(Pod pod) {
        return pod.getStatus() == null || pod.getStatus().getPhase() == null ? PENDING : pod.getStatus().getPhase();
    }

    static boolean isTerminal(Pod pod) {
        String phase = phase(pod);
        return SUCCEEDED.equals(phase) || FAILED.equals(phase);
    }

    static boolean isDeleting(Pod pod) {
        return pod.getMetadata().getDeletionTimestamp() != null;
    }

    /** {@code controller.FilterActivePods}: neither finished nor being deleted. */
    static boolean isActive(Pod pod) {
        return !isTerminal(pod) && !isDeleting(pod);
    }

    static String restartPolicy(Pod pod) {
        String policy = pod.getSpec().getRestartPolicy();
        return policy == null ? "Always" : policy;
    }

    static int restarts(Pod pod) {
        if (pod.getStatus() == null) {
            return 0;
        }
        return sum(pod.getStatus().getInitContainerStatuses()) + sum(pod.getStatus().getContainerStatuses());
    }

    private static int sum(List<ContainerStatus> statuses) {
        if (statuses == null) {
            return 0;
        }
        return statuses.stream().mapToInt(s -> s.getRestartCount() == null ? 0 : s.getRestartCount()).sum();
    }
}
