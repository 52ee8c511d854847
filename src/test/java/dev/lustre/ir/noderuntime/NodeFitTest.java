package dev.lustre.ir.noderuntime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.api.model.NodeSelectorRequirementBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.Taint;
import io.fabric8.kubernetes.api.model.TaintBuilder;
import io.fabric8.kubernetes.api.model.TolerationBuilder;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

class NodeFitTest {

    private static Node node(String name, String ready, Taint... taints) {
        return new NodeBuilder().withNewMetadata().withName(name).withLabels(Map.of(SimNodes.HOSTNAME_LABEL, name, "zone", "a", "rack", "7"))
                .endMetadata().withNewSpec().withTaints(taints).endSpec()
                .withNewStatus().addNewCondition().withType("Ready").withStatus(ready).endCondition().endStatus().build();
    }

    private static PodBuilder pod() {
        return new PodBuilder().withNewMetadata().withName("p").endMetadata().withNewSpec().addNewContainer().withName("c").endContainer()
                // what the DefaultTolerationSeconds admission adds to every pod
                .withTolerations(new TolerationBuilder().withKey(SimNodes.TAINT_NOT_READY).withOperator("Exists").withEffect("NoExecute")
                                .withTolerationSeconds(300L).build(),
                        new TolerationBuilder().withKey(SimNodes.TAINT_UNREACHABLE).withOperator("Exists").withEffect("NoExecute")
                                .withTolerationSeconds(300L).build())
                .endSpec();
    }

    private static Pod pinnedByFields(String... names) {
        return pod().editSpec().withNewAffinity().withNewNodeAffinity().withNewRequiredDuringSchedulingIgnoredDuringExecution()
                .addNewNodeSelectorTerm().withMatchFields(new NodeSelectorRequirementBuilder().withKey("metadata.name").withOperator("In")
                        .withValues(names).build()).endNodeSelectorTerm()
                .endRequiredDuringSchedulingIgnoredDuringExecution().endNodeAffinity().endAffinity().endSpec().build();
    }

    private static Pod withExpression(String key, String op, String... values) {
        return pod().editSpec().withNewAffinity().withNewNodeAffinity().withNewRequiredDuringSchedulingIgnoredDuringExecution()
                .addNewNodeSelectorTerm().withMatchExpressions(new NodeSelectorRequirementBuilder().withKey(key).withOperator(op)
                        .withValues(values).build()).endNodeSelectorTerm()
                .endRequiredDuringSchedulingIgnoredDuringExecution().endNodeAffinity().endAffinity().endSpec().build();
    }

    private static Taint taint(String key, String effect) {
        return new TaintBuilder().withKey(key).withEffect(effect).build();
    }

    @Test
    void matchFieldsPinsToTheNamedNode() {
        Pod pod = pinnedByFields("n1");
        assertEquals(Optional.empty(), NodeFit.misfit(pod, node("n1", "True")));
        assertEquals(Optional.of(NodeFit.REASON_SELECTOR), NodeFit.misfit(pod, node("n2", "True")));
        assertEquals(Optional.of(Set.of("n1")), NodeFit.pinnedNodeNames(pod));
        assertEquals(Optional.empty(), NodeFit.pinnedNodeNames(pod().build()));
        assertEquals(Optional.empty(), NodeFit.pinnedNodeNames(withExpression(SimNodes.HOSTNAME_LABEL, "In", "n1")));
    }

    @Test
    void labelExpressionsAndNodeSelector() {
        assertTrue(NodeFit.misfit(withExpression(SimNodes.HOSTNAME_LABEL, "In", "n1"), node("n1", "True")).isEmpty());
        assertFalse(NodeFit.misfit(withExpression(SimNodes.HOSTNAME_LABEL, "In", "n1"), node("n2", "True")).isEmpty());
        assertTrue(NodeFit.misfit(withExpression("zone", "NotIn", "b"), node("n1", "True")).isEmpty());
        assertTrue(NodeFit.misfit(withExpression("zone", "Exists"), node("n1", "True")).isEmpty());
        assertFalse(NodeFit.misfit(withExpression("gpu", "Exists"), node("n1", "True")).isEmpty());
        assertTrue(NodeFit.misfit(withExpression("gpu", "DoesNotExist"), node("n1", "True")).isEmpty());
        assertTrue(NodeFit.misfit(withExpression("rack", "Gt", "5"), node("n1", "True")).isEmpty());
        assertFalse(NodeFit.misfit(withExpression("rack", "Lt", "5"), node("n1", "True")).isEmpty());
        Pod bySelector = pod().editSpec().withNodeSelector(Map.of(SimNodes.HOSTNAME_LABEL, "n1")).endSpec().build();
        assertTrue(NodeFit.misfit(bySelector, node("n1", "True")).isEmpty());
        assertEquals(Optional.of(NodeFit.REASON_SELECTOR), NodeFit.misfit(bySelector, node("n2", "True")));
    }

