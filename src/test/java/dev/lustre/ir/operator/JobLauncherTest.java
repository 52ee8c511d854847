package dev.lustre.ir.operator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lustre.ir.testing.RealApiServerProfile;
import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A Job that already exists is adopted only when it is the same failover's. */
@QuarkusTest
@TestProfile(RealApiServerProfile.class)
class JobLauncherTest {
    @Inject
    KubernetesClient client;

    @Test
    void aJobNameTakenByAnotherFailoverIsRefusedNotAdopted() {
        JobLauncher launcher = new JobLauncher(client);
        launcher.create(List.of(job("taken-r1-c-n1", "uid-of-the-first")));
        launcher.create(List.of(job("taken-r1-c-n1", "uid-of-the-first"))); // the same failover again: adopted

        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> launcher.create(List.of(job("taken-r1-c-n1", "uid-of-another"))));
        assertTrue(e.getMessage().contains("taken-r1-c-n1") && e.getMessage().contains("uid-of-the-first"), e.getMessage());
        assertEquals("uid-of-the-first", client.batch().v1().jobs().inNamespace("default").withName("taken-r1-c-n1").get()
                .getMetadata().getOwnerReferences().get(0).getUid(), "the existing Job is left as it was");
    }

    private static Job job(String name, String ownerUid) {
        return new JobBuilder().withNewMetadata().withName(name).withNamespace("default")
                .withOwnerReferences(new OwnerReferenceBuilder().withApiVersion("ir.lustre.dev/v1alpha1").withKind("LustreFailover")
                        .withName("taken").withUid(ownerUid).withController(true).build())
                .endMetadata()
                .withNewSpec().withBackoffLimit(0).withNewTemplate().withNewSpec().withRestartPolicy("Never")
                .addNewContainer().withName("agent").withImage("lustre-ir-operator").withArgs("agent").endContainer()
                .endSpec().endTemplate().endSpec().build();
    }
}
