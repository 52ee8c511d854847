package dev.lustre.ir.operator;

import io.fabric8.kubernetes.api.model.ContainerStateTerminated;
import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobCondition;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;

/** A Job with its Pods, read the way the Job controller and kubelet report them. */
public record JobView(Job job, List<Pod> pods) {

    public boolean complete() {
        return hasCondition("Complete");
    }

    public boolean failed() {
        return hasCondition("Failed");
    }

    public boolean finished() {
        return complete() || failed();
    }

    public int attempts() {
        var s = job.getStatus();
        if (s == null) {
            return 0;
        }
        return zeroIfNull(s.getSucceeded()) + zeroIfNull(s.getFailed()) + zeroIfNull(s.getActive());
    }

    /** When the Job was created, or the epoch when the cache has no timestamp yet. */
    public Instant createdAt() {
        String ts = job.getMetadata().getCreationTimestamp();
        return ts == null ? Instant.EPOCH : Instant.parse(ts);
    }

    /** When the Job completed, or null unless it did. */
    public Instant completedAt() {
        return job.getStatus() == null || job.getStatus().getCompletionTime() == null ? null
                : Instant.parse(job.getStatus().getCompletionTime());
    }

    /** When the Job completed or failed, or null while it runs. */
    public Instant finishedAt() {
        Instant completed = completedAt();
        if (completed != null) {
            return completed;
        }
        JobCondition failed = condition("Failed");
        return failed == null || failed.getLastTransitionTime() == null ? null : Instant.parse(failed.getLastTransitionTime());
    }

    /** Why the Job failed as Kubernetes says it (BackoffLimitExceeded, DeadlineExceeded), or null. */
    public String failureReason() {
        return condition("Failed") == null ? null : condition("Failed").getReason();
    }

    /**
     * The agent's report: the termination message of the successful Pod, else of the Pod that
     * finished last.
     */
    public String terminationMessage() {
        return pods.stream()
                .map(JobView::terminated)
                .filter(Objects::nonNull)
                .filter(t -> t.getMessage() != null && !t.getMessage().isBlank())
                .max(Comparator.comparing((ContainerStateTerminated t) -> t.getExitCode() != null && t.getExitCode() == 0)
                        .thenComparing(t -> t.getFinishedAt() == null ? "" : t.getFinishedAt()))
                .map(ContainerStateTerminated::getMessage)
                .orElse(null);
    }

    /**
     * Finished, but its report has not reached this cache yet: the Job's and the Pods' updates come
     * through different watches, in any order. A completed Job always has a report on its way; a
     * failed one has one while a Pod of it is still seen running.
     */
    public boolean reportPending() {
        if (!finished() || terminationMessage() != null) {
            return false;
        }
        return complete() || pods.stream().anyMatch(p -> p.getStatus() == null
                || !("Succeeded".equals(p.getStatus().getPhase()) || "Failed".equals(p.getStatus().getPhase())));
    }

    private static ContainerStateTerminated terminated(Pod pod) {
        if (pod.getStatus() == null || pod.getStatus().getContainerStatuses() == null) {
            return null;
        }
        return pod.getStatus().getContainerStatuses().stream()
                .map(ContainerStatus::getState)
                .filter(s -> s != null && s.getTerminated() != null)
                .map(s -> s.getTerminated())
                .findFirst().orElse(null);
    }

    private boolean hasCondition(String type) {
        JobCondition c = condition(type);
        return c != null && "True".equals(c.getStatus());
    }

    private JobCondition condition(String type) {
        if (job.getStatus() == null || job.getStatus().getConditions() == null) {
            return null;
        }
        return job.getStatus().getConditions().stream().filter(c -> type.equals(c.getType())).findFirst().orElse(null);
    }

    private static int zeroIfNull(Integer i) {
        return i == null ? 0 : i;
    }
}
