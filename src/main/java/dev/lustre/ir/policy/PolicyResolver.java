package dev.lustre.ir.policy;

import dev.lustre.ir.api.RecoveryPolicySpec;
import dev.lustre.ir.api.RecoveryPolicySpec.Approval;
import dev.lustre.ir.api.RecoveryPolicySpec.CloseMethod;
import dev.lustre.ir.api.RecoveryPolicySpec.CloseWhen;
import dev.lustre.ir.api.RecoveryPolicySpec.Evidence;
import io.fabric8.kubernetes.api.model.IntOrString;
import java.util.Arrays;
import java.util.List;
import java.util.function.Function;

/** Resolves the effective policy: inline fields override the referenced policy, field by field, then defaults. */
public final class PolicyResolver {
    /**
     * NotReady says only that the kubelet stopped posting status; Lustre's network may still reach
     * the client, which then reconnects through IR or its own pings. 60 s covers the MGS's IR
     * notification (5-10 s after the target registers) and a reconnect.
     */
    static final String DEFAULT_NOT_READY_GRACE = "60s";

    public static RecoveryPolicySpec defaults() {
        RecoveryPolicySpec d = new RecoveryPolicySpec();
        d.closeWhen = CloseWhen.AllReconnected;
        d.quorum = new IntOrString("100%");
        d.deadline = "120s";
        d.deadClientEvidence = Arrays.asList(Evidence.values());
        d.closeMethod = CloseMethod.EvictDead;
        d.approval = Approval.Automatic;
        d.rosterComplete = false;
        d.evictEarly = true;
        d.notReadyGrace = DEFAULT_NOT_READY_GRACE;
        d.reconnectTimeout = "60s";
        d.maxConcurrentJobs = 64;
        d.jobBackoffLimit = 2;
        d.jobTtlAfterFinished = "10m";
        return d;
    }

    private PolicyResolver() {
    }

    /** @param referenced the policyRef's spec, or null; @param inline the failover's inline policy, or null. */
    public static EffectivePolicy resolve(RecoveryPolicySpec referenced, RecoveryPolicySpec inline) {
        List<RecoveryPolicySpec> layers = Arrays.asList(inline, referenced, defaults());
        RecoveryPolicySpec r = new RecoveryPolicySpec();
        r.closeWhen = first(layers, p -> p.closeWhen);
        r.quorum = first(layers, p -> p.quorum);
        r.deadline = first(layers, p -> p.deadline);
        r.deadClientEvidence = first(layers, p -> p.deadClientEvidence);
        r.closeMethod = first(layers, p -> p.closeMethod);
        r.approval = first(layers, p -> p.approval);
        r.rosterComplete = first(layers, p -> p.rosterComplete);
        r.evictEarly = first(layers, p -> p.evictEarly);
        r.notReadyGrace = first(layers, p -> p.notReadyGrace);
        r.reconnectTimeout = first(layers, p -> p.reconnectTimeout);
        r.maxConcurrentJobs = first(layers, p -> p.maxConcurrentJobs);
        r.jobBackoffLimit = first(layers, p -> p.jobBackoffLimit);
        r.jobTtlAfterFinished = first(layers, p -> p.jobTtlAfterFinished);
        return EffectivePolicy.from(r);
    }

    private static <T> T first(List<RecoveryPolicySpec> layers, Function<RecoveryPolicySpec, T> field) {
        for (RecoveryPolicySpec layer : layers) {
            if (layer != null && field.apply(layer) != null) {
                return field.apply(layer);
            }
        }
        throw new IllegalStateException("defaults lack a field");
    }
}
