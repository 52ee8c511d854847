package dev.lustre.ir.policy;

import dev.lustre.ir.api.RecoveryPolicySpec.Evidence;
import dev.lustre.ir.report.AgentError;
import java.time.Instant;
import java.util.Set;

/** Joins node health and the Job's outcome into a client's state, honouring the evidence the policy accepts. */
public final class ClientClassifier {
    private ClientClassifier() {
    }

    /** Without the time the health began (an early eviction then never takes NotReady as proof). */
    public static ClientObservation classify(String node, NodeHealth health, JobOutcome job, Set<Evidence> accepted) {
        return classify(node, new ObservedNodeHealth(health, null), job, accepted);
    }

    public static ClientObservation classify(String node, ObservedNodeHealth observed, JobOutcome job, Set<Evidence> accepted) {
        NodeHealth health = observed.health();
        // A client that reported itself reconnected is back, whatever its node does afterwards:
        // evicting it would throw away a live client's replay.
        if (job.phase() == JobOutcome.Phase.Succeeded && job.agentOk()) {
            return new ClientObservation(node, ClientState.Reconnected, null, job.uuids(), job.attempts(), null, health, null);
        }
        if (health == NodeHealth.Missing && accepted.contains(Evidence.NodeMissing)) {
            return dead(node, Evidence.NodeMissing, job, "node object is gone", health, observed.since());
        }
        if ((health == NodeHealth.NotReady || health == NodeHealth.OutOfService) && accepted.contains(Evidence.NodeNotReady)) {
            return dead(node, Evidence.NodeNotReady, job,
                    health == NodeHealth.OutOfService ? "node is tainted out-of-service" : "node is not Ready",
                    health, observed.since());
        }
        return switch (job.phase()) {
            case NotCreated -> new ClientObservation(node, ClientState.Pending, null, job.uuids(), 0, null, health, null);
            case Running -> new ClientObservation(node, ClientState.Running, null, job.uuids(), job.attempts(), job.message(),
                    health, null);
            case Succeeded, Failed -> failed(node, job, accepted, health);
        };
    }

    private static ClientObservation failed(String node, JobOutcome job, Set<Evidence> accepted, NodeHealth health) {
        // The Job's report carries no time of its own here: its evidence has no "since".
        if (AgentError.Evicted.name().equals(job.agentError()) && accepted.contains(Evidence.Evicted)) {
            return dead(node, Evidence.Evicted, job, job.message(), health, null);
        }
        if (accepted.contains(Evidence.JobFailed)) {
            return dead(node, Evidence.JobFailed, job, job.message(), health, null);
        }
        return new ClientObservation(node, ClientState.Failed, null, job.uuids(), job.attempts(), job.message(), health, null);
    }

    private static ClientObservation dead(String node, Evidence evidence, JobOutcome job, String message, NodeHealth health,
            Instant since) {
        return new ClientObservation(node, ClientState.Dead, evidence, job.uuids(), job.attempts(), message, health, since);
    }
}
