package dev.lustre.ir.e2e;

import static dev.lustre.ir.e2e.RoundSupport.apply;
import static dev.lustre.ir.e2e.RoundSupport.awaitPhase;
import static dev.lustre.ir.e2e.RoundSupport.scenario;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lustre.ir.api.LustreFailover;
import dev.lustre.ir.api.Phase;
import dev.lustre.ir.operator.AgentSettings;
import dev.lustre.ir.operator.Conditions;
import dev.lustre.ir.operator.EventRecorder;
import dev.lustre.ir.sandbox.Scenario;
import dev.lustre.ir.testing.ManualOperatorProfile;
import dev.lustre.ir.testing.ManualOperators;
import dev.lustre.ir.testing.Samples;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.javaoperatorsdk.operator.Operator;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import java.io.IOException;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * The crash loop of the issue: an object the operator cannot read is already stored, under the real
 * (bounded) CRD, when the operator starts and lists the kind. The operator starts, stays healthy,
 * reports the object with a Warning Event and reconciles the next valid round. The object gets no
 * finalizer (the API server would refuse that write) and can simply be deleted.
 */
@QuarkusTest
@TestProfile(ManualOperatorProfile.class)
class PoisonObjectAtStartupTest {
    @Inject
    KubernetesClient client;
    @Inject
    EventRecorder events;
    @Inject
    AgentSettings settings;

    @Test
    void anUnreadableObjectStoredBeforeStartIsReportedAndDoesNotStopTheOperator() throws IOException {
        try {
            LooseCrds.installWithoutMaximums(client, LooseCrds.FAILOVERS);
            LooseCrds.createOnceAdmitted(client, Samples.failover("stored-poison", "clients: {nodes: [c001], expectedCount: 1000000000000}"));
        } finally {
            LooseCrds.installCommitted(client, LooseCrds.FAILOVERS);
        }

        Operator operator = ManualOperators.start(client, events, settings);
        try {
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertTrue(client.v1().events().inNamespace("default")
                    .list().getItems().stream().anyMatch(e -> "stored-poison".equals(e.getInvolvedObject().getName())
                            && "Warning".equals(e.getType()) && e.getMessage().contains("spec.clients.expectedCount")),
                    "a Warning Event naming the field"));
            assertTrue(operator.getRuntimeInfo().allEventSourcesAreHealthy(), "the operator's health check");

            Scenario sc = scenario(client, Scenario.Settings.of("afterstoredpoison", 8, 0).withTimeScale(10));
            apply(client, sc, null);
            LustreFailover next = awaitPhase(client, "afterstoredpoison", Phase.Recovered, Duration.ofSeconds(90));
            assertEquals("8/8", next.getStatus().progress);
            assertTrue(operator.getRuntimeInfo().allEventSourcesAreHealthy(), "the operator's health check");

            LustreFailover poison = client.resources(LustreFailover.class).inNamespace("default").withName("stored-poison").get();
            assertTrue(poison.getFinalizers().isEmpty(), "no finalizer: " + poison.getFinalizers());
            assertTrue(poison.getStatus() == null || "InvalidSpec".equals(
                    Conditions.find(poison.getStatus().conditions, Conditions.COMPLETE).getReason()),
                    "no status (the API server refuses to write it) or InvalidSpec");
            assertTrue(client.batch().v1().jobs().inNamespace("default").withLabel("ir.lustre.dev/failover", "stored-poison")
                    .list().getItems().isEmpty(), "no Job for the unreadable object");
            client.resources(LustreFailover.class).inNamespace("default").withName("stored-poison").delete();
            await().atMost(Duration.ofSeconds(30)).until(() ->
                    client.resources(LustreFailover.class).inNamespace("default").withName("stored-poison").get() == null);
        } finally {
            operator.stop();
        }
    }
}
