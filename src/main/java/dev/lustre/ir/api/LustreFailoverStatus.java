package dev.lustre.ir.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.kubernetes.api.model.Condition;
import java.util.ArrayList;
import java.util.List;

/** Written only by the operator, through the status subresource. Counts are complete; lists are bounded. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class LustreFailoverStatus extends Unreadable {
    @Min(0)
    @Max(Limits.MAX_SAFE_LONG)
    @JsonPropertyDescription("The generation of the LustreFailover this status was last written for.")
    public Long observedGeneration;
    /** The generation whose round this status describes; approvals name it. */
    @Min(0)
    @Max(Limits.MAX_SAFE_LONG)
    @JsonPropertyDescription("The round this status describes: the generation the round started at. Approvals name it (ir.lustre.dev/approve=<round>).")
    public Long round;
    /** Digest of the spec the round runs for; a change other than suspend starts a new round. */
    @JsonPropertyDescription("Digest of the spec the round runs for, suspend left out; a change other than suspend starts a new round.")
    public String roundSpec;
    @JsonPropertyDescription("Where the round is: Pending, Preflight, Reconnecting, AwaitingApproval, ClosingWindow, Recovered, Failed or Suspended. Recovered and Failed are final for the round.")
    public Phase phase;
    /** reconnected/expected, for the printer column. */
    @JsonPropertyDescription("reconnected/expected clients, for the printer column.")
    public String progress;
    /** open, closed or unknown, for the printer column. */
    @JsonPropertyDescription("open or closed: whether the target was last seen in recovery, for the printer column; unknown while "
            + "the round has not read the target's recovery status (e.g. a round that failed before inspecting the server).")
    public String window;
    @JsonPropertyDescription("One line on the state of the round: counts while clients reconnect, the plan while closing, or why it failed.")
    public String message;
    @JsonPropertyDescription("When the round started (RFC 3339).")
    public String startTime;
    @JsonPropertyDescription("When the target was seen out of recovery (RFC 3339); set when the round is Recovered.")
    public String windowClosedTime;
    @JsonPropertyDescription("When the round ended, Recovered or Failed (RFC 3339).")
    public String completionTime;
    @JsonPropertyDescription("The policy the round runs under: the referenced policy, the inline fields over it and the defaults, resolved once when the round starts; a later policy edit does not change it.")
    public RecoveryPolicySpec effectivePolicy;
    @JsonPropertyDescription("The target's recovery state as the server last reported it (preflight, verifications, the server's agent, or the close).")
    public ServerStatus server;
    /** How the server is reached in this round: its resident agent, or Jobs on it; fixed when the round starts. */
    @JsonPropertyDescription("How the server is reached in this round: Agent (its resident agent) or Job (Jobs on it); fixed when the round starts.")
    public Via serverVia;
    @JsonPropertyDescription("Counts of the round's clients, always complete.")
    public ClientCounts clients;
    @JsonPropertyDescription("Clients that are not back, and why: the dead first, then failed, running and pending; at most 100 (the counts are complete). Absent when every client is back.")
    public List<ClientIssue> notReconnected;
    @JsonPropertyDescription("What closing the window will do, or did: set once the policy holds (awaiting approval, or when the close is issued).")
    public ClosePlan plan;
    /** Dead clients evicted before the policy held, so that the last live client's replay could end the window. */
    @JsonPropertyDescription("Dead clients evicted before the policy held, so that the last live client's replay could end the window.")
    public EarlyEvictions evictedEarly;
    /**
     * Set while the server waits for clients the operator may not evict (not proven dead, claimed by no
     * roster node, or another target's export): says who and that Lustre's own recovery timer ends the wait.
     */
    @JsonPropertyDescription("Set while the server waits for clients the operator may not evict (not proven dead, claimed by no roster node, or another target's export): says who, and that Lustre's own recovery timer ends the wait.")
    public String leftToLustre;
    /** Server inspections after the preflight (verifications of the target's recovery status). */
    @Min(0)
    @Max(Limits.MAX_INT)
    @JsonPropertyDescription("Server inspections after the preflight (verification Jobs reading the target's recovery status again); absent when none, as when the server's resident agent reports all along.")
    public Integer verifications;
    @JsonPropertyDescription("What let the window close, set when the close is decided: AllReconnected, Quorum or Deadline (the policy's rule that held), Approved (a plan approved by annotation), or LustreFinishedOnItsOwn (the target left recovery by itself, e.g. on Lustre's own timer).")
    public ClosedBy closedBy;
    @JsonPropertyDescription("Reconnected, WindowClosed, Complete, Degraded and Paused, derived from the rest of the status. Complete is True once Recovered; a failed round has Complete=False with the failure as reason.")
    public List<Condition> conditions = new ArrayList<>();

}
