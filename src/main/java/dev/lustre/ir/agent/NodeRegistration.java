package dev.lustre.ir.agent;

import dev.lustre.ir.api.LustreNode;
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
    private LustreNode known;
    private int checksSinceRead;

    NodeRegistration(KubernetesClient client, String namespace, String node) {
        this.nodes = client.resources(LustreNode.class).inNamespace(namespace);
        this.namespace = namespace;
        this.node = node;
    }

    /** Makes the object hold these facts; true when that took a write of its status. */
    boolean register(NodeFacts facts, Instant now) {
        if (known == null || checksSinceRead >= RESYNC_EVERY) {
            known = readOrCreate();
            checksSinceRead = 0;
        }
        checksSinceRead++;
        if (facts.equals(NodeFacts.of(known.getStatus()))) {
            return false;
        }
        known.setStatus(facts.toStatus(now));
        try {
            // An update, not a patch: it carries the resourceVersion read, so a concurrent write conflicts.
            known = nodes.resource(known).updateStatus();
        } catch (KubernetesClientException e) {
            known = null;
            throw e;
        }
        return true;
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
