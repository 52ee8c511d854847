package dev.lustre.ir.e2e;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lustre.ir.api.ApiGroup;
import dev.lustre.ir.api.LustreFailover;
import dev.lustre.ir.api.LustreRound;
import dev.lustre.ir.api.Phase;
import dev.lustre.ir.noderuntime.SimNodes;
import dev.lustre.ir.operator.Conditions;
import dev.lustre.ir.testing.RealApiServerProfile;
import dev.lustre.ir.testing.Samples;
import dev.lustre.ir.testing.SimulatedRuntime;
import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A server node that does not exist, is NotReady, or cannot run the preflight Job: the round says so
 * within seconds, naming the node and quoting what Kubernetes says (the Ready condition, the
 * scheduler's message), instead of waiting for the Job's deadline and reporting that no agent
 * answered. The simulated node runtime schedules as the 1.20 scheduler does.
 */
@QuarkusTest
@TestProfile(RealApiServerProfile.class)
class ServerPreflightTest {
    /** "Within seconds": the round looks again every second while it waits for the preflight. */
    private static final Duration SHOWN_WITHIN = Duration.ofSeconds(8);

    @Inject
    KubernetesClient client;

    @Test
    void aMissingNotReadyOrUnusableServerNodeIsNamedWithinSeconds() {
        SimulatedRuntime.fleet(); // the scheduler, Job controller and kubelet
        SimNodes nodes = new SimNodes(SimulatedRuntime.client());
        nodes.create("sp-oss-down", Map.of());
        nodes.markUnreachable("sp-oss-down");
        nodes.create("sp-oss-maint", Map.of());
        nodes.addTaint("sp-oss-maint", "example.com/maintenance", "", "NoSchedule");

        long t0 = System.nanoTime();
        // Three targets: failovers of one target would wait for one another (one arbiter per target).
        apply("sp-missing", "sp-no-such-oss", "lustre-OST0a01");
        apply("sp-down", "sp-oss-down", "lustre-OST0a02");
        apply("sp-maint", "sp-oss-maint", "lustre-OST0a03");

        // Missing: failed at once, nothing issued.
        LustreFailover missing = awaitPhase("sp-missing", Phase.Failed, SHOWN_WITHIN);
        System.out.printf("[preflight] missing node: Failed after %.1f s: %s%n", (System.nanoTime() - t0) / 1e9, missing.getStatus().message);
        assertReason(missing, "ServerNodeMissing");
        assertTrue(missing.getStatus().message.startsWith("spec.server.node: sp-no-such-oss is not a Kubernetes node"),
                missing.getStatus().message);
        assertEquals("unknown", missing.getStatus().window, "nobody inspected the server");
        assertTrue(RoundSupport.allJobs(client, "sp-missing").isEmpty(), "no Job for a server that does not exist");
        assertTrue(client.resources(LustreRound.class).inNamespace("default").withLabel(ApiGroup.FAILOVER_LABEL, "sp-missing")
                .list().getItems().isEmpty(), "no LustreRound either");

        // NotReady and unusable: shown while the round waits, quoting Kubernetes.
        await().atMost(SHOWN_WITHIN).pollInterval(Duration.ofMillis(200)).untilAsserted(() -> {
            LustreFailover down = RoundSupport.get(client, "sp-down");
            assertEquals(Phase.Preflight, down.getStatus().phase);
            assertTrue(down.getStatus().message.contains("the Node sp-oss-down is NotReady (Ready=Unknown, NodeStatusUnknown"),
                    down.getStatus().message);
        });
        System.out.printf("[preflight] NotReady node shown after %.1f s: %s%n", (System.nanoTime() - t0) / 1e9,
                RoundSupport.get(client, "sp-down").getStatus().message);
        await().atMost(SHOWN_WITHIN).pollInterval(Duration.ofMillis(200)).untilAsserted(() -> {
            LustreFailover maint = RoundSupport.get(client, "sp-maint");
            assertEquals(Phase.Preflight, maint.getStatus().phase);
            assertTrue(maint.getStatus().message.contains("cannot be scheduled on sp-oss-maint: Unschedulable: 0/")
                    && maint.getStatus().message.contains("had taint {example.com/maintenance: }, that the pod didn't tolerate"),
                    maint.getStatus().message);
            assertEquals("unknown", maint.getStatus().window);
        });
        System.out.printf("[preflight] unschedulable preflight shown after %.1f s: %s%n", (System.nanoTime() - t0) / 1e9,
                RoundSupport.get(client, "sp-maint").getStatus().message);

        // Then failed for that reason, well before the preflight Job's own deadline (90 s).
        Duration failWithin = Duration.ofSeconds(45);
        LustreFailover down = awaitPhase("sp-down", Phase.Failed, failWithin);
        assertReason(down, "ServerNodeNotReady");
        assertTrue(down.getStatus().message.startsWith("spec.server.node: the Node sp-oss-down is NotReady"), down.getStatus().message);
        LustreFailover maint = awaitPhase("sp-maint", Phase.Failed, failWithin);
        assertReason(maint, "ServerJobUnschedulable");
        assertEquals("unknown", maint.getStatus().window);
        System.out.printf("[preflight] both failed after %.1f s%n", (System.nanoTime() - t0) / 1e9);
    }

    private void apply(String name, String serverNode, String target) {
        String yaml = Samples.failover(name, "target: " + target + "\nserver: {node: " + serverNode
                + ", nids: ['10.0.0.12@o2ib']}\nclients: {nodes: [sp-c1]}");
        client.load(new ByteArrayInputStream(yaml.getBytes(StandardCharsets.UTF_8))).create();
    }

    private LustreFailover awaitPhase(String name, Phase phase, Duration within) {
        return RoundSupport.awaitPhase(client, name, phase, within);
    }

    private static void assertReason(LustreFailover lfo, String reason) {
        Condition complete = Conditions.find(lfo.getStatus().conditions, Conditions.COMPLETE);
        assertEquals("False", complete.getStatus());
        assertEquals(reason, complete.getReason(), complete.getMessage());
    }
}
