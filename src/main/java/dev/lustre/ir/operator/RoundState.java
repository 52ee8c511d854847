package dev.lustre.ir.operator;

import dev.lustre.ir.api.LustreFailover;
import dev.lustre.ir.api.LustreFailoverStatus;
import dev.lustre.ir.policy.EffectivePolicy;
import io.fabric8.kubernetes.api.model.Node;
import java.time.Instant;
import java.util.Map;
import java.util.function.Function;

/**
 * What one reconcile hands a running round: the resource, its recorded status, the round's Jobs
 * (by name), the Node cache and the round's resident-agent side.
 */
record RoundState(
        LustreFailover lfo,
        LustreFailoverStatus status,
        long round,
        EffectivePolicy policy,
        Map<String, JobView> jobs,
        Function<String, Node> nodes,
        RoundAgents agents,
        Instant now) {

    String name() {
        return lfo.getMetadata().getName();
    }

    String namespace() {
        return lfo.getMetadata().getNamespace();
    }

    boolean suspended() {
        return lfo.getSpec().suspended();
    }

    JobView job(String jobName) {
        return jobs.get(jobName);
    }
}
