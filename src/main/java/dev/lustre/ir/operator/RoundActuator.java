package dev.lustre.ir.operator;

import dev.lustre.ir.api.LustreClose;
import dev.lustre.ir.api.LustreFailover;
import dev.lustre.ir.api.LustreRound;
import dev.lustre.ir.api.RecoveryPolicySpec.CloseMethod;
import dev.lustre.ir.api.Via;
import dev.lustre.ir.operator.RoundStep.JobRequest;
import dev.lustre.ir.policy.EffectivePolicy;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import java.util.ArrayList;
import java.util.List;

/**
 * Carries out a step's side effect: issues the round's LustreRound and LustreCloses, creates its
 * Jobs, then records what the round learned.
 */
final class RoundActuator {
    private final AgentJobFactory factory;
    private final JobLauncher launcher;
    private final Inventory inventory;
    private final OrderLauncher orders;

    RoundActuator(AgentJobFactory factory, JobLauncher launcher, Inventory inventory, OrderLauncher orders) {
        this.factory = factory;
        this.launcher = launcher;
        this.inventory = inventory;
        this.orders = orders;
    }

    void apply(LustreFailover lfo, long round, EffectivePolicy policy, RoundStep step, LustreRound issued) {
        List<Job> jobs = new ArrayList<>();
        for (JobRequest request : step.jobs()) {
            if (request instanceof JobRequest.Round) {
                StepFailedException.during("creating the LustreRound", () -> orders.create(RoundOrders.round(lfo, round, policy)));
            } else if (request instanceof JobRequest.EvictEarly e) {
                order(RoundOrders.close(lfo, issuedRound(issued), e.sequence(), e.plan(), null, false, null));
            } else if (request instanceof JobRequest.Close c && step.serverVia() == Via.Agent) {
                order(RoundOrders.close(lfo, issuedRound(issued), c.sequence(), c.plan(), c.closedBy(), true, factory.closeTimeout()));
            } else if (request instanceof JobRequest.Preflight) {
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

    private void order(LustreClose close) {
        StepFailedException.during("issuing " + close.getMetadata().getName() + " to the server's agent", () -> orders.create(close));
    }

    private static LustreRound issuedRound(LustreRound issued) {
        if (issued == null || issued.getMetadata().getUid() == null) {
            // Never happens in order: the round is issued at its start, long before any close.
            throw new StepFailedException("issuing a close",
                    new IllegalStateException("the round's LustreRound is not in the cache yet; the close is issued at the next step"));
        }
        return issued;
    }
}
