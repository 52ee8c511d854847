package dev.lustre.ir.policy;

import java.util.List;

/** A client Job as the operator sees it, with what its agent reported. */
public record JobOutcome(Phase phase, boolean agentOk, String agentError, List<String> uuids, int attempts,
        String message) {
    public enum Phase { NotCreated, Running, Succeeded, Failed }

    public static JobOutcome notCreated() {
        return new JobOutcome(Phase.NotCreated, false, null, List.of(), 0, null);
    }
}
