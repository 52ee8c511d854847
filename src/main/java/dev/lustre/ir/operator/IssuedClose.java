package dev.lustre.ir.operator;

import dev.lustre.ir.api.ApiGroup;
import dev.lustre.ir.api.ClosedBy;
import dev.lustre.ir.api.RecoveryPolicySpec.CloseMethod;
import dev.lustre.ir.policy.Plan;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The close Job is the lasting record of a close: its argv says whom it evicts, its annotations why
 * and by which rule. A status write lost after the Job was created (an operator stopped in between,
 * an API error) would otherwise lose the plan of an eviction that is already running.
 */
final class IssuedClose {
    static final String CLOSED_BY = ApiGroup.NAME + "/closed-by";
    static final String REASON = ApiGroup.NAME + "/close-reason";
    static final String LEFT_TO_LUSTRE = ApiGroup.NAME + "/left-to-lustre";

    private IssuedClose() {
    }

    static Job annotate(Job close, Plan plan, ClosedBy closedBy) {
        Map<String, String> a = new LinkedHashMap<>(annotations(close));
        a.put(CLOSED_BY, closedBy.name());
        a.put(REASON, plan.reason());
        if (plan.leftToLustre() != null) {
            a.put(LEFT_TO_LUSTRE, plan.leftToLustre());
        }
        close.getMetadata().setAnnotations(a);
        return close;
    }

    static Plan plan(Job close) {
        List<String> args = close.getSpec().getTemplate().getSpec().getContainers().get(0).getArgs();
        List<String> uuids = new ArrayList<>();
        for (int i = 0; i + 1 < args.size(); i++) {
            if ("--evict-uuid".equals(args.get(i))) {
                uuids.add(args.get(i + 1));
            }
        }
        Map<String, String> a = annotations(close);
        return new Plan(args.contains("--abort") ? CloseMethod.AbortRecovery : CloseMethod.EvictDead, uuids,
                a.get(REASON), a.get(LEFT_TO_LUSTRE));
    }

    /** The rule a close (its Job, or the LustreClose issued to a server's agent) was issued under. */
    static ClosedBy closedBy(HasMetadata close) {
        // Anyone may edit an object's annotations: a value that names no rule is no rule.
        String by = annotations(close).get(CLOSED_BY);
        return Arrays.stream(ClosedBy.values()).filter(v -> v.name().equals(by)).findFirst().orElse(null);
    }

    static Map<String, String> annotations(HasMetadata job) {
        Map<String, String> a = job.getMetadata().getAnnotations();
        return a == null ? Map.of() : a;
    }
}
