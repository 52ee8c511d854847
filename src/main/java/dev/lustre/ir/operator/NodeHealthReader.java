package dev.lustre.ir.operator;

import dev.lustre.ir.kube.Times;
import dev.lustre.ir.policy.NodeHealth;
import dev.lustre.ir.policy.ObservedNodeHealth;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeCondition;
import io.fabric8.kubernetes.api.model.Taint;
import java.time.Instant;
import java.time.format.DateTimeParseException;

/** Reads a client's health from its Node object, as the node lifecycle controller reports it. */
public final class NodeHealthReader {
    /** Set by an administrator once the node is fenced (Kubernetes non-graceful node shutdown). */
    public static final String OUT_OF_SERVICE_TAINT = "node.kubernetes.io/out-of-service";

    private NodeHealthReader() {
    }

    public static NodeHealth health(Node node) {
        return observe(node).health();
    }

    /**
     * The health and since when it has held: an early eviction of a NotReady node waits for the
     * policy's grace, counted from the Ready condition's last transition.
     */
    public static ObservedNodeHealth observe(Node node) {
        if (node == null) {
            return ObservedNodeHealth.MISSING;
        }
        if (node.getSpec() != null && node.getSpec().getTaints() != null) {
            for (Taint t : node.getSpec().getTaints()) {
                if (OUT_OF_SERVICE_TAINT.equals(t.getKey())) {
                    return new ObservedNodeHealth(NodeHealth.OutOfService, time(t.getTimeAdded()));
                }
            }
        }
        if (node.getStatus() == null || node.getStatus().getConditions() == null) {
            return new ObservedNodeHealth(NodeHealth.NotReady, null);
        }
        return node.getStatus().getConditions().stream()
                .filter(c -> "Ready".equals(c.getType()))
                .findFirst()
                .map(NodeHealthReader::fromReady)
                .orElse(new ObservedNodeHealth(NodeHealth.NotReady, null));
    }

    /** Ready False or Unknown (the node controller's "kubelet stopped posting") is NotReady. */
    private static ObservedNodeHealth fromReady(NodeCondition ready) {
        NodeHealth h = "True".equals(ready.getStatus()) ? NodeHealth.Ready : NodeHealth.NotReady;
        return new ObservedNodeHealth(h, time(ready.getLastTransitionTime()));
    }

    /** A time the Node gives, or null: an unreadable time must not stop the round, only the grace. */
    private static Instant time(String t) {
        try {
            return Times.parse(t);
        } catch (DateTimeParseException e) {
            return null;
        }
    }
}
