package dev.lustre.ir.operator;

import dev.lustre.ir.api.LustreFailover;
import dev.lustre.ir.api.LustreFailoverStatus;
import dev.lustre.ir.api.LustreRecoveryPolicy;
import dev.lustre.ir.api.Phase;
import dev.lustre.ir.api.RecoveryPolicySpec;
import dev.lustre.ir.policy.EffectivePolicy;
import dev.lustre.ir.policy.PolicyResolver;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.ControllerConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.Reconciler;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import java.time.Instant;
import java.util.List;

/** Observe → validate → reconcile → record, one round per LustreFailover generation. */
@ControllerConfiguration(name = "lustrefailover")
public class LustreFailoverReconciler implements Reconciler<LustreFailover> {
    private final KubernetesClient client;
    private final EventRecorder events;

    public LustreFailoverReconciler(KubernetesClient client, EventRecorder events) {
        this.client = client;
        this.events = events;
    }

    @Override
    public UpdateControl<LustreFailover> reconcile(LustreFailover lfo, Context<LustreFailover> context) {
        long generation = lfo.getMetadata().getGeneration();
        LustreFailoverStatus status = lfo.getStatus() == null ? new LustreFailoverStatus() : lfo.getStatus();
        if (status.round != null && status.round == generation) {
            return UpdateControl.noUpdate();
        }
        Instant now = Instant.now();
        RecoveryPolicySpec referenced = null;
        if (lfo.getSpec() != null && lfo.getSpec().policyRef != null) {
            LustreRecoveryPolicy policy = client.resources(LustreRecoveryPolicy.class)
                    .inNamespace(lfo.getMetadata().getNamespace()).withName(lfo.getSpec().policyRef.name).get();
            referenced = policy == null ? null : policy.getSpec();
        }
        EffectivePolicy policy = null;
        String policyError = null;
        try {
            policy = PolicyResolver.resolve(referenced, lfo.getSpec() == null ? null : lfo.getSpec().policy);
        } catch (IllegalArgumentException e) {
            policyError = "policy: " + e.getMessage();
        }
        List<String> errors = new java.util.ArrayList<>(SpecValidator.validate(lfo.getSpec(), referenced != null, policy));
        if (policyError != null) {
            errors.add(policyError);
        }
        status.round = generation;
        status.observedGeneration = generation;
        if (policy != null) {
            status.effectivePolicy = policy.toSpec();
        }
        if (!errors.isEmpty()) {
            String message = String.join("; ", errors);
            status.phase = Phase.Failed;
            status.message = message;
            status.completionTime = Times.format(now);
            Conditions.set(status.conditions, Conditions.COMPLETE, false, "InvalidSpec", message, generation, now);
            events.warning(lfo, EventReason.ValidationFailed, message);
        } else {
            status.phase = Phase.Pending;
            status.message = "spec valid";
            Conditions.set(status.conditions, Conditions.COMPLETE, false, "InProgress", "round started", generation, now);
            events.normal(lfo, EventReason.Validated, "round " + generation + " started");
        }
        lfo.setStatus(status);
        return UpdateControl.patchStatus(lfo);
    }
}
