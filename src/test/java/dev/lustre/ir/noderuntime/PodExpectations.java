package dev.lustre.ir.noderuntime;

import io.fabric8.kubernetes.api.model.Pod;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The Job controller's "expectations": after creating or deleting Pods for a Job, the controller
 * must not create more until the pod cache shows what it did, or an informer lagging behind the API
 * would make it create the same Pod twice. Satisfaction is read from the cache itself (a created
 * name is present; a deleted UID is gone or terminating), with the real controller's time-out as a
 * floor in case an event was missed.
 */
final class PodExpectations {
    private static final Duration TIMEOUT = Duration.ofMinutes(5);

    private record Pending(Set<String> createdNames, Set<String> deletedUids, Instant since) {
    }

    private final Map<String, Pending> byJob = new ConcurrentHashMap<>();
    private final ClusterCache cache;

    PodExpectations(ClusterCache cache) {
        this.cache = cache;
    }

    void expectCreated(String jobKey, Pod created) {
        pending(jobKey).createdNames.add(created.getMetadata().getName());
    }

    void expectDeleted(String jobKey, Pod deleted) {
        pending(jobKey).deletedUids.add(deleted.getMetadata().getUid());
    }

    /** A pod went away before the cache ever held it: stop waiting for it. */
    void observeDeleted(String jobKey, Pod pod) {
        Pending p = byJob.get(jobKey);
        if (p != null) {
            p.createdNames.remove(pod.getMetadata().getName());
            p.deletedUids.remove(pod.getMetadata().getUid());
        }
    }

    boolean satisfied(String jobKey) {
        Pending p = byJob.get(jobKey);
        if (p == null) {
            return true;
        }
        String namespace = jobKey.contains("/") ? jobKey.substring(0, jobKey.indexOf('/')) : "";
        p.createdNames.removeIf(name -> cache.pod(ClusterCache.key(namespace, name)) != null);
        p.deletedUids.removeIf(uid -> cache.podsOwnedBy(jobUidOf(jobKey)).stream()
                .noneMatch(pod -> uid.equals(pod.getMetadata().getUid()) && pod.getMetadata().getDeletionTimestamp() == null));
        if (p.createdNames.isEmpty() && p.deletedUids.isEmpty()) {
            byJob.remove(jobKey, p);
            return true;
        }
        if (Instant.now().isAfter(p.since.plus(TIMEOUT))) {
            byJob.remove(jobKey, p);
            return true;
        }
        return false;
    }

    void forget(String jobKey) {
        byJob.remove(jobKey);
    }

    private String jobUidOf(String jobKey) {
        var job = cache.job(jobKey);
        return job == null ? "" : job.getMetadata().getUid();
    }

    private Pending pending(String jobKey) {
        return byJob.computeIfAbsent(jobKey, k -> new Pending(ConcurrentHashMap.newKeySet(), ConcurrentHashMap.newKeySet(), Instant.now()));
    }
}
