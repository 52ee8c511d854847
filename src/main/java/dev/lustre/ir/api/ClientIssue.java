package dev.lustre.ir.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;

/** A client that is not back, and why. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class ClientIssue {
    @JsonPropertyDescription("The roster node (Kubernetes node name) that is not back.")
    public String node;
    @JsonPropertyDescription("One client UUID of the node: the first it reported in this round, or for a dead node that reported none, the first known from the inventory or its agent's registration; absent when none is known.")
    public String uuid;
    @JsonPropertyDescription("Why it is not back: the evidence that proves it dead (NodeNotReady, NodeMissing, JobFailed, Evicted), or else Failed, Running or Pending.")
    public String reason;
    @Min(0)
    @Max(Limits.MAX_INT)
    @JsonPropertyDescription("Reconnect attempts so far: the Pods of its client Job, or 1 for its resident agent; 0 before any.")
    public Integer attempts;
    @JsonPropertyDescription("What the node's health, its Job or its agent said, in one line.")
    public String message;
}
