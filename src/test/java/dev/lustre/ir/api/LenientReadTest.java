package dev.lustre.ir.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.core.type.TypeReference;
import io.fabric8.kubernetes.api.model.DefaultKubernetesResourceList;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * What the informer does with the stored objects, without an API server: a list with one object
 * that cannot be read still yields every object, the bad one marked with the field at fault.
 */
class LenientReadTest {
    private final KubernetesSerialization json = new KubernetesSerialization();

    private static String failover(String name, String clients, String status) {
        return """
                {"apiVersion": "ir.lustre.dev/v1alpha1", "kind": "LustreFailover",
                 "metadata": {"name": "%s", "namespace": "default", "generation": 3},
                 "spec": {"fsName": "lustre", "target": "lustre-OST0001",
                          "server": {"node": "oss2", "nids": ["10.0.0.12@o2ib"]},
                          "clients": %s},
                 "status": %s}
                """.formatted(name, clients, status);
    }

    @Test
    void aCountTooLargeForAnIntMarksTheSpecNamingTheField() {
        LustreFailover lfo = json.unmarshal(failover("poison", "{\"nodes\": [\"c001\"], \"expectedCount\": 1000000000000}",
                "{\"phase\": \"Pending\"}"), LustreFailover.class);
        assertEquals("poison", lfo.getMetadata().getName(), "metadata is still read");
        assertEquals(3L, lfo.getMetadata().getGeneration());
        String why = lfo.unreadable();
        assertNotNull(why);
        assertTrue(why.startsWith("spec.clients.expectedCount: "), why);
        assertTrue(why.startsWith("spec.clients.expectedCount: 1000000000000 is out of range of Integer"), why);
        assertEquals(Phase.Pending, lfo.getStatus().phase, "the status after the bad spec is still read");
    }

    @Test
    void theMarkSurvivesACopyAndTheStoredSpecIsWrittenBackUnchanged() {
        LustreFailover lfo = json.unmarshal(failover("poison", "{\"nodes\": [\"c001\"], \"expectedCount\": 1000000000000}",
                "{\"phase\": \"Pending\"}"), LustreFailover.class);
        // The framework copies each resource through JSON before reconciling it.
        LustreFailover copy = json.clone(lfo);
        assertEquals(lfo.unreadable(), copy.unreadable());
        String written = json.asJson(copy);
        assertTrue(written.contains("\"expectedCount\":1000000000000"), written);
        assertTrue(written.contains("\"target\":\"lustre-OST0001\""), written);
    }

    @Test
    void anUnreadableStatusIsMarkedAndTheSpecIsKept() {
        LustreFailover lfo = json.unmarshal(failover("badstatus", "{\"nodes\": [\"c001\"]}",
                "{\"phase\": \"ClosingWindow\", \"plan\": {\"action\": \"EvictDead\", \"evicted\": 99999999999}}"), LustreFailover.class);
        assertNull(lfo.getSpec().unreadable());
        assertEquals("lustre-OST0001", lfo.getSpec().target);
        assertTrue(lfo.unreadable().startsWith("status.plan.evicted: "), lfo.unreadable());
        assertNull(lfo.getStatus().phase, "nothing of an unreadable status is trusted");
    }

    @Test
    void aListWithOneBadObjectYieldsEveryObject() {
        String list = "{\"apiVersion\": \"ir.lustre.dev/v1alpha1\", \"kind\": \"LustreFailoverList\", \"metadata\": {}, \"items\": ["
                + failover("a", "{\"nodes\": [\"c001\"]}", "null") + ","
                + failover("b", "{\"nodes\": [\"c001\"], \"expectedCount\": \"many\"}", "null") + ","
                + failover("c", "{\"nodes\": [\"c001\"], \"expectedCount\": 5}", "null") + "]}";
        List<LustreFailover> items = json.unmarshal(new ByteArrayInputStream(list.getBytes(StandardCharsets.UTF_8)),
                new TypeReference<DefaultKubernetesResourceList<LustreFailover>>() { }).getItems();
        assertEquals(3, items.size());
        assertNull(items.get(0).unreadable());
        assertTrue(items.get(1).unreadable().startsWith("spec.clients.expectedCount: "), items.get(1).unreadable());
        assertEquals(5, items.get(2).getSpec().clients.expectedCount);
    }

    @Test
    void anUnreadablePolicyIsMarkedNamingTheField() {
        LustreRecoveryPolicy p = json.unmarshal("""
                {"apiVersion": "ir.lustre.dev/v1alpha1", "kind": "LustreRecoveryPolicy", "metadata": {"name": "p"},
                 "spec": {"closeWhen": "Quorum", "maxConcurrentJobs": 5000000000}}
                """, LustreRecoveryPolicy.class);
        assertTrue(p.getSpec().unreadable().startsWith("spec.maxConcurrentJobs: "), p.getSpec().unreadable());
        assertNull(p.getSpec().closeWhen);
    }

    @Test
    void aReadableObjectWritesBackUnchanged() {
        String text = failover("ok", "{\"nodes\": [\"c001\"], \"expectedCount\": 7}", "{\"phase\": \"Recovered\"}");
        LustreFailover lfo = json.unmarshal(text, LustreFailover.class);
        assertNull(lfo.unreadable());
        LustreFailover again = json.unmarshal(json.asJson(lfo), LustreFailover.class);
        assertEquals(7, again.getSpec().clients.expectedCount);
        assertEquals(Phase.Recovered, again.getStatus().phase);
        assertTrue(!json.asJson(lfo).contains("unreadable"), "the marker is never stored");
    }
}
