package dev.lustre.ir.e2e;

import static dev.lustre.ir.e2e.RoundSupport.apply;
import static dev.lustre.ir.e2e.RoundSupport.awaitPhase;
import static dev.lustre.ir.e2e.RoundSupport.scenario;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lustre.ir.api.LustreFailover;
import dev.lustre.ir.api.LustreRecoveryPolicy;
import dev.lustre.ir.api.Phase;
import dev.lustre.ir.operator.Conditions;
import dev.lustre.ir.sandbox.Scenario;
import dev.lustre.ir.testing.CrdFiles;
import dev.lustre.ir.testing.RealApiServerProfile;
import dev.lustre.ir.testing.Samples;
import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.api.model.apiextensions.v1.JSONSchemaProps;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.HttpURLConnection;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Objects the operator cannot read, stored through CRDs without the schema's maximums (as objects
 * created before the bounds existed are), do not stop the operator: each is reported (status
 * InvalidSpec naming the field, a Warning Event), health stays UP, and the next valid round recovers.
 * Before the lenient read, the first such object stopped the LustreFailover informer for good.
 */
@QuarkusTest
@TestProfile(RealApiServerProfile.class)
class PoisonObjectTest {
    private static final String FAILOVERS = LooseCrds.FAILOVERS;
    private static final String POLICIES = LooseCrds.POLICIES;

    @Inject
    KubernetesClient client;

    @TestHTTPResource("/q/health")
    URL health;

    @Test
    void unreadableObjectsAreReportedAndTheNextRoundRecovers() throws IOException {
        assertHealthUp();
        try {
            installWithoutMaximums(FAILOVERS);
            installWithoutMaximums(POLICIES);
            // 10^12 does not fit the Java int of expectedCount; 5*10^9 not that of maxConcurrentJobs.
            createOnceAdmitted(Samples.failover("poison", "clients: {nodes: [c001], expectedCount: 1000000000000}"));
            createOnceAdmitted("""
                    apiVersion: ir.lustre.dev/v1alpha1
                    kind: LustreRecoveryPolicy
                    metadata: {name: poison-policy}
                    spec: {maxConcurrentJobs: 5000000000}
                    """);
            // Reported while the loose schema is installed: its status can be written. (Once the
            // real CRD is back, an API server before 1.28 refuses any write to this object, status
            // included, so the Event and the log are then the report; see PoisonObjectAtStartupTest.)
            awaitPhase(client, "poison", Phase.Failed, Duration.ofSeconds(30));
        } finally {
            installCommitted(FAILOVERS);
            installCommitted(POLICIES);
        }
        // The real CRD refuses the same object now, naming the field.
        KubernetesClientException refused = assertThrows(KubernetesClientException.class, () -> create(
                Samples.failover("poison-again", "clients: {nodes: [c001], expectedCount: 1000000000000}")));
        assertEquals(422, refused.getCode(), refused.getMessage());
        assertTrue(refused.getMessage().contains("spec.clients.expectedCount"), refused.getMessage());
        // A failover that references the unreadable policy: itself readable, it must fail naming the policy.
        create(Samples.failover("uses-poison-policy", "policyRef: {name: poison-policy}"));

        LustreFailover poison = awaitPhase(client, "poison", Phase.Failed, Duration.ofSeconds(30));
        assertInvalidSpec(poison, "spec.clients.expectedCount");
        assertTrue(poison.getStatus().message.contains("1000000000000"), poison.getStatus().message);
        assertWarningEvent("poison", "spec.clients.expectedCount");
        // The status write never sent the unreadable spec back: the stored spec is what was applied.
        GenericKubernetesResource raw = client.genericKubernetesResources("ir.lustre.dev/v1alpha1", "LustreFailover")
                .inNamespace("default").withName("poison").get();
        assertEquals("1000000000000", String.valueOf(((Map<?, ?>) raw.getAdditionalProperties().get("spec"))
                .get("clients") instanceof Map<?, ?> c ? c.get("expectedCount") : null));

        LustreFailover usesPolicy = awaitPhase(client, "uses-poison-policy", Phase.Failed, Duration.ofSeconds(30));
        assertInvalidSpec(usesPolicy, "poison-policy");
        assertTrue(usesPolicy.getStatus().message.contains("spec.maxConcurrentJobs"), usesPolicy.getStatus().message);
        assertWarningEvent("uses-poison-policy", "poison-policy");
        assertNotNull(client.resources(LustreRecoveryPolicy.class).inNamespace("default").withName("poison-policy").get(),
                "the client reads the unreadable policy without an exception");

        assertHealthUp();
        for (String name : new String[] {"poison", "uses-poison-policy"}) {
            assertTrue(client.batch().v1().jobs().inNamespace("default").withLabel("ir.lustre.dev/failover", name)
                    .list().getItems().isEmpty(), name + " must not create Jobs");
        }

        // Every other object is still reconciled: a valid round, applied after, recovers.
        Scenario sc = scenario(client, Scenario.Settings.of("afterpoison", 10, 1).withTimeScale(10));
        apply(client, sc, null);
        LustreFailover next = awaitPhase(client, "afterpoison", Phase.Recovered, Duration.ofSeconds(90));
        assertEquals("9/10", next.getStatus().progress);
        assertHealthUp();

        // An unreadable object can still be deleted: its finalizer is removed from metadata alone.
        client.resources(LustreFailover.class).inNamespace("default").withName("poison").delete();
        await().atMost(Duration.ofSeconds(30)).until(() ->
                client.resources(LustreFailover.class).inNamespace("default").withName("poison").get() == null);
    }

