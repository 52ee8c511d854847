package dev.lustre.ir.operator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lustre.ir.api.LustreFailover;
import dev.lustre.ir.api.LustreFailoverSpec;
import dev.lustre.ir.api.ServerSpec;
import dev.lustre.ir.policy.EffectivePolicy;
import dev.lustre.ir.policy.PolicyResolver;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import java.util.List;
import org.junit.jupiter.api.Test;

class AgentJobFactoryTest {
    private final AgentJobFactory factory = new AgentJobFactory("lustre-ir-operator:test", null, "150s");
    private final EffectivePolicy policy = PolicyResolver.resolve(null, null);

    private static LustreFailover failover(String name) {
        LustreFailover lfo = new LustreFailover();
        lfo.setMetadata(new ObjectMetaBuilder().withName(name).withNamespace("hpc").withUid("uid-1").build());
        LustreFailoverSpec spec = new LustreFailoverSpec();
        spec.fsName = "lustre";
        spec.target = "lustre-OST0001";
        spec.server = new ServerSpec();
        spec.server.node = "oss2";
        spec.server.nids = List.of("10.0.0.12@o2ib", "10.0.1.12@o2ib1");
        lfo.setSpec(spec);
        return lfo;
    }

    @Test
    void aClientJobIsPinnedLabelledOwnedAndBuiltAsArgv() {
        Job job = factory.reconnect(failover("ost1"), 3, policy, "c017", 5L);
        assertEquals("ost1-r3-c-c017", job.getMetadata().getName());
        assertEquals("c017", job.getMetadata().getLabels().get("ir.lustre.dev/node"));
        assertEquals("3", job.getMetadata().getLabels().get("ir.lustre.dev/round"));
        assertEquals("ost1", job.getMetadata().getLabels().get("ir.lustre.dev/failover"));
        assertEquals("lustre-ir-operator", job.getMetadata().getLabels().get("app.kubernetes.io/managed-by"));
        assertEquals("uid-1", job.getMetadata().getOwnerReferences().get(0).getUid());
        var term = job.getSpec().getTemplate().getSpec().getAffinity().getNodeAffinity()
                .getRequiredDuringSchedulingIgnoredDuringExecution().getNodeSelectorTerms().get(0);
        assertEquals("metadata.name", term.getMatchFields().get(0).getKey());
        assertEquals(List.of("c017"), term.getMatchFields().get(0).getValues());
        assertEquals(List.of("agent", "reconnect", "--target", "lustre-OST0001", "--nid", "10.0.0.12@o2ib",
                "--nid", "10.0.1.12@o2ib1", "--instance", "5", "--timeout", "60s"),
                job.getSpec().getTemplate().getSpec().getContainers().get(0).getArgs());
        assertEquals(2, job.getSpec().getBackoffLimit());
        assertEquals(600, job.getSpec().getTtlSecondsAfterFinished());
        assertTrue(job.getSpec().getActiveDeadlineSeconds() >= 3 * (60 + 100), "room for the agent's recover fallback");
        assertEquals("Never", job.getSpec().getTemplate().getSpec().getRestartPolicy());
        assertTrue(job.getSpec().getTemplate().getSpec().getHostPID());
    }

    @Test
    void theCloseJobNeverRetriesAndNamesEachUuid() {
        Job job = factory.close(failover("ost1"), 1, policy, false, List.of("u1", "u2"));
        assertEquals("ost1-r1-s-close", job.getMetadata().getName());
        assertEquals(0, job.getSpec().getBackoffLimit(), "an eviction is never repeated blindly");
        assertEquals(List.of("agent", "close-window", "--target", "lustre-OST0001", "--evict-uuid", "u1", "--evict-uuid", "u2",
                "--timeout", "150s"), job.getSpec().getTemplate().getSpec().getContainers().get(0).getArgs());
        Job abort = factory.close(failover("ost1"), 1, policy, true, List.of());
        assertTrue(abort.getSpec().getTemplate().getSpec().getContainers().get(0).getArgs().contains("--abort"));
    }

    @Test
    void longNamesStayValidAndDistinct() {
        String lfo = "a-very-long-failover-name-for-the-object-storage-target-0001";
        String a = factory.reconnect(failover(lfo), 12, policy, "compute-node-00001.cluster.example.org", null).getMetadata().getName();
        String b = factory.reconnect(failover(lfo), 12, policy, "compute-node-00002.cluster.example.org", null).getMetadata().getName();
        assertTrue(a.length() <= 63 && b.length() <= 63, a);
        assertTrue(!a.equals(b), "distinct nodes, distinct Jobs");
        assertTrue(a.matches("[a-z0-9]([-a-z0-9.]*[a-z0-9])?"), a);
    }

    @Test
    void anLctlPrefixIsOneArgumentNeverAShellLine() {
        AgentJobFactory custom = new AgentJobFactory("img", "chroot /host lctl", "150s");
        List<String> args = custom.inspect(failover("ost1"), 1, policy, "preflight", 0).getSpec().getTemplate().getSpec()
                .getContainers().get(0).getArgs();
        assertEquals(List.of("agent", "inspect-server", "--target", "lustre-OST0001", "--fsname", "lustre", "--lctl", "chroot /host lctl"), args);
    }
}
