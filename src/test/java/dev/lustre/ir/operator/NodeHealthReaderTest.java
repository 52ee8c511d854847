package dev.lustre.ir.operator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.lustre.ir.policy.NodeHealth;
import dev.lustre.ir.policy.ObservedNodeHealth;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.api.model.NodeConditionBuilder;
import io.fabric8.kubernetes.api.model.TaintBuilder;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** Node health and since when, from the Node object; no API server needed. */
class NodeHealthReaderTest {
    static final String T = "2026-11-25T10:00:00Z";

    static Node node(String ready, String lastTransition) {
        return new NodeBuilder().withNewMetadata().withName("c1").endMetadata()
                .withNewStatus().withConditions(
                        new NodeConditionBuilder().withType("MemoryPressure").withStatus("False")
                                .withLastTransitionTime("2026-01-01T00:00:00Z").build(),
                        new NodeConditionBuilder().withType("Ready").withStatus(ready)
                                .withLastTransitionTime(lastTransition).build())
                .endStatus().build();
    }

    @Test
    void readyFalseOrUnknownIsNotReadySinceTheReadyConditionChanged() {
        assertEquals(new ObservedNodeHealth(NodeHealth.NotReady, Instant.parse(T)), NodeHealthReader.observe(node("False", T)));
        assertEquals(new ObservedNodeHealth(NodeHealth.NotReady, Instant.parse(T)), NodeHealthReader.observe(node("Unknown", T)));
        assertEquals(new ObservedNodeHealth(NodeHealth.Ready, Instant.parse(T)), NodeHealthReader.observe(node("True", T)));
        assertEquals(NodeHealth.NotReady, NodeHealthReader.health(node("Unknown", T)));
    }

    @Test
    void anUnknownOrUnreadableTransitionTimeIsNull() {
        assertEquals(new ObservedNodeHealth(NodeHealth.NotReady, null), NodeHealthReader.observe(node("False", null)));
        assertEquals(new ObservedNodeHealth(NodeHealth.NotReady, null), NodeHealthReader.observe(node("False", "yesterday")));
        Node noStatus = new NodeBuilder().withNewMetadata().withName("c1").endMetadata().build();
        assertEquals(new ObservedNodeHealth(NodeHealth.NotReady, null), NodeHealthReader.observe(noStatus));
        Node noReady = new NodeBuilder(node("True", T)).editStatus().withConditions().endStatus().build();
        assertEquals(new ObservedNodeHealth(NodeHealth.NotReady, null), NodeHealthReader.observe(noReady));
    }

    @Test
    void aFencedNodeIsOutOfServiceSinceTheTaintWasAdded() {
        Node fenced = new NodeBuilder(node("True", T)).withNewSpec().withTaints(new TaintBuilder()
                .withKey(NodeHealthReader.OUT_OF_SERVICE_TAINT).withValue("nodeshutdown").withEffect("NoExecute")
                .withTimeAdded("2026-11-25T10:01:00Z").build()).endSpec().build();
        assertEquals(new ObservedNodeHealth(NodeHealth.OutOfService, Instant.parse("2026-11-25T10:01:00Z")),
                NodeHealthReader.observe(fenced));
        Node untimed = new NodeBuilder(fenced).editSpec().editFirstTaint().withTimeAdded(null).endTaint().endSpec().build();
        assertEquals(new ObservedNodeHealth(NodeHealth.OutOfService, null), NodeHealthReader.observe(untimed));
    }

    @Test
    void aDeletedNodeIsMissingWithNoTime() {
        assertEquals(NodeHealth.Missing, NodeHealthReader.observe(null).health());
        assertNull(NodeHealthReader.observe(null).since());
    }
}
