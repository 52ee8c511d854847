package dev.lustre.ir.noderuntime;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.Taint;
import java.util.List;
import java.util.Map;

/**
 * The parts of a Node the scheduler looks at. A heartbeat changes the Node but not these, and must
 * not send every unschedulable Pod through the scheduler again.
 */
record NodeFingerprint(Map<String, String> labels, Boolean unschedulable, List<Taint> taints, boolean ready) {

    static NodeFingerprint of(Node node) {
        return new NodeFingerprint(node.getMetadata().getLabels(),
                node.getSpec() == null ? null : node.getSpec().getUnschedulable(),
                node.getSpec() == null ? null : node.getSpec().getTaints(),
                NodeFit.isReady(node));
    }
}
