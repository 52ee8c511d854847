package dev.lustre.ir.noderuntime;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.jboss.logging.Logger;

/**
 * The part of kube-controller-manager's pod GC (pkg/controller/podgc) that Jobs run into,
 * {@code gcOrphaned}: a Pod bound to a Node that no longer exists is force-deleted after
 * {@link RuntimeOptions#orphanedPodGcDelay()}. Pods whose owner is gone are the business of the
 * {@link GarbageCollector}.
 */
final class PodGarbageCollector {
    private static final Logger LOG = Logger.getLogger(PodGarbageCollector.class);

    private final KubernetesClient client;
    private final RuntimeOptions options;
    /** When a pod was first seen bound to a missing node: the start of its quarantine. */
    private final Map<String, Instant> missingNodeSince = new ConcurrentHashMap<>();

    PodGarbageCollector(KubernetesClient client, RuntimeOptions options) {
        this.client = client;
        this.options = options;
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
        try {
            client.pods().inNamespace(pod.getMetadata().getNamespace()).withName(pod.getMetadata().getName()).withGracePeriod(0).delete();
        } catch (KubernetesClientException e) {
            if (e.getCode() != 404) {
                throw e;
            }
        }
        missingNodeSince.remove(uid);
        return Optional.empty();
    }

    void forgetPod(Pod pod) {
        missingNodeSince.remove(pod.getMetadata().getUid());
    }
}
