package dev.lustre.ir.noderuntime;

import dev.lustre.ir.kube.Times;
import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.PodSpecBuilder;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.JobStatus;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.jboss.logging.Logger;

/**
 * The Job controller of Kubernetes 1.20 for non-indexed Jobs, as seen through the API: it creates
 * the Job's Pods from the template, counts them into {@code status.active/succeeded/failed}, sets
 * {@code startTime}, and finishes the Job with {@code Complete} (plus {@code completionTime}) or
 * {@code Failed} with {@code BackoffLimitExceeded} / {@code DeadlineExceeded}, deleting the Pods
 * still active then. Finished Jobs are left to {@link FinishedJobTtl}.
 *
 * <p>Two simplifications, both invisible to a client of the API: the back-off limit is checked as
 * "failed Pods > backoffLimit" (what the controller converged to after 1.20; 1.20 itself counted
 * its queue's requeues, which comes to the same for one Pod at a time), and the back-off before a
 * replacement Pod is {@link RuntimeOptions#podRetryBackoff()} (0 unless configured).
 */
final class JobController {
    private static final Logger LOG = Logger.getLogger(JobController.class);
    private static final int DEFAULT_BACKOFF_LIMIT = 6;
    private static final int CONFLICT_RETRIES = 5;

    private final KubernetesClient client;
    private final ClusterCache cache;
    private final PodExpectations expectations;
    private final FinishedJobTtl ttl;
    private final RuntimeOptions options;
    private final RuntimeStats stats;
    /**
     * UIDs of Jobs this controller has written finished. The cache can still hold an older copy of
     * such a Job, without the condition; with its Pods already deleted, that copy would look like
     * a Job that needs a Pod.
     */
    private final Set<String> finishedHere = ConcurrentHashMap.newKeySet();
    private KeyQueue queue;

    JobController(KubernetesClient client, ClusterCache cache, PodExpectations expectations, FinishedJobTtl ttl,
                  RuntimeOptions options, RuntimeStats stats) {
        this.client = client;
        this.cache = cache;
        this.expectations = expectations;
        this.ttl = ttl;
        this.options = options;
        this.stats = stats;
    }

    void setQueue(KeyQueue queue) {
        this.queue = queue;
    }

    void sync(String key) {
        Job job = cache.job(key);
        if (job == null) {
            expectations.forget(key);
            return;
        }
        if (job.getMetadata().getDeletionTimestamp() != null) {
            // A Job being deleted gets no new Pods; its Pods are the garbage collector's business.
            return;
        }
        if (JobConditions.isFinished(job)) {
            finishedHere.remove(job.getMetadata().getUid());
            ttl.check(job, queue, key);
            return;
        }
        if (finishedHere.contains(job.getMetadata().getUid())) {
            return; // a stale copy; the update with the condition is on its way
        }
        stats.jobSynced(job);
        for (int attempt = 0; attempt < CONFLICT_RETRIES; attempt++) {
            try {
                syncUnfinished(key, job);
                return;
            } catch (KubernetesClientException e) {
                if (e.getCode() == 404) {
                    return;
                }
                if (e.getCode() != 409) {
                    throw e;
                }
                // The status was written from a stale copy: recompute from the API's copy.
                job = client.batch().v1().jobs().inNamespace(job.getMetadata().getNamespace())
                        .withName(job.getMetadata().getName()).get();
                if (job == null || JobConditions.isFinished(job) || job.getMetadata().getDeletionTimestamp() != null) {
                    return;
                }
            }
        }
        queue.addAfter(key, Duration.ofMillis(200));
    }

