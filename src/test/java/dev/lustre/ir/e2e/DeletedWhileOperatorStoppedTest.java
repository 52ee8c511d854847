package dev.lustre.ir.e2e;

import static dev.lustre.ir.e2e.RoundSupport.allJobs;
import static dev.lustre.ir.e2e.RoundSupport.apply;
import static dev.lustre.ir.e2e.RoundSupport.get;
import static dev.lustre.ir.e2e.RoundSupport.jobs;
import static dev.lustre.ir.e2e.RoundSupport.pods;
import static dev.lustre.ir.e2e.RoundSupport.policy;
import static dev.lustre.ir.e2e.RoundSupport.roster;
import static dev.lustre.ir.e2e.RoundSupport.scenario;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lustre.ir.api.LustreFailover;
import dev.lustre.ir.api.RecoveryPolicySpec;
import dev.lustre.ir.operator.AgentSettings;
import dev.lustre.ir.operator.EventRecorder;
import dev.lustre.ir.sandbox.Scenario;
import dev.lustre.ir.testing.ManualOperatorProfile;
import dev.lustre.ir.testing.ManualOperators;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.javaoperatorsdk.operator.Operator;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * A LustreFailover deleted while no operator runs: with no finalizer nothing waits for the
 * operator, the object goes at once, and the owner references take its Jobs, their Pods and its
 * roster with it (the simulated runtime's garbage collector, as kube-controller-manager's would).
 */
@QuarkusTest
@TestProfile(ManualOperatorProfile.class)
class DeletedWhileOperatorStoppedTest {
    @Inject
    KubernetesClient client;
    @Inject
    EventRecorder events;
    @Inject
    AgentSettings settings;

    @Test
    void aFailoverDeletedWhileTheOperatorIsStoppedGoesAtOnceWithItsJobsPodsAndRoster() {
        // Lustre's own soft timer (300 s) stays far off: 150 s of wall clock at this scale.
        Scenario sc = scenario(client, Scenario.Settings.of("stopped", 6, 1).withTimeScale(2));
        RecoveryPolicySpec p = policy();
        p.closeWhen = RecoveryPolicySpec.CloseWhen.Never;
        try (RoundSupport.JobLog created = RoundSupport.watchJobs(client, "stopped")) {
            LustreFailover applied = apply(client, sc, p);
            Operator operator = ManualOperators.start(client, events, settings);
            try {
                await().atMost(Duration.ofSeconds(60)).until(() -> jobs(client, "stopped", "client").size() == 5
                        && pods(client, "stopped").size() >= 5 && roster(client, applied) != null);
            } finally {
                operator.stop();
            }
            LustreFailover lfo = get(client, "stopped");
            assertTrue(lfo.getMetadata().getFinalizers().isEmpty(), "no finalizer: " + lfo.getMetadata().getFinalizers());
            String uid = lfo.getMetadata().getUid();
            allJobs(client, "stopped").forEach(job -> assertOwnedBy(uid, job));
            assertOwnedBy(uid, roster(client, lfo));

            client.resources(LustreFailover.class).inNamespace("default").withName("stopped").delete();
            assertNull(get(client, "stopped"), "deleted at once: nothing waits for an operator");

            await().atMost(Duration.ofSeconds(30)).until(() -> allJobs(client, "stopped").isEmpty()
                    && pods(client, "stopped").isEmpty() && roster(client, lfo) == null);
            assertEquals(0, sc.sim().target().evicted(), "nobody was evicted");
            assertFalse(created.anyWithRole("close"), "no close Job was ever created: " + created.created());
        }
    }

    private static void assertOwnedBy(String uid, HasMetadata dependent) {
        assertTrue(dependent.getMetadata().getOwnerReferences().stream()
                        .anyMatch(o -> uid.equals(o.getUid()) && Boolean.TRUE.equals(o.getController())),
                dependent.getKind() + " " + dependent.getMetadata().getName() + " is owned by the failover");
    }

}
