package dev.lustre.ir.noderuntime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeCondition;
import io.fabric8.kubernetes.api.model.Taint;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobBuilder;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Real Node objects for scenarios: registration, health flips, taints, deletion, and scale. */
class SimNodesTest {
    private static RealApiServer api;
    private static SimNodes nodes;

    @BeforeAll
    static void start() {
        api = RealApiServer.start();
        nodes = new SimNodes(api.client());
    }

    @AfterAll
    static void stop() {
        if (api != null) {
            api.close();
        }
    }

    private static NodeCondition ready(Node node) {
        return node.getStatus().getConditions().stream().filter(c -> "Ready".equals(c.getType())).findFirst().orElseThrow();
    }

    private static List<String> taintKeys(Node node) {
        return node.getSpec().getTaints() == null ? List.of()
                : node.getSpec().getTaints().stream().map(t -> t.getKey() + ":" + t.getEffect()).toList();
    }

    @Test
    void createdNodeIsReadyLabelledAndUntainted() {
        nodes.create("client-a", Map.of("ir.lustre.dev/client", "true"));
        Node node = nodes.get("client-a");
        assertEquals("True", ready(node).getStatus());
        assertEquals("KubeletReady", ready(node).getReason());
        assertEquals("client-a", node.getMetadata().getLabels().get(SimNodes.HOSTNAME_LABEL));
        assertEquals("true", node.getMetadata().getLabels().get("ir.lustre.dev/client"));
        assertEquals(List.of(), taintKeys(node), "the admission's not-ready taint was lifted, as the node lifecycle controller does");
        assertTrue(node.getStatus().getAddresses().stream().anyMatch(a -> "InternalIP".equals(a.getType())));
    }

    @Test
    void healthFlipsWriteTheReadyConditionAndTheLifecycleTaints() {
        nodes.create("client-b", Map.of());
        Node notReady = nodes.markNotReady("client-b");
        assertEquals("False", ready(nodes.get("client-b")).getStatus());
        assertEquals(List.of(SimNodes.TAINT_NOT_READY + ":NoSchedule", SimNodes.TAINT_NOT_READY + ":NoExecute"), taintKeys(notReady));
        String notReadySince = ready(nodes.get("client-b")).getLastTransitionTime();

        Node unreachable = nodes.markUnreachable("client-b");
        assertEquals("Unknown", ready(nodes.get("client-b")).getStatus());
        assertEquals(List.of(SimNodes.TAINT_UNREACHABLE + ":NoSchedule", SimNodes.TAINT_UNREACHABLE + ":NoExecute"), taintKeys(unreachable));
        assertFalse(NodeFit.isReady(unreachable));

        Node back = nodes.markReady("client-b");
        assertEquals("True", ready(nodes.get("client-b")).getStatus());
        assertEquals(List.of(), taintKeys(back));
        assertTrue(NodeFit.isReady(back));
        assertTrue(ready(back).getLastTransitionTime().compareTo(notReadySince) >= 0);
    }

    @Test
    void taintsCordonAndDeletion() {
        nodes.create("client-c", Map.of());
        nodes.addTaint("client-c", SimNodes.TAINT_OUT_OF_SERVICE, "nodeshutdown", "NoExecute");
        Taint t = nodes.get("client-c").getSpec().getTaints().get(0);
        assertEquals(SimNodes.TAINT_OUT_OF_SERVICE, t.getKey());
        assertEquals("nodeshutdown", t.getValue());
        assertEquals("NoExecute", t.getEffect());
        nodes.removeTaint("client-c", SimNodes.TAINT_OUT_OF_SERVICE);
        assertEquals(List.of(), taintKeys(nodes.get("client-c")));

        nodes.cordon("client-c", true);
        assertEquals(Boolean.TRUE, nodes.get("client-c").getSpec().getUnschedulable());
        nodes.cordon("client-c", false);
        assertNull(nodes.get("client-c").getSpec().getUnschedulable());

        assertTrue(nodes.delete("client-c"));
        assertNull(nodes.get("client-c"));
    }

    @Test
    void thousandNodesAreCreatedOnAFewThreads() {
        int count = 1000;
        Instant start = Instant.now();
        List<String> names = nodes.createMany("scale", count, Map.of("ir.lustre.dev/client", "true"), 16);
        Duration took = Duration.between(start, Instant.now());
        System.out.printf("[sim-nodes] %d nodes created (Ready, untainted) on 16 threads in %d ms (%.1f nodes/s)%n",
                count, took.toMillis(), count * 1000.0 / Math.max(1, took.toMillis()));

        assertEquals(count, names.size());
        assertEquals("scale-00000", names.get(0));
        List<Node> listed = api.client().nodes().withLabel("ir.lustre.dev/client", "true").list().getItems().stream()
                .filter(n -> n.getMetadata().getName().startsWith("scale-")).toList();
        assertEquals(count, listed.size());
        assertTrue(listed.stream().allMatch(NodeFit::isReady));
        assertTrue(listed.stream().allMatch(n -> taintKeys(n).isEmpty()));
        assertTrue(took.toSeconds() < 120, "1000 nodes took " + took);
    }

    /**
     * A trap for everyone who starts a 1.20 API server: TTLAfterFinished is alpha there, and
     * without its feature gate the API server silently drops {@code ttlSecondsAfterFinished}.
     */
    @Test
    void withoutTheFeatureGateA120ApiServerDropsTheJobTtl() {
        try (RealApiServer plain = RealApiServer.startWithoutFeatureGates()) {
            Job job = new JobBuilder(TestJobs.base("ttl", "agent").build()).editSpec().withTtlSecondsAfterFinished(60).endSpec().build();
            Job stored = plain.client().batch().v1().jobs().inNamespace("default").resource(job).create();
            assertNull(stored.getSpec().getTtlSecondsAfterFinished());
        }
        Job stored = api.client().batch().v1().jobs().inNamespace("default")
                .resource(new JobBuilder(TestJobs.base("ttl", "agent").build()).editSpec().withTtlSecondsAfterFinished(60).endSpec().build())
                .create();
        assertEquals(60, stored.getSpec().getTtlSecondsAfterFinished());
    }
}
