package dev.lustre.ir.operator;

import dev.lustre.ir.api.AgentSeal;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Pod;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BiFunction;

/**
 * Whether what an agent wrote in a node's name comes from that node's agent: sealed ({@link AgentSeal})
 * by a resident agent Pod that runs on that node. The API server here cannot tell who wrote an object
 * and every agent shares one service account, so without this any agent could answer for any node.
 *
 * <p>An object found sealed is remembered by UID and resourceVersion: checking costs a serialization
 * and an HMAC, and a result checked while its Pod ran stays its node's when the Pod is replaced later
 * in the round (a rolling update of the DaemonSet). An object that fails is checked again next time:
 * its Pod may just not be in the cache yet.
 */
final class AgentPods {
    private final BiFunction<String, String, Pod> pods;
    private final Set<String> sealed = ConcurrentHashMap.newKeySet();

    /** @param pods (namespace, Pod name) → one of the agents' Pods, or null */
    AgentPods(BiFunction<String, String, Pod> pods) {
        this.pods = pods;
    }

    /**
     * @param object  the object written (its namespace, UID and resourceVersion)
     * @param node    the node it speaks for
     * @param seal    its seal
     * @param content what the seal covers
     */
    boolean fromNode(HasMetadata object, String node, String seal, Object content) {
        String key = object.getMetadata().getUid() + "/" + object.getMetadata().getResourceVersion();
        if (sealed.contains(key)) {
            return true;
        }
        Optional<String> podName = AgentSeal.podName(seal);
        if (podName.isEmpty()) {
            return false;
        }
        Pod pod = pods.apply(object.getMetadata().getNamespace(), podName.get());
        if (pod == null || pod.getSpec() == null || !node.equals(pod.getSpec().getNodeName())
                || !AgentSeal.verifies(seal, pod.getMetadata().getUid(), content)) {
            return false;
        }
        sealed.add(key);
        return true;
    }

    /** Forgets the objects no longer there (by UID). */
    void retain(Set<String> uids) {
        sealed.removeIf(k -> !uids.contains(k.substring(0, k.indexOf('/'))));
    }
}