    @Test
    void notReadyAndTaintedNodesAreRefused() {
        Pod pod = pinnedByFields("n1");
        // Untainted (no lifecycle controller played): refused with the taint the controller would have added.
        assertEquals(Optional.of("node(s) had taint {node.kubernetes.io/not-ready: }, that the pod didn't tolerate"),
                NodeFit.misfit(pod, node("n1", "False")));
        assertEquals(Optional.of("node(s) had taint {node.kubernetes.io/unreachable: }, that the pod didn't tolerate"),
                NodeFit.misfit(pod, node("n1", "Unknown")));
        // The node lifecycle controller's NoSchedule taint is not tolerated; its NoExecute one is (for 300 s).
        assertEquals(Optional.of("node(s) had taint {node.kubernetes.io/unreachable: }, that the pod didn't tolerate"),
                NodeFit.misfit(pod, node("n1", "Unknown", taint(SimNodes.TAINT_UNREACHABLE, "NoExecute"), taint(SimNodes.TAINT_UNREACHABLE, "NoSchedule"))));
        assertEquals(Optional.empty(), NodeFit.misfit(pod, node("n1", "True", taint(SimNodes.TAINT_UNREACHABLE, "NoExecute"))));
        assertTrue(NodeFit.misfit(pod, node("n1", "True", taint(SimNodes.TAINT_OUT_OF_SERVICE, "NoExecute"))).orElseThrow().contains("out-of-service"));
        assertEquals(Optional.empty(), NodeFit.misfit(pod, node("n1", "True", taint("example.com/soft", "PreferNoSchedule"))));
        Pod tolerant = new PodBuilder(pod).editSpec().addToTolerations(new TolerationBuilder().withOperator("Exists").build()).endSpec().build();
        assertEquals(Optional.empty(), NodeFit.misfit(tolerant, node("n1", "True", taint(SimNodes.TAINT_OUT_OF_SERVICE, "NoExecute"))));
        Node cordoned = new NodeBuilder(node("n1", "True")).editSpec().withUnschedulable(true).endSpec().build();
        assertEquals(Optional.of(NodeFit.REASON_UNSCHEDULABLE), NodeFit.misfit(pod, cordoned));
        Node noStatus = new NodeBuilder().withNewMetadata().withName("n1").endMetadata().build();
        assertFalse(NodeFit.isReady(noStatus));
    }

    @Test
    void tolerationOperators() {
        Taint t = new TaintBuilder().withKey("k").withValue("v").withEffect("NoSchedule").build();
        assertTrue(NodeFit.tolerates(List.of(new TolerationBuilder().withKey("k").withValue("v").build()), t));
        assertTrue(NodeFit.tolerates(List.of(new TolerationBuilder().withKey("k").withOperator("Equal").withValue("v").withEffect("NoSchedule").build()), t));
        assertFalse(NodeFit.tolerates(List.of(new TolerationBuilder().withKey("k").withValue("w").build()), t));
        assertFalse(NodeFit.tolerates(List.of(new TolerationBuilder().withKey("k").withOperator("Exists").withEffect("NoExecute").build()), t));
        assertTrue(NodeFit.tolerates(List.of(new TolerationBuilder().withKey("k").withOperator("Exists").build()), t));
        assertFalse(NodeFit.tolerates(List.of(), t));
    }

    @Test
    void unschedulableMessageLooksLikeTheSchedulers() {
        Map<String, Integer> reasons = new TreeMap<>(Map.of(NodeFit.REASON_SELECTOR, 4,
                "node(s) had taint {node.kubernetes.io/not-ready: }, that the pod didn't tolerate", 1));
        assertEquals("0/5 nodes are available: 1 node(s) had taint {node.kubernetes.io/not-ready: }, that the pod didn't tolerate,"
                + " 4 node(s) didn't match node selector.", PodScheduler.unschedulableMessage(5, reasons));
        assertTrue(PodScheduler.sameReasons("0/5 nodes are available: 5 node(s) didn't match node selector.",
                "0/4999 nodes are available: 4999 node(s) didn't match node selector."));
        assertFalse(PodScheduler.sameReasons("0/5 nodes are available: 5 node(s) didn't match node selector.",
                "0/5 nodes are available: 1 node(s) were not ready, 4 node(s) didn't match node selector."));
    }
}
