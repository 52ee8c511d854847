package dev.lustre.ir.policy;

/** A client Job as the operator sees it, with what its agent reported. */
public record JobOutcome(Phase phase, boolean agentOk, String agentError, java.util.List<String> uuids, int attempts,
        String message) {
    public enum Phase { NotCreated, Running, Succeeded, Failed }

    public static JobOutcome notCreated() {
        return new JobOutcome(Phase.NotCreated, false, null, java.util.List.of(), 0, null);
    }
}