    /**
     * A status the operator cannot read has lost what the round did: it must not be continued (a
     * close Job re-issued, clients evicted again), only reported and ended.
     */
    @Test
    void anUnreadableStatusEndsTheRoundWithoutAnyJob() throws IOException {
        create(Samples.failover("poison-status", "target: other-OST0001"));
        LustreFailover before = awaitPhase(client, "poison-status", Phase.Failed, Duration.ofSeconds(30));
        try {
            installWithoutMaximums(FAILOVERS);
            // As if the round had issued its close: phase ClosingWindow, a plan, a count out of int range.
            await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(250)).ignoreException(KubernetesClientException.class)
                    .until(() -> {
                        GenericKubernetesResource raw = client.genericKubernetesResources("ir.lustre.dev/v1alpha1", "LustreFailover")
                                .inNamespace("default").withName("poison-status").get();
                        raw.setAdditionalProperty("status", Map.of("phase", "ClosingWindow", "round", 1,
                                "roundSpec", before.getStatus().roundSpec, "observedGeneration", 1,
                                "plan", Map.of("action", "EvictDead", "uuids", List.of("c001-uuid")),
                                "verifications", 10_000_000_000L));
                        client.genericKubernetesResources("ir.lustre.dev/v1alpha1", "LustreFailover")
                                .inNamespace("default").resource(raw).updateStatus();
                        return true;
                    });
        } finally {
            installCommitted(FAILOVERS);
        }
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            LustreFailover lfo = client.resources(LustreFailover.class).inNamespace("default").withName("poison-status").get();
            Condition complete = Conditions.find(lfo.getStatus().conditions, Conditions.COMPLETE);
            assertNotNull(complete, Serialization.asYaml(lfo.getStatus()));
            assertEquals("InvalidStatus", complete.getReason(), Serialization.asYaml(lfo.getStatus()));
        });
        LustreFailover lfo = client.resources(LustreFailover.class).inNamespace("default").withName("poison-status").get();
        assertEquals(Phase.Failed, lfo.getStatus().phase);
        assertTrue(lfo.getStatus().message.contains("status.verifications"), lfo.getStatus().message);
        assertEquals(null, lfo.getStatus().verifications, "the unreadable status was replaced, not merged");
        assertWarningEvent("poison-status", "status.verifications");
        assertTrue(client.batch().v1().jobs().inNamespace("default").withLabel("ir.lustre.dev/failover", "poison-status")
                .list().getItems().isEmpty(), "no Job, in particular no second close");
        assertHealthUp();
    }

    private void assertInvalidSpec(LustreFailover lfo, String named) {
        Condition complete = Conditions.find(lfo.getStatus().conditions, Conditions.COMPLETE);
        assertNotNull(complete, Serialization.asYaml(lfo.getStatus()));
        assertEquals("False", complete.getStatus());
        assertEquals("InvalidSpec", complete.getReason());
        assertTrue(complete.getMessage().contains(named), complete.getMessage());
        assertEquals(lfo.getMetadata().getGeneration(), lfo.getStatus().observedGeneration);
    }

    private void assertWarningEvent(String object, String named) {
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertTrue(client.v1().events().inNamespace("default")
                .list().getItems().stream().anyMatch(e -> object.equals(e.getInvolvedObject().getName())
                        && "Warning".equals(e.getType()) && e.getMessage().contains(named)),
                "a Warning Event on " + object + " naming " + named));
    }

    private void assertHealthUp() throws IOException {
        HttpURLConnection c = (HttpURLConnection) health.openConnection();
        int code = c.getResponseCode();
        InputStream body = code < 400 ? c.getInputStream() : c.getErrorStream();
        String text = new String(body.readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(200, code, text);
        assertTrue(text.replace(" ", "").contains("\"status\":\"UP\""), text);
    }

    private void create(String yaml) {
        LooseCrds.create(client, yaml);
    }

    private void createOnceAdmitted(String yaml) {
        LooseCrds.createOnceAdmitted(client, yaml);
    }

    private void installWithoutMaximums(String name) throws IOException {
        LooseCrds.installWithoutMaximums(client, name);
    }

    private void installCommitted(String name) {
        LooseCrds.installCommitted(client, name);
    }
}
