package dev.lustre.ir.operator;

import dev.lustre.ir.api.LustreFailover;
import dev.lustre.ir.api.RecoveryPolicySpec.CloseMethod;
import dev.lustre.ir.operator.RoundStep.JobRequest;
import dev.lustre.ir.policy.EffectivePolicy;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import java.util.ArrayList;
import java.util.List;

/** Carries out a step's side effect: creates its Jobs, then records what the round learned. */
final class RoundActuator {
    private final AgentJobFactory factory;
    private final JobLauncher launcher;
    private final Inventory inventory;

    RoundActuator(AgentJobFactory factory, JobLauncher launcher, Inventory inventory) {
        this.factory = factory;
        this.launcher = launcher;
        this.inventory = inventory;
    }

    void apply(LustreFailover lfo, long round, EffectivePolicy policy, RoundStep step) {
        List<Job> jobs = new ArrayList<>();
        for (JobRequest request : step.jobs()) {
            if (request instanceof JobRequest.Preflight) {
                jobs.add(factory.inspect(lfo, round, policy, AgentJobFactory.ROLE_PREFLIGHT, 0));
            } else if (request instanceof JobRequest.Verify v) {
                jobs.add(factory.inspect(lfo, round, policy, AgentJobFactory.ROLE_VERIFY, v.sequence()));
            } else if (request instanceof JobRequest.Reconnect r) {
                r.nodes().forEach(node -> jobs.add(factory.reconnect(lfo, round, policy, node, r.instance())));
            } else if (request instanceof JobRequest.Close c) {
                jobs.add(IssuedClose.annotate(factory.close(lfo, round, policy, c.plan().action() == CloseMethod.AbortRecovery,
                        c.plan().uuids()), c.plan(), c.closedBy()));
            }
        }
        if (!jobs.isEmpty()) {
            StepFailedException.during("creating " + jobs.size() + " Job(s) (" + jobs.get(0).getMetadata().getName()
                    + (jobs.size() > 1 ? ", …" : "") + ")", () -> launcher.create(jobs));
        }
        if (!step.learned().isEmpty()) {
            StepFailedException.during("recording the client inventory", () -> inventory.record(lfo, step.learned()));
        }
    }
}
