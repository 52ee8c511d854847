package dev.lustre.ir.operator;

import dev.lustre.ir.api.ApiGroup;
import dev.lustre.ir.api.LustreFailover;
import dev.lustre.ir.policy.Durations;
import dev.lustre.ir.policy.EffectivePolicy;
import io.fabric8.kubernetes.api.model.NodeSelectorRequirementBuilder;
import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobBuilder;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Builds the node Jobs. Pure: the same inputs give the same Job, so names and labels are stable
 * across operator restarts. Every argument is a validated value placed in an argv array; nothing
 * goes through a shell.
 */
public final class AgentJobFactory {
    public static final String MANAGED_BY = "lustre-ir-operator";
    public static final String ROLE_CLIENT = "client";
    public static final String ROLE_PREFLIGHT = "preflight";
    public static final String ROLE_VERIFY = "verify";
    public static final String ROLE_CLOSE = "close";
    /** Slack on top of the agent's own timeouts before Kubernetes kills a Job. */
    private static final long DEADLINE_SLACK_SECONDS = 30;
    /** lctl recover, the agent's fallback, blocks up to obd_timeout (100 s) on top of the agent's own timeout. */
    private static final long RECOVER_BLOCK_SECONDS = 110;

    private final String image;
    private final String lctlPrefix;
    private final String closeTimeout;

    public AgentJobFactory(String image, String lctlPrefix, String closeTimeout) {
        this.image = image;
        this.lctlPrefix = lctlPrefix == null || lctlPrefix.isBlank() ? null : lctlPrefix;
        this.closeTimeout = closeTimeout;
    }

    /** How long a close Job may wait for the target to leave recovery. */
    public Duration closeTimeout() {
        return Durations.parse(closeTimeout);
    }

    public Job reconnect(LustreFailover lfo, long round, EffectivePolicy policy, String node, Long instance) {
        List<String> args = new ArrayList<>(List.of("agent", "reconnect", "--target", lfo.getSpec().target));
        lfo.getSpec().server.nids.forEach(nid -> args.addAll(List.of("--nid", nid)));
        if (instance != null) {
            args.addAll(List.of("--instance", Long.toString(instance)));
        }
        args.addAll(List.of("--timeout", Durations.format(policy.reconnectTimeout())));
        long deadline = (policy.reconnectTimeout().toSeconds() + RECOVER_BLOCK_SECONDS) * (policy.jobBackoffLimit() + 1L)
                + DEADLINE_SLACK_SECONDS;
        return job(lfo, round, policy, Names.clientJob(lfo.getMetadata().getName(), round, node), ROLE_CLIENT, node, args, deadline);
    }

    public Job inspect(LustreFailover lfo, long round, EffectivePolicy policy, String role, int sequence) {
        List<String> args = List.of("agent", "inspect-server", "--target", lfo.getSpec().target, "--fsname", lfo.getSpec().fsName);
        String name = Names.serverJob(lfo.getMetadata().getName(), round, sequence == 0 ? role : role + "-" + sequence);
        return job(lfo, round, policy, name, role, lfo.getSpec().server.node, new ArrayList<>(args), 60 + DEADLINE_SLACK_SECONDS);
    }

    public Job close(LustreFailover lfo, long round, EffectivePolicy policy, boolean abort, List<String> uuids) {
        List<String> args = new ArrayList<>(List.of("agent", "close-window", "--target", lfo.getSpec().target));
        if (abort) {
            args.add("--abort");
        } else {
            uuids.forEach(u -> args.addAll(List.of("--evict-uuid", u)));
        }
        args.addAll(List.of("--timeout", closeTimeout));
        long deadline = Durations.parse(closeTimeout).toSeconds() + DEADLINE_SLACK_SECONDS;
        // Closing is irreversible: a failed close is looked at again by the operator, never retried blindly.
        Job job = job(lfo, round, policy, Names.serverJob(lfo.getMetadata().getName(), round, ROLE_CLOSE), ROLE_CLOSE,
                lfo.getSpec().server.node, args, deadline);
        job.getSpec().setBackoffLimit(0);
        return job;
    }

    public static Map<String, String> labels(LustreFailover lfo, long round, String role, String node) {
        Map<String, String> labels = new LinkedHashMap<>();
        labels.put("app.kubernetes.io/name", "lustre-ir-agent");
        labels.put("app.kubernetes.io/instance", Names.labelValue(lfo.getMetadata().getName()));
        labels.put("app.kubernetes.io/component", role);
        labels.put("app.kubernetes.io/managed-by", MANAGED_BY);
        labels.put(ApiGroup.FAILOVER_LABEL, Names.labelValue(lfo.getMetadata().getName()));
        labels.put(ApiGroup.ROUND_LABEL, Long.toString(round));
        labels.put(ApiGroup.ROLE_LABEL, role);
        labels.put(ApiGroup.NODE_LABEL, Names.labelValue(node));
        return labels;
    }

    private Job job(LustreFailover lfo, long round, EffectivePolicy policy, String name, String role, String node,
            List<String> args, long activeDeadlineSeconds) {
        if (lctlPrefix != null) {
            args.addAll(List.of("--lctl", lctlPrefix));
        }
        Map<String, String> labels = labels(lfo, round, role, node);
        return new JobBuilder()
                .withNewMetadata()
                .withName(name)
                .withNamespace(lfo.getMetadata().getNamespace())
                .withLabels(labels)
                .withAnnotations(Map.of(ApiGroup.NAME + "/node-name", node))
                .withOwnerReferences(new OwnerReferenceBuilder()
                        .withApiVersion(lfo.getApiVersion()).withKind(lfo.getKind())
                        .withName(lfo.getMetadata().getName()).withUid(lfo.getMetadata().getUid())
                        .withController(true).withBlockOwnerDeletion(true).build())
                .endMetadata()
                .withNewSpec()
                .withBackoffLimit(policy.jobBackoffLimit())
                .withTtlSecondsAfterFinished((int) policy.jobTtlAfterFinished().toSeconds())
                .withActiveDeadlineSeconds(activeDeadlineSeconds)
                .withNewTemplate()
                .withNewMetadata().withLabels(labels).endMetadata()
                .withNewSpec()
                .withRestartPolicy("Never")
                .withHostPID(true)
                .withAutomountServiceAccountToken(false)
                .withNewAffinity().withNewNodeAffinity().withNewRequiredDuringSchedulingIgnoredDuringExecution()
                .addNewNodeSelectorTerm()
                .withMatchFields(new NodeSelectorRequirementBuilder()
                        .withKey("metadata.name").withOperator("In").withValues(node).build())
                .endNodeSelectorTerm()
                .endRequiredDuringSchedulingIgnoredDuringExecution().endNodeAffinity().endAffinity()
                .addNewContainer()
                .withName("agent")
                .withImage(image)
                .withArgs(args)
                // A short-lived CLI: C1 only and the serial collector start it in about a third of a second.
                .addNewEnv().withName("JAVA_TOOL_OPTIONS").withValue("-XX:TieredStopAtLevel=1 -XX:+UseSerialGC").endEnv()
                .withTerminationMessagePolicy("File")
                // The image runs as nobody; nsenter into the host's lctl takes a privileged root container.
                .withNewSecurityContext().withPrivileged(true).withRunAsUser(0L).withRunAsNonRoot(false).endSecurityContext()
                .withNewResources()
                .withRequests(Map.of("cpu", new Quantity("10m"), "memory", new Quantity("64Mi")))
                .withLimits(Map.of("memory", new Quantity("256Mi")))
                .endResources()
                .endContainer()
                .endSpec()
                .endTemplate()
                .endSpec()
                .build();
    }
}
