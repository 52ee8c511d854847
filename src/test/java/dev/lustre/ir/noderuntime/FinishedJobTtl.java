package dev.lustre.ir.noderuntime;

import dev.lustre.ir.kube.Times;
import io.fabric8.kubernetes.api.model.DeletionPropagation;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobCondition;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.jboss.logging.Logger;

/**
 * The TTL-after-finished controller: deletes a finished Job {@code ttlSecondsAfterFinished} after
 * the transition time of its Complete/Failed condition. Like the real one it re-reads the Job from
 * the API before deleting (the TTL may have been changed) and deletes in the foreground, so the Job
 * stays visible, marked for deletion, until the garbage collector has removed its Pods.
 *
 * <p>Note: on a 1.20 API server {@code ttlSecondsAfterFinished} only survives if the server runs
 * with {@code --feature-gates=TTLAfterFinished=true} (alpha until 1.21); otherwise the API server
 * drops the field and there is nothing to honour.
 */
final class FinishedJobTtl {
    private static final Logger LOG = Logger.getLogger(FinishedJobTtl.class);

    private final KubernetesClient client;

    FinishedJobTtl(KubernetesClient client) {
        this.client = client;
    }

    void check(Job job, KeyQueue queue, String key) {
        Optional<Instant> expiry = expiry(job);
        if (expiry.isEmpty()) {
            return;
        }
        Instant now = Instant.now();
        if (now.isBefore(expiry.get())) {
            queue.addAfter(key, Duration.between(now, expiry.get()));
            return;
        }
        Job fresh = client.batch().v1().jobs().inNamespace(job.getMetadata().getNamespace())
                .withName(job.getMetadata().getName()).get();
        if (fresh == null || !fresh.getMetadata().getUid().equals(job.getMetadata().getUid())
                || fresh.getMetadata().getDeletionTimestamp() != null) {
            return;
        }
        Optional<Instant> freshExpiry = expiry(fresh);
        if (freshExpiry.isEmpty()) {
            return;
        }
        if (now.isBefore(freshExpiry.get())) {
            queue.addAfter(key, Duration.between(now, freshExpiry.get()));
            return;
        }
        LOG.debugf("TTL of finished job %s expired, deleting it", key);
        client.batch().v1().jobs().inNamespace(fresh.getMetadata().getNamespace()).withName(fresh.getMetadata().getName())
                .withPropagationPolicy(DeletionPropagation.FOREGROUND).delete();
    }

    static Optional<Instant> expiry(Job job) {
        Integer ttl = job.getSpec().getTtlSecondsAfterFinished();
        Optional<JobCondition> finished = JobConditions.finished(job);
        if (ttl == null || finished.isEmpty()) {
            return Optional.empty();
        }
        Instant finishedAt = Times.parse(finished.get().getLastTransitionTime());
        return Optional.of((finishedAt == null ? Instant.now() : finishedAt).plusSeconds(ttl));
    }
}
