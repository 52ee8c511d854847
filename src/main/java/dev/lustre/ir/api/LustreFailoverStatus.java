package dev.lustre.ir.api;

import com.fasterxml.jackson.annotation.JsonInclude;
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
    public Long observedGeneration;
    /** The generation whose round this status describes; approvals name it. */
    @Min(0)
    @Max(Limits.MAX_SAFE_LONG)
    public Long round;
    /** Digest of the spec the round runs for; a change other than suspend starts a new round. */
    public String roundSpec;
    public Phase phase;
    /** reconnected/expected, for the printer column. */
    public String progress;
    /** open or closed, for the printer column. */
    public String window;
    public String message;
    public String startTime;
    public String windowClosedTime;
    public String completionTime;
    public RecoveryPolicySpec effectivePolicy;
    public ServerStatus server;
    /** How the server is reached in this round: its resident agent, or Jobs on it; fixed when the round starts. */
    public Via serverVia;
    public ClientCounts clients;
    public List<ClientIssue> notReconnected;
    public ClosePlan plan;
    /** Dead clients evicted before the policy held, so that the last live client's replay could end the window. */
    public EarlyEvictions evictedEarly;
    /**
     * Set while the server waits for clients the operator may not evict (not proven dead, claimed by no
     * roster node, or another target's export): says who and that Lustre's own recovery timer ends the wait.
     */
    public String leftToLustre;
    /** Server inspections after the preflight (verifications of the target's recovery status). */
    @Min(0)
    @Max(Limits.MAX_INT)
    public Integer verifications;
    public ClosedBy closedBy;
    public List<Condition> conditions = new ArrayList<>();

}