    private void syncUnfinished(String key, Job job) {
        Instant now = Instant.now();
        List<Pod> pods = cache.podsOwnedBy(job.getMetadata().getUid());
        List<Pod> active = new ArrayList<>(pods.stream().filter(PodPhases::isActive).toList());
        int succeeded = (int) pods.stream().filter(p -> PodPhases.SUCCEEDED.equals(PodPhases.phase(p))).count();
        int failed = (int) pods.stream().filter(p -> PodPhases.FAILED.equals(PodPhases.phase(p))).count();

        Job updated = new JobBuilder(job).build();
        if (updated.getStatus() == null) {
            updated.setStatus(new JobStatus());
        }
        JobStatus status = updated.getStatus();
        if (status.getConditions() == null) {
            status.setConditions(new ArrayList<>());
        }
        boolean startTimeSet = false;
        if (status.getStartTime() == null) {
            status.setStartTime(Times.format(now));
            startTimeSet = true;
        }
        Instant start = Times.parse(status.getStartTime());
        Long deadlineSeconds = job.getSpec().getActiveDeadlineSeconds();
        int backoffLimit = job.getSpec().getBackoffLimit() == null ? DEFAULT_BACKOFF_LIMIT : job.getSpec().getBackoffLimit();
        int conditionsBefore = status.getConditions() == null ? 0 : status.getConditions().size();

        String failureReason = null;
        String failureMessage = null;
        if (failed > backoffLimit || pastBackoffLimitOnFailure(job, active, backoffLimit)) {
            failureReason = JobConditions.BACKOFF_LIMIT_EXCEEDED;
            failureMessage = JobConditions.BACKOFF_LIMIT_MESSAGE;
        } else if (deadlineSeconds != null && !now.isBefore(start.plusSeconds(deadlineSeconds))) {
            failureReason = JobConditions.DEADLINE_EXCEEDED;
            failureMessage = JobConditions.DEADLINE_MESSAGE;
        }

        int activeCount = active.size();
        if (failureReason != null) {
            for (Pod pod : active) {
                deletePod(key, pod);
            }
            // The real controller counts the Pods it had to kill as failed.
            failed += activeCount;
            activeCount = 0;
            status.getConditions().add(JobConditions.newCondition(JobConditions.FAILED, failureReason, failureMessage, now));
            LOG.debugf("job %s failed: %s", key, failureReason);
        } else {
            if (expectations.satisfied(key)) {
                activeCount = manage(key, job, active, succeeded, failed, pods, now);
            }
            Integer completions = job.getSpec().getCompletions();
            boolean complete = completions == null ? succeeded > 0 && activeCount == 0 : succeeded >= completions;
            if (complete) {
                status.getConditions().add(JobConditions.newCondition(JobConditions.COMPLETE, null, null, now));
                status.setCompletionTime(Times.format(now));
            }
        }

        boolean changed = startTimeSet || !Objects.equals(status.getActive(), nullIfZero(activeCount, status.getActive()))
                || !Objects.equals(status.getSucceeded(), nullIfZero(succeeded, status.getSucceeded()))
                || !Objects.equals(status.getFailed(), nullIfZero(failed, status.getFailed()))
                || status.getConditions().size() != conditionsBefore;
        if (changed) {
            status.setActive(nullIfZero(activeCount, status.getActive()));
            status.setSucceeded(nullIfZero(succeeded, status.getSucceeded()));
            status.setFailed(nullIfZero(failed, status.getFailed()));
            client.batch().v1().jobs().inNamespace(job.getMetadata().getNamespace()).resource(updated).updateStatus();
            if (JobConditions.isFinished(updated)) {
                finishedHere.add(job.getMetadata().getUid());
                stats.jobFinished(job, failureReason == null);
            }
        }
        if (failureReason == null && deadlineSeconds != null && !JobConditions.isFinished(updated)) {
            queue.addAfter(key, Duration.between(now, start.plusSeconds(deadlineSeconds)));
        }
    }

    /**
     * The API omits zero counts ({@code omitempty}); keep an explicit 0 if the object already had
     * one so that an unchanged status compares equal.
     */
    private static Integer nullIfZero(int value, Integer current) {
        if (value == 0) {
            return current != null && current == 0 ? 0 : null;
        }
        return value;
    }

    /** {@code pastBackoffLimitOnFailure}: restarts of containers in active Pods count as failures. */
    private static boolean pastBackoffLimitOnFailure(Job job, List<Pod> active, int backoffLimit) {
        if (!"OnFailure".equals(job.getSpec().getTemplate().getSpec().getRestartPolicy())) {
            return false;
        }
        int restarts = active.stream().mapToInt(PodPhases::restarts).sum();
        return backoffLimit == 0 ? restarts > 0 : restarts >= backoffLimit;
    }

