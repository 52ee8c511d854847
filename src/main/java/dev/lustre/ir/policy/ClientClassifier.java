package dev.lustre.ir.policy;

import dev.lustre.ir.api.RecoveryPolicySpec.Evidence;
import dev.lustre.ir.report.AgentError;
import java.util.Set;

/** Joins node health and the Job's outcome into a client's state, honouring the evidence the policy accepts. */
public final class ClientClassifier {
    private ClientClassifier() {
    }

    public static ClientObservation classify(String node, NodeHealth health, JobOutcome job, Set<Evidence> accepted) {
        // A client that reported itself reconnected is back, whatever its node does afterwards:
        // evicting it would throw away a live client's replay.
        if (job.phase() == JobOutcome.Phase.Succeeded && job.agentOk()) {
            return new ClientObservation(node, ClientState.Reconnected, null, job.uuids(), job.attempts(), null);
        }
        if (health == NodeHealth.Missing && accepted.contains(Evidence.NodeMissing)) {
            return dead(node, Evidence.NodeMissing, job, "node object is gone");
        }
        if ((health == NodeHealth.NotReady || health == NodeHealth.OutOfService) && accepted.contains(Evidence.NodeNotReady)) {
            return dead(node, Evidence.NodeNotReady, job,
                    health == NodeHealth.OutOfService ? "node is tainted out-of-service" : "node is not Ready");
        }
        return switch (job.phase()) {
            case NotCreated -> new ClientObservation(node, ClientState.Pending, null, job.uuids(), 0, null);
            case Running -> new ClientObservation(node, ClientState.Running, null, job.uuids(), job.attempts(), job.message());
            case Succeeded, Failed -> failed(node, job, accepted);
        };
    }

    private static ClientObservation failed(String node, JobOutcome job, Set<Evidence> accepted) {
        if (AgentError.Evicted.name().equals(job.agentError()) && accepted.contains(Evidence.Evicted)) {
            return dead(node, Evidence.Evicted, job, job.message());
        }
        if (accepted.contains(Evidence.JobFailed)) {
            return dead(node, Evidence.JobFailed, job, job.message());
        }
        return new ClientObservation(node, ClientState.Failed, null, job.uuids(), job.attempts(), job.message());
    }

    private static ClientObservation dead(String node, Evidence evidence, JobOutcome job, String message) {
        return new ClientObservation(node, ClientState.Dead, evidence, job.uuids(), job.attempts(), message);
    }
}
