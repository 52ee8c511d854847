package dev.lustre.ir.agent;

import dev.lustre.ir.api.AgentSeal;
import dev.lustre.ir.api.LustreNode;
import dev.lustre.ir.api.LustreNodeStatus;
import io.fabric8.kubernetes.api.model.KubernetesResourceList;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.NonNamespaceOperation;
import io.fabric8.kubernetes.client.dsl.Resource;

import java.time.Instant;

/**
 * Keeps the node's LustreNode equal to its facts, and writes its status only when they change. The
 * agent compares with the object as it last read or wrote it: reading it from the API server at every
 * interval would cost a cluster of 10,000 agents hundreds of requests a second for nothing. It is
 * read again at the start, after a failed write (a conflict means someone else wrote), and at every
 * {@value #RESYNC_EVERY}th check, so that an object deleted or edited by hand is put right within
 * minutes (the kubelet re-reports its node status for the same reason).
 */
final class NodeRegistration {
    static final int RESYNC_EVERY = 10;

    private final NonNamespaceOperation<LustreNode, KubernetesResourceList<LustreNode>, Resource<LustreNode>> nodes;
    private final String namespace;
    private final String node;
    private final PodIdentity pod;
    private LustreNode known;
    private int checksSinceRead;

    /** @param pod the agent's Pod, which seals the status; null outside a Pod */
    NodeRegistration(KubernetesClient client, String namespace, String node, PodIdentity pod) {
        this.nodes = client.resources(LustreNode.class).inNamespace(namespace);
        this.namespace = namespace;
        this.node = node;
        this.pod = pod;
    }

    /** Makes the object hold these facts; true when that took a write of its status. */
    boolean register(NodeFacts facts, Instant now) {
        if (known == null || checksSinceRead >= RESYNC_EVERY) {
            known = readOrCreate();
            checksSinceRead = 0;
        }
        checksSinceRead++;
        if (facts.equals(NodeFacts.of(known.getStatus())) && sealedAsItWouldBe(known.getStatus())) {
            return false;
        }
        LustreNodeStatus status = facts.toStatus(now);
        if (pod != null) {
            status.seal = pod.seal(status);
        }
        known.setStatus(status);
        try {
            // An update, not a patch: it carries the resourceVersion read, so a concurrent write conflicts.
            known = nodes.resource(known).updateStatus();
        } catch (KubernetesClientException e) {
            known = null;
            throw e;
        }
        return true;
    }

    /**
     * Whether the stored status bears this agent's seal (or none, outside a Pod): a new Pod on the node
     * (a restart, a rolling update) seals the same facts again, or the operator would stop mapping the
     * node's UUIDs to it.
     */
    private boolean sealedAsItWouldBe(LustreNodeStatus status) {
        if (pod == null) {
            return status.seal == null;
        }
        return status.seal != null && AgentSeal.podName(status.seal).filter(pod.name()::equals).isPresent()
                && AgentSeal.verifies(status.seal, pod.uid(), status);
    }

    private LustreNode readOrCreate() {
        LustreNode current = nodes.withName(node).get();
        if (current != null) {
            return current;
        }
        LustreNode fresh = new LustreNode();
        fresh.setMetadata(new ObjectMetaBuilder().withName(node).withNamespace(namespace).build());
        // The status subresource ignores a status sent with the create: it is written next, as an update.
        return nodes.resource(fresh).create();
    }
}