    /** {@code manageJob}: brings the number of active Pods to what parallelism and completions want. */
    private int manage(String key, Job job, List<Pod> active, int succeeded, int failed, List<Pod> pods, Instant now) {
        int parallelism = job.getSpec().getParallelism() == null ? 1 : job.getSpec().getParallelism();
        int activeCount = active.size();
        if (activeCount > parallelism) {
            // Delete the ones least far along first: unbound, then pending, then running.
            active.sort(Comparator.comparingInt(JobController::progress));
            for (Pod pod : active.subList(0, activeCount - parallelism)) {
                deletePod(key, pod);
            }
            return parallelism;
        }
        Integer completions = job.getSpec().getCompletions();
        int wantActive;
        if (completions == null) {
            wantActive = succeeded > 0 ? activeCount : parallelism;
        } else {
            wantActive = Math.min(completions - succeeded, parallelism);
        }
        int toCreate = Math.max(0, wantActive - activeCount);
        if (toCreate == 0) {
            return activeCount;
        }
        if (failed > 0) {
            Instant notBefore = lastFailure(pods).orElse(now).plus(options.retryBackoffAfter(failed));
            if (now.isBefore(notBefore)) {
                queue.addAfter(key, Duration.between(now, notBefore));
                return activeCount;
            }
        }
        for (int i = 0; i < toCreate; i++) {
            Pod created = client.pods().inNamespace(job.getMetadata().getNamespace()).resource(podFor(job)).create();
            expectations.expectCreated(key, created);
            stats.podCreated();
            activeCount++;
        }
        return activeCount;
    }

    private static int progress(Pod pod) {
        if (ClusterCache.UNBOUND.equals(ClusterCache.nodeNameOf(pod))) {
            return 0;
        }
        return PodPhases.PENDING.equals(PodPhases.phase(pod)) ? 1 : 2;
    }

    private static Optional<Instant> lastFailure(List<Pod> pods) {
        return pods.stream().filter(p -> PodPhases.FAILED.equals(PodPhases.phase(p)))
                .map(JobController::finishedAt).filter(Objects::nonNull).max(Comparator.naturalOrder());
    }

    private static Instant finishedAt(Pod pod) {
        if (pod.getStatus() == null || pod.getStatus().getContainerStatuses() == null) {
            return null;
        }
        Instant latest = null;
        for (ContainerStatus s : pod.getStatus().getContainerStatuses()) {
            if (s.getState() != null && s.getState().getTerminated() != null) {
                Instant t = Times.parse(s.getState().getTerminated().getFinishedAt());
                if (t != null && (latest == null || t.isAfter(latest))) {
                    latest = t;
                }
            }
        }
        return latest;
    }

    private void deletePod(String key, Pod pod) {
        expectations.expectDeleted(key, pod);
        try {
            client.pods().inNamespace(pod.getMetadata().getNamespace()).withName(pod.getMetadata().getName()).delete();
        } catch (KubernetesClientException e) {
            if (e.getCode() != 404) {
                throw e;
            }
        }
    }

    /**
     * {@code GetPodFromTemplate}: the template's labels, annotations, finalizers and spec, a
     * generated name {@code <job>-<5 random chars>} (the API server draws the suffix, as for the
     * real controller) and the Job as controlling owner. No node: binding is the scheduler's job.
     */
    static Pod podFor(Job job) {
        PodTemplateSpec template = job.getSpec().getTemplate();
        var meta = template.getMetadata();
        return new PodBuilder()
                .withNewMetadata()
                .withGenerateName(job.getMetadata().getName() + "-")
                .withNamespace(job.getMetadata().getNamespace())
                .withLabels(meta == null ? null : meta.getLabels())
                .withAnnotations(meta == null ? null : meta.getAnnotations())
                .withFinalizers(meta == null ? null : meta.getFinalizers())
                .withOwnerReferences(new OwnerReferenceBuilder().withApiVersion("batch/v1").withKind("Job")
                        .withName(job.getMetadata().getName()).withUid(job.getMetadata().getUid())
                        .withController(true).withBlockOwnerDeletion(true).build())
                .endMetadata()
                .withSpec(new PodSpecBuilder(template.getSpec()).build())
                .build();
    }
}
