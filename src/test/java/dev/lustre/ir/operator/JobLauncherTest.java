package dev.lustre.ir.operator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lustre.ir.testing.RealApiServerProfile;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A Job that already exists is adopted only when it has the same owner (its failover). */
@QuarkusTest
@TestProfile(RealApiServerProfile.class)
class JobLauncherTest {
    @Inject
    KubernetesClient client;

    @Test
    void aJobNameTakenByAnotherFailoverIsRefusedNotAdopted() {
        // Owners that exist, so that a garbage collector keeps their Jobs.
        ConfigMap first = owner("taken-first");
        ConfigMap other = owner("taken-other");
        try {
            JobLauncher launcher = new JobLauncher(client);
            launcher.create(List.of(job("taken-r1-c-n1", first)));
            launcher.create(List.of(job("taken-r1-c-n1", first))); // the same owner again: adopted

            IllegalStateException e = assertThrows(IllegalStateException.class,
                    () -> launcher.create(List.of(job("taken-r1-c-n1", other))));
            String firstUid = first.getMetadata().getUid();
            assertTrue(e.getMessage().contains("taken-r1-c-n1") && e.getMessage().contains(firstUid), e.getMessage());
            assertEquals(firstUid, client.batch().v1().jobs().inNamespace("default").withName("taken-r1-c-n1").get()
                    .getMetadata().getOwnerReferences().get(0).getUid(), "the existing Job is left as it was");
        } finally {
            client.batch().v1().jobs().inNamespace("default").withName("taken-r1-c-n1").delete();
            client.resource(first).delete();
            client.resource(other).delete();
        }
    }

    private ConfigMap owner(String name) {
        return client.resource(new ConfigMapBuilder().withNewMetadata().withName(name).withNamespace("default").endMetadata()
                .build()).create();
    }

    private static Job job(String name, ConfigMap owner) {
        return new JobBuilder().withNewMetadata().withName(name).withNamespace("default")
                .withOwnerReferences(new OwnerReferenceBuilder().withApiVersion("v1").withKind("ConfigMap")
                        .withName(owner.getMetadata().getName()).withUid(owner.getMetadata().getUid()).withController(true).build())
                .endMetadata()
                .withNewSpec().withBackoffLimit(0).withNewTemplate().withNewSpec().withRestartPolicy("Never")
                .addNewContainer().withName("agent").withImage("lustre-ir-operator").withArgs("agent").endContainer()
                .endSpec().endTemplate().endSpec().build();
    }
}
