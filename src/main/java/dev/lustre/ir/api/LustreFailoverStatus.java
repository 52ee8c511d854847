package dev.lustre.ir.api;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.kubernetes.api.model.Condition;
import java.util.ArrayList;
import java.util.List;

/** Written only by the operator, through the status subresource. Counts are complete; lists are bounded. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class LustreFailoverStatus {
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
    public ClientCounts clients;
    public List<ClientIssue> notReconnected;
    public ClosePlan plan;
    /** Server inspections after the preflight (verifications of the target's recovery status). */
    @Min(0)
    @Max(Limits.MAX_INT)
    public Integer verifications;
    public ClosedBy closedBy;
    public List<Condition> conditions = new ArrayList<>();

    /** Why the stored status could not be read, naming the field; null when it was read. Never stored. */
    @JsonIgnore
    private String unreadable;

    public String unreadable() {
        return unreadable;
    }

    public void markUnreadable(String why) {
        this.unreadable = why;
    }
}
