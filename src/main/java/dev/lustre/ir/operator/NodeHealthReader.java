package dev.lustre.ir.operator;

import dev.lustre.ir.policy.NodeHealth;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.Taint;

/** Reads a client's health from its Node object, as the node lifecycle controller reports it. */
public final class NodeHealthReader {
    /** Set by an administrator once the node is fenced (Kubernetes non-graceful node shutdown). */
    public static final String OUT_OF_SERVICE_TAINT = "node.kubernetes.io/out-of-service";

    private NodeHealthReader() {
    }

    public static NodeHealth health(Node node) {
        if (node == null) {
            return NodeHealth.Missing;
        }
        if (node.getSpec() != null && node.getSpec().getTaints() != null) {
            for (Taint t : node.getSpec().getTaints()) {
                if (OUT_OF_SERVICE_TAINT.equals(t.getKey())) {
                    return NodeHealth.OutOfService;
                }
            }
        }
        if (node.getStatus() == null || node.getStatus().getConditions() == null) {
            return NodeHealth.NotReady;
        }
        return node.getStatus().getConditions().stream()
                .filter(c -> "Ready".equals(c.getType()))
                .findFirst()
                .map(c -> "True".equals(c.getStatus()) ? NodeHealth.Ready : NodeHealth.NotReady)
                .orElse(NodeHealth.NotReady);
    }
}
