package dev.lustre.ir.noderuntime;

import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import org.jboss.logging.Logger;

/**
 * The parts of kube-controller-manager's garbage collector and pod GC that Jobs run into:
 * <ul>
 * <li>Pods whose owning Job is gone are deleted (background deletion of the Job, or a Job deleted
 *     while the runtime was down);</li>
 * <li>a Job deleted in the foreground ({@code foregroundDeletion} finalizer, what the TTL controller
 *     uses) has its Pods deleted, and the finalizer removed once none is left;</li>
 * <li>a Job deleted with {@code orphan} propagation has its Pods' owner references removed;</li>
 * <li>a Pod bound to a Node that no longer exists is force-deleted after
 *     {@link RuntimeOptions#orphanedPodGcDelay()} (pod GC's {@code gcOrphaned}).</li>
 * </ul>
 */
final class GarbageCollector {
    private static final Logger LOG = Logger.getLogger(GarbageCollector.class);
    static final String FOREGROUND = "foregroundDeletion";
    static final String ORPHAN = "orphan";

    private final KubernetesClient client;
    private final ClusterCache cache;
    private final RuntimeOptions options;
    /** When a pod was first seen bound to a missing node: the start of its quarantine. */
    private final Map<String, Instant> missingNodeSince = new ConcurrentHashMap<>();

    GarbageCollector(KubernetesClient client, ClusterCache cache, RuntimeOptions options) {
        this.client = client;
        this.cache = cache;
        this.options = options;
    }

    void finishJobDeletion(Job job, KeyQueue jobQueue, String key) {
        List<String> finalizers = job.getMetadata().getFinalizers() == null ? List.of() : job.getMetadata().getFinalizers();
        String uid = job.getMetadata().getUid();
        if (finalizers.contains(ORPHAN)) {
            for (Pod pod : ownedPodsFromApi(job)) {
                dropOwnerReference(pod, uid);
            }
            removeFinalizer(job, ORPHAN);
            return;
        }
        if (!finalizers.contains(FOREGROUND)) {
            return;
        }
        List<Pod> cached = cache.podsOwnedBy(uid);
        for (Pod pod : cached) {
            if (!PodPhases.isDeleting(pod)) {
                deleteQuietly(pod, false);
            }
        }
        // Pods still terminating (e.g. on a NotReady node) block the owner, as with the real GC.
        if (cached.isEmpty() && ownedPodsFromApi(job).isEmpty()) {
            removeFinalizer(job, FOREGROUND);
        }
    }

    /** Deletes a pod whose controlling Job no longer exists; true if the pod is being taken away. */
    boolean collectIfOwnerGone(Pod pod) {
        Optional<OwnerReference> owner = ClusterCache.controllerOf(pod);
        if (owner.isEmpty() || PodPhases.isDeleting(pod) || cache.hasJobWithUid(owner.get().getUid())) {
            return false;
        }
        // The cache may just lag behind a new Job: ask the API before deleting anything.
        Job job = client.batch().v1().jobs().inNamespace(pod.getMetadata().getNamespace()).withName(owner.get().getName()).get();
        if (job != null && job.getMetadata().getUid().equals(owner.get().getUid())) {
            return false;
        }
        LOG.debugf("pod %s/%s: owner job %s is gone, deleting", pod.getMetadata().getNamespace(), pod.getMetadata().getName(),
                owner.get().getName());
        deleteQuietly(pod, false);
        return true;
    }

    /**
     * A pod bound to a node that does not exist: force-delete it once the quarantine has passed
     * and the API confirms the node is gone. Returns the time left to wait, if any.
     */
    Optional<Duration> collectIfNodeGone(Pod pod) {
        String uid = pod.getMetadata().getUid();
        Instant since = missingNodeSince.computeIfAbsent(uid, u -> Instant.now());
        Duration left = Duration.between(Instant.now(), since.plus(options.orphanedPodGcDelay()));
        if (!left.isNegative() && !left.isZero()) {
            return Optional.of(left);
        }
        if (client.nodes().withName(ClusterCache.nodeNameOf(pod)).get() != null) {
            missingNodeSince.remove(uid);
            return Optional.empty();
        }
        LOG.debugf("pod %s/%s is bound to missing node %s, force-deleting", pod.getMetadata().getNamespace(),
                pod.getMetadata().getName(), ClusterCache.nodeNameOf(pod));
        deleteQuietly(pod, true);
        missingNodeSince.remove(uid);
        return Optional.empty();
    }

    void forgetPod(Pod pod) {
        missingNodeSince.remove(pod.getMetadata().getUid());
    }

    private List<Pod> ownedPodsFromApi(Job job) {
        String uid = job.getMetadata().getUid();
        List<Pod> owned = new ArrayList<>();
        for (Pod pod : client.pods().inNamespace(job.getMetadata().getNamespace()).withLabel("controller-uid", uid).list().getItems()) {
            if (ClusterCache.controllerOf(pod).map(o -> uid.equals(o.getUid())).orElse(false)) {
                owned.add(pod);
            }
        }
        return owned;
    }

    private void dropOwnerReference(Pod pod, String ownerUid) {
        retryOnConflict(() -> {
            Pod fresh = client.pods().inNamespace(pod.getMetadata().getNamespace()).withName(pod.getMetadata().getName()).get();
            if (fresh == null || fresh.getMetadata().getOwnerReferences() == null) {
                return;
            }
            if (fresh.getMetadata().getOwnerReferences().removeIf(o -> ownerUid.equals(o.getUid()))) {
                client.pods().inNamespace(fresh.getMetadata().getNamespace()).resource(fresh).update();
            }
        });
    }

    private void removeFinalizer(Job job, String finalizer) {
        retryOnConflict(() -> {
            Job fresh = client.batch().v1().jobs().inNamespace(job.getMetadata().getNamespace()).withName(job.getMetadata().getName()).get();
            if (fresh == null || !fresh.getMetadata().getUid().equals(job.getMetadata().getUid())
                    || fresh.getMetadata().getFinalizers() == null) {
                return;
            }
            if (fresh.getMetadata().getFinalizers().remove(finalizer)) {
                client.batch().v1().jobs().inNamespace(fresh.getMetadata().getNamespace()).resource(fresh).update();
            }
        });
    }

    private void deleteQuietly(Pod pod, boolean force) {
        try {
            var resource = client.pods().inNamespace(pod.getMetadata().getNamespace()).withName(pod.getMetadata().getName());
            if (force) {
                resource.withGracePeriod(0).delete();
            } else {
                resource.delete();
            }
        } catch (KubernetesClientException e) {
            if (e.getCode() != 404) {
                throw e;
            }
        }
    }

    static void retryOnConflict(Runnable action) {
        for (int attempt = 1; ; attempt++) {
            try {
                action.run();
                return;
            } catch (KubernetesClientException e) {
                if (e.getCode() != 409 || attempt >= 10) {
                    throw e;
                }
            }
        }
    }

    /** Runs {@code action} with each pod whose owner Job was deleted, when a Job delete event arrives. */
    void onJobDeleted(Job job, Consumer<Pod> action) {
        cache.podsOwnedBy(job.getMetadata().getUid()).forEach(action);
    }
}
