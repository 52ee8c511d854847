package dev.lustre.ir.noderuntime;

import io.fabric8.kubernetes.api.model.NodeSelectorRequirementBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.JobCondition;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Jobs shaped like the operator's: one container, restartPolicy Never, pinned to a node. */
final class TestJobs {
    private TestJobs() {
    }

    /** Pinned the way the operator pins: required node affinity, matchFields metadata.name In [node]. */
    static JobBuilder pinnedByAffinity(String name, String node, String... args) {
        return base(name, args).editSpec().editTemplate().editSpec()
                .withNewAffinity().withNewNodeAffinity().withNewRequiredDuringSchedulingIgnoredDuringExecution()
                .addNewNodeSelectorTerm().withMatchFields(new NodeSelectorRequirementBuilder().withKey("metadata.name")
                        .withOperator("In").withValues(node).build()).endNodeSelectorTerm()
                .endRequiredDuringSchedulingIgnoredDuringExecution().endNodeAffinity().endAffinity()
                .endSpec().endTemplate().endSpec();
    }

    static JobBuilder base(String name, String... args) {
        return new JobBuilder()
                .withNewMetadata().withName(name).withLabels(Map.of("app", "ir-agent")).endMetadata()
                .withNewSpec().withBackoffLimit(0)
                .withNewTemplate().withNewMetadata().withLabels(Map.of("app", "ir-agent", "ir.lustre.dev/round", "r1")).endMetadata()
                .withNewSpec().withRestartPolicy("Never")
                .addNewContainer().withName("agent").withImage("lustre-ir-agent:test").withArgs(List.of(args))
                .withTerminationMessagePath("/dev/termination-log").endContainer()
                .endSpec().endTemplate().endSpec();
    }

    static Optional<JobCondition> condition(Job job, String type) {
        if (job == null || job.getStatus() == null || job.getStatus().getConditions() == null) {
            return Optional.empty();
        }
        return job.getStatus().getConditions().stream().filter(c -> type.equals(c.getType()) && "True".equals(c.getStatus())).findFirst();
    }
}
