package dev.lustre.ir.operator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lustre.ir.api.Via;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** What keeps a server from being inspected is named from what Kubernetes shows, and fails the round only when it cannot clear. */
class ServerReadinessTest {
    private static final Instant T0 = Instant.parse("2026-12-05T04:00:00Z");

    private static Node node(String ready, String reason, String message) {
        return new NodeBuilder().withNewMetadata().withName("oss2").endMetadata().withNewStatus()
                .addNewCondition().withType("Ready").withStatus(ready).withReason(reason).withMessage(message)
                .withLastTransitionTime("2026-12-05T03:59:00Z").endCondition().endStatus().build();
    }

    @Test
    void aServerThatIsNoNodeAndNoRegisteredAgentIsMissingAtOnce() {
        ServerReadiness.Problem p = ServerReadiness.check("oss9", null, null, false, List.of(), null, T0);
        assertEquals(ServerReadiness.NODE_MISSING, p.reason());
        assertTrue(p.fatal());
        assertTrue(p.message().startsWith("spec.server.node: oss9 is not a Kubernetes node"), p.message());
        ServerReadiness.Problem registered = ServerReadiness.check("oss9", null, null, true, List.of(), null, T0);
        assertEquals(ServerReadiness.UNREACHABLE, registered.reason());
        assertTrue(registered.message().contains("resident agent is not alive"), registered.message());
    }

    @Test
    void aNodeDeletedAfterThePreflightWasIssuedIsMissing() {
        ServerReadiness.Problem p = ServerReadiness.check("oss2", Via.Job, null, false, List.of(), T0, T0.plusSeconds(1));
        assertEquals(ServerReadiness.NODE_MISSING, p.reason());
        assertTrue(p.fatal());
    }

    @Test
    void aNotReadyNodeIsShownAtOnceAndFailsTheRoundAfterTheGrace() {
        Node down = node("Unknown", "NodeStatusUnknown", "Kubelet stopped posting node status.");
        ServerReadiness.Problem early = ServerReadiness.check("oss2", Via.Job, down, false, List.of(), T0, T0.plusSeconds(2));
        assertEquals(ServerReadiness.NODE_NOT_READY, early.reason());
        assertFalse(early.fatal());
        assertTrue(early.message().contains("NotReady (Ready=Unknown, NodeStatusUnknown: Kubelet stopped posting node status."),
                early.message());
        assertTrue(early.message().startsWith("spec.server.node: "), early.message());
        ServerReadiness.Problem late = ServerReadiness.check("oss2", Via.Job, down, false, List.of(), T0,
                T0.plus(ServerReadiness.GRACE));
        assertTrue(late.fatal());
        assertFalse(ServerReadiness.check("oss2", Via.Job, down, false, List.of(), null, T0.plusSeconds(600)).fatal(),
                "before the preflight is issued nothing is late");
    }

    @Test
    void anUnschedulablePodOrAContainerThatCannotStartIsQuoted() {
        Node ready = node("True", "KubeletReady", "kubelet is posting ready status");
        Pod unschedulable = new PodBuilder().withNewMetadata().withName("p").endMetadata().withNewStatus().withPhase("Pending")
                .addNewCondition().withType("PodScheduled").withStatus("False").withReason("Unschedulable")
                .withMessage("0/3 nodes are available: 1 node(s) had taint {example.com/maintenance: }, that the pod didn't tolerate, "
                        + "2 node(s) didn't match node selector.").endCondition().endStatus().build();
        ServerReadiness.Problem p = ServerReadiness.check("oss2", Via.Job, ready, false, List.of(unschedulable), T0, T0.plusSeconds(3));
        assertEquals(ServerReadiness.UNSCHEDULABLE, p.reason());
        assertTrue(p.message().contains("example.com/maintenance"), p.message());
        assertFalse(p.fatal());

        Pod pulling = new PodBuilder().withNewMetadata().withName("p").endMetadata().withNewStatus().withPhase("Pending")
                .addNewContainerStatus().withName("agent").withNewState().withNewWaiting().withReason("ImagePullBackOff")
                .withMessage("Back-off pulling image \"lustre-ir-operator:0.1.0\"").endWaiting().endState().endContainerStatus()
                .endStatus().build();
        ServerReadiness.Problem q = ServerReadiness.check("oss2", Via.Job, ready, false, List.of(pulling), T0, T0.plusSeconds(31));
        assertEquals(ServerReadiness.NOT_STARTING, q.reason());
        assertTrue(q.message().contains("ImagePullBackOff: Back-off pulling image"), q.message());
        assertTrue(q.fatal());

        Pod creating = new PodBuilder().withNewMetadata().withName("p").endMetadata().withNewStatus().withPhase("Pending")
                .addNewContainerStatus().withName("agent").withNewState().withNewWaiting().withReason("ContainerCreating")
                .endWaiting().endState().endContainerStatus().endStatus().build();
        assertNull(ServerReadiness.check("oss2", Via.Job, ready, false, List.of(creating), T0, T0.plusSeconds(60)));
        assertNull(ServerReadiness.check("oss2", Via.Agent, null, true, List.of(), T0, T0.plusSeconds(60)),
                "a server reached through its agent is watched by the round itself");
    }
}
