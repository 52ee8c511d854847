package dev.lustre.ir.operator;

import dev.lustre.ir.api.ClosePlan;
import dev.lustre.ir.api.ClosedBy;
import dev.lustre.ir.api.Phase;
import dev.lustre.ir.api.ServerStatus;
import dev.lustre.ir.api.Via;
import dev.lustre.ir.policy.Plan;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * What one step of a round decided: the state the round moves to, as the status records it, and
 * the side effect that moves it there (Jobs to create, UUIDs learned for the inventory).
 *
 * @param server         the server as this step saw it, or null to keep the recorded view
 * @param failure        the Complete condition's reason, with {@link Phase#Failed}
 * @param windowClosedAt when the window was seen closed, with {@link Phase#Recovered}
 * @param verifications  verification Jobs of the round once this step's Jobs exist
 * @param learned        client UUIDs per node that this round learned, to record in the inventory
 * @param again          when to look again; null once the round is over
 * @param serverVia      how the server is reached in this round, to record
 */
record RoundStep(
        Phase phase,
        String message,
        ClosedBy closedBy,
        ClosePlan plan,
        String leftToLustre,
        ServerStatus server,
        String failure,
        Instant windowClosedAt,
        List<JobRequest> jobs,
        int verifications,
        Map<String, List<String>> learned,
        Duration again,
        Via serverVia) {

    RoundStep {
        jobs = List.copyOf(jobs);
        learned = Map.copyOf(learned);
    }

    /** Reconnect Jobs this step creates. */
    int reconnects() {
        return jobs.stream().mapToInt(j -> j instanceof JobRequest.Reconnect r ? r.nodes().size() : 0).sum();
    }

    /**
     * An object the round needs (a Job, the LustreRound, a LustreClose); built by the actuator, so
     * this decision stays free of Kubernetes objects.
     */
    sealed interface JobRequest {
        /** The round's LustreRound, from which resident agents learn of it. */
        record Round() implements JobRequest {
        }

        record Preflight() implements JobRequest {
        }

        /** The {@code sequence}-th server inspection after the preflight. */
        record Verify(int sequence) implements JobRequest {
        }

        /** Client Jobs, one per node; {@code instance} is the target's, when the server said it. */
        record Reconnect(List<String> nodes, Long instance) implements JobRequest {
            public Reconnect {
                nodes = List.copyOf(nodes);
            }
        }

        /** The close; {@code sequence} numbers it among the closes issued to a server's agent. */
        record Close(Plan plan, ClosedBy closedBy, int sequence) implements JobRequest {
        }

        /** Dead clients' UUIDs for the server's agent to evict now, while live clients still reconnect. */
        record EvictEarly(Plan plan, int sequence) implements JobRequest {
        }
    }
}
