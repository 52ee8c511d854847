package dev.lustre.ir.operator;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lustre.ir.api.LustreFailover;
import dev.lustre.ir.api.Phase;
import dev.lustre.ir.testing.RealApiServerProfile;
import dev.lustre.ir.testing.Samples;
import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Objects the schema admits but that break a cross-field rule fail the round without any Job. */
@QuarkusTest
@TestProfile(RealApiServerProfile.class)
class InvalidSpecTest {
    @Inject
    KubernetesClient client;

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "target of another fs    | inv-fs     | spec.target      | target: other-OST0001",
            "missing policy          | inv-policy | spec.policyRef   | policyRef: {name: nosuchpolicy}",
            "quorum over expected    | inv-quorum | policy.quorum    | clients: {nodes: [c001], expectedCount: 10}\\npolicy: {closeWhen: Quorum, quorum: 11}",
            "clients without nodes   | inv-nodes  | spec.clients     | clients: {expectedCount: 10}",
    })
    void failsWithInvalidSpecAndNoJob(String title, String name, String field, String override) {
        String yaml = Samples.failover(name, override.replace("\\n", "\n"));
        client.load(new ByteArrayInputStream(yaml.getBytes(StandardCharsets.UTF_8))).create();

        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            LustreFailover lfo = client.resources(LustreFailover.class).withName(name).get();
            assertEquals(Phase.Failed, lfo.getStatus() == null ? null : lfo.getStatus().phase);
        });
        LustreFailover lfo = client.resources(LustreFailover.class).withName(name).get();
        Condition complete = Conditions.find(lfo.getStatus().conditions, Conditions.COMPLETE);
        assertEquals("False", complete.getStatus());
        assertEquals("InvalidSpec", complete.getReason());
        assertTrue(complete.getMessage().contains(field), complete.getMessage());
        assertEquals(lfo.getMetadata().getGeneration(), lfo.getStatus().observedGeneration);
        assertTrue(client.batch().v1().jobs().withLabel("ir.lustre.dev/failover", name).list().getItems().isEmpty(),
                "an invalid failover must not create Jobs");
        assertTrue(client.v1().events().list().getItems().stream()
                .anyMatch(e -> name.equals(e.getInvolvedObject().getName()) && "ValidationFailed".equals(e.getReason())),
                "a ValidationFailed event is recorded");
    }
}
