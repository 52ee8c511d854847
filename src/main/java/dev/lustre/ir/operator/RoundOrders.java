package dev.lustre.ir.operator;

import dev.lustre.ir.api.ApiGroup;
import dev.lustre.ir.api.ClosedBy;
import dev.lustre.ir.api.LustreClose;
import dev.lustre.ir.api.LustreCloseSpec;
import dev.lustre.ir.api.LustreFailover;
import dev.lustre.ir.api.LustreRound;
import dev.lustre.ir.api.LustreRoundSpec;
import dev.lustre.ir.api.RoundNames;
import dev.lustre.ir.policy.Durations;
import dev.lustre.ir.policy.EffectivePolicy;
import dev.lustre.ir.policy.Plan;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The objects through which a round reaches the resident agents: its {@link LustreRound} and each
 * {@link LustreClose}. Both are built once from validated values and never changed: an agent acts on
 * what it was given, and a close is carried out as it was issued.
 */
final class RoundOrders {
    private RoundOrders() {
    }

    static LustreRound round(LustreFailover lfo, long round, EffectivePolicy policy) {
        LustreRound r = new LustreRound();
        r.setMetadata(new ObjectMetaBuilder().withName(RoundNames.round(lfo.getMetadata().getName(), round))
                .withNamespace(lfo.getMetadata().getNamespace()).withLabels(labels(lfo, round))
                .withOwnerReferences(owner(lfo)).build());
        LustreRoundSpec s = new LustreRoundSpec();
        s.failover = lfo.getMetadata().getName();
        s.round = round;
        s.fsName = lfo.getSpec().fsName;
        s.target = lfo.getSpec().target;
        s.serverNode = lfo.getSpec().server.node;
        s.nids = lfo.getSpec().server.nids;
        s.reconnectTimeout = Durations.format(policy.reconnectTimeout());
        r.setSpec(s);
        return r;
    }

    /**
     * The {@code sequence}-th close of the round, owned by the round (so a deleted failover takes it
     * along). Why and by which rule ride in annotations, as on a close Job: a status write lost after
     * the create does not lose the plan.
     */
    static LustreClose close(LustreFailover lfo, LustreRound round, int sequence, Plan plan, ClosedBy closedBy,
            boolean waitForWindow, Duration timeout) {
        LustreClose c = new LustreClose();
        Map<String, String> annotations = new LinkedHashMap<>();
        if (closedBy != null) {
            annotations.put(IssuedClose.CLOSED_BY, closedBy.name());
        }
        if (plan.leftToLustre() != null) {
            annotations.put(IssuedClose.LEFT_TO_LUSTRE, plan.leftToLustre());
        }
        c.setMetadata(new ObjectMetaBuilder().withName(RoundNames.close(lfo.getMetadata().getName(), round.getSpec().round, sequence))
                .withNamespace(lfo.getMetadata().getNamespace()).withLabels(labels(lfo, round.getSpec().round))
                .withAnnotations(annotations).withOwnerReferences(owner(round)).build());
        LustreCloseSpec s = new LustreCloseSpec();
        s.round = round.getMetadata().getName();
        s.sequence = sequence;
        s.target = round.getSpec().target;
        s.serverNode = round.getSpec().serverNode;
        s.action = plan.action();
        s.uuids = plan.uuids();
        s.count = plan.uuids().size();
        s.waitForWindow = waitForWindow;
        s.timeout = waitForWindow ? Durations.format(timeout) : null;
        s.reason = plan.reason();
        c.setSpec(s);
        return c;
    }

    /** The plan a close was issued with, read back from the close itself. */
    static Plan plan(LustreClose close) {
        LustreCloseSpec s = close.getSpec();
        return new Plan(s.action, s.uuids == null ? List.of() : s.uuids, s.reason,
                IssuedClose.annotations(close).get(IssuedClose.LEFT_TO_LUSTRE));
    }

    private static Map<String, String> labels(LustreFailover lfo, long round) {
        Map<String, String> labels = new LinkedHashMap<>();
        labels.put("app.kubernetes.io/managed-by", AgentJobFactory.MANAGED_BY);
        labels.put(ApiGroup.FAILOVER_LABEL, Names.labelValue(lfo.getMetadata().getName()));
        labels.put(ApiGroup.ROUND_LABEL, Long.toString(round));
        return labels;
    }

    private static OwnerReference owner(HasMetadata o) {
        return new OwnerReferenceBuilder().withApiVersion(o.getApiVersion()).withKind(o.getKind())
                .withName(o.getMetadata().getName()).withUid(o.getMetadata().getUid()).withController(true)
                .withBlockOwnerDeletion(true).build();
    }
}
