package dev.lustre.ir.operator;

import dev.lustre.ir.kube.Times;
import dev.lustre.ir.api.ApiGroup;
import dev.lustre.ir.api.ClientCounts;
import dev.lustre.ir.api.LustreFailover;
import dev.lustre.ir.api.LustreFailoverSpec;
import dev.lustre.ir.api.LustreFailoverStatus;
import dev.lustre.ir.api.LustreRecoveryPolicy;
import dev.lustre.ir.api.Phase;
import dev.lustre.ir.api.RecoveryPolicySpec;
import dev.lustre.ir.policy.EffectivePolicy;
import dev.lustre.ir.policy.PolicyResolver;
import io.fabric8.kubernetes.api.model.DeletionPropagation;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Starts a round: validates the spec, resolves the effective policy once (a GitOps edit of the
 * policy mid-round never changes a running round's rules), fixes the client roster and clears the
 * Jobs of earlier rounds.
 */
class RoundStarter {
    private final KubernetesClient client;
    private final Roster roster;

    RoundStarter(KubernetesClient client, Roster roster) {
        this.client = client;
        this.roster = roster;
    }

    /** The spec a round runs for; {@code suspend} is not part of it. */
    static String digest(LustreFailoverSpec spec) {
        LustreFailoverSpec copy = Serialization.clone(spec);
        copy.suspend = null;
        return Names.digest(Serialization.asJson(copy)).substring(0, 16);
    }

    LustreFailoverStatus start(LustreFailover lfo, List<Node> nodes, Instant now) {
        long round = lfo.getMetadata().getGeneration();
        LustreFailoverStatus s = new LustreFailoverStatus();
        s.round = round;
        s.roundSpec = digest(lfo.getSpec());
        s.startTime = Times.format(now);
        // Nobody has looked at the server yet in this round: claim neither open nor closed.
        s.window = RoundPresenter.WINDOW_UNKNOWN;

        RecoveryPolicySpec referenced = null;
        boolean referencedFound = false;
        List<String> errors = new ArrayList<>();
        if (lfo.getSpec() != null && lfo.getSpec().policyRef != null) {
            String name = lfo.getSpec().policyRef.name;
            // A name the schema would refuse ('/', '..') is never put into a request path.
            LustreRecoveryPolicy p = !SpecValidator.validObjectName(name) ? null : client.resources(LustreRecoveryPolicy.class)
                    .inNamespace(lfo.getMetadata().getNamespace()).withName(name).get();
            referencedFound = p != null;
            referenced = p == null ? null : p.getSpec();
            if (referenced != null && referenced.unreadable() != null) {
                // Stored before the schema's bounds: nothing of it is used, the round fails naming it.
                errors.add("spec.policyRef.name: LustreRecoveryPolicy '" + name + "' cannot be read: " + referenced.unreadable());
                referenced = null;
            } else if (referenced != null) {
                errors.addAll(SpecValidator.validatePolicyFields("LustreRecoveryPolicy '" + name + "' spec", referenced));
            }
        }
        EffectivePolicy policy = null;
        boolean fieldErrors = !errors.isEmpty() || (lfo.getSpec() != null && lfo.getSpec().policy != null
                && !SpecValidator.validatePolicyFields("spec.policy", lfo.getSpec().policy).isEmpty());
        try {
            policy = PolicyResolver.resolve(referenced, lfo.getSpec() == null ? null : lfo.getSpec().policy);
            s.effectivePolicy = policy.toSpec();
        } catch (IllegalArgumentException e) {
            if (!fieldErrors) { // otherwise the field checks already said it, naming the field
                errors.add("policy: " + e.getMessage());
            }
        }
        if (lfo.getMetadata().getName().length() > Names.MAX) {
            errors.add("metadata.name: at most " + Names.MAX + " characters (it labels the round's Jobs)");
        }
        errors.addAll(SpecValidator.validate(lfo.getSpec(), referencedFound, policy));
        deleteEarlierRounds(lfo, round);
        if (!errors.isEmpty()) {
            s.phase = Phase.Failed;
            s.message = SpecValidator.message(errors);
            s.completionTime = Times.format(now);
            Conditions.set(s.conditions, Conditions.COMPLETE, false, "InvalidSpec", s.message, round, now);
            return s;
        }
        List<String> clients = roster.create(lfo, round, nodes,
                n -> LabelSelectors.matches(lfo.getSpec().clients.nodeSelector, n.getMetadata().getLabels()));
        s.clients = new ClientCounts();
        s.clients.expected = lfo.getSpec().clients.expectedCount != null ? lfo.getSpec().clients.expectedCount : clients.size();
        s.progress = "0/" + s.clients.expected;
        s.phase = Phase.Pending;
        s.message = "round " + round + " started with " + clients.size() + " client nodes";
        return s;
    }

    private void deleteEarlierRounds(LustreFailover lfo, long round) {
        String selector = ApiGroup.FAILOVER_LABEL + "=" + Names.labelValue(lfo.getMetadata().getName())
                + "," + ApiGroup.ROUND_LABEL + "!=" + round;
        client.batch().v1().jobs().inNamespace(lfo.getMetadata().getNamespace()).withLabelSelector(selector)
                .withPropagationPolicy(DeletionPropagation.BACKGROUND).delete();
    }
}
