package dev.lustre.ir.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;

/** Counts the operator computes; bounded to what a Java int holds, never negative. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class ClientCounts {
    @Min(0)
    @Max(Limits.MAX_INT)
    @JsonPropertyDescription("Clients the round waits for: spec.clients.expectedCount, or else the number of roster nodes when the round started.")
    public int expected;
    @Min(0)
    @Max(Limits.MAX_INT)
    @JsonPropertyDescription("Roster nodes handed a reconnect so far, through their resident agent or a client Job (viaAgent + viaJob).")
    public int dispatched;
    @Min(0)
    @Max(Limits.MAX_INT)
    @JsonPropertyDescription("Clients that reported their imports reconnected to the failover server.")
    public int reconnected;
    @Min(0)
    @Max(Limits.MAX_INT)
    @JsonPropertyDescription("Clients proven dead by evidence the effective policy's deadClientEvidence accepts.")
    public int dead;
    @Min(0)
    @Max(Limits.MAX_INT)
    @JsonPropertyDescription("Clients whose reconnect failed, where the policy's deadClientEvidence does not take the failure as proof of death.")
    public int failed;
    @Min(0)
    @Max(Limits.MAX_INT)
    @JsonPropertyDescription("Clients not back yet and not proven dead: no reconnect started, or one still running.")
    public int pending;
    /** Clients that took part through their resident agent. */
    @Min(0)
    @Max(Limits.MAX_INT)
    @JsonPropertyDescription("Clients that took part through their resident agent.")
    public int viaAgent;
    /** Clients that took part through a Job (no live agent, or its agent fell silent). */
    @Min(0)
    @Max(Limits.MAX_INT)
    @JsonPropertyDescription("Clients that took part through a Job (no live agent, or its agent fell silent).")
    public int viaJob;
}
