package dev.lustre.ir.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import dev.lustre.ir.api.RecoveryPolicySpec.CloseMethod;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import java.util.List;

/** The close: the argv of close-window, as values the agent validates again before it runs anything. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class LustreCloseSpec {
    @Required
    @Pattern(Patterns.OBJECT_NAME)
    @Size(max = 253)
    @JsonPropertyDescription("The LustreRound this close belongs to.")
    public String round;

    @Required
    @Min(1)
    @Max(10_000)
    @JsonPropertyDescription("1 for the round's first close, 2 for the next: each runs once.")
    public Integer sequence;

    @Required
    @Pattern(Patterns.TARGET)
    @JsonPropertyDescription("The target whose window this closes.")
    public String target;

    @Required
    @Pattern(Patterns.NODE_NAME)
    @Size(max = 253)
    @JsonPropertyDescription("The node serving the target: only its agent carries this out.")
    public String serverNode;

    @Required
    @JsonPropertyDescription("EvictDead (evict exactly these UUIDs) or AbortRecovery.")
    public CloseMethod action;

    @Size(max = Limits.MAX_CLIENTS)
    @JsonPropertyDescription("With EvictDead: the client UUIDs to evict, each mapped to a node proven dead.")
    public List<@Pattern(Patterns.UUID) String> uuids;

    @Min(0)
    @Max(Limits.MAX_CLIENTS)
    @JsonPropertyDescription("How many UUIDs (for kubectl).")
    public Integer count;

    @Required
    @JsonPropertyDescription("Whether the agent waits for the target to leave recovery (the last close) or evicts and reports at once (an early eviction while live clients still reconnect).")
    public Boolean waitForWindow;

    @Pattern(Patterns.POSITIVE_DURATION)
    @Size(max = Limits.MAX_DURATION_LENGTH)
    @JsonPropertyDescription("With waitForWindow: how long the agent waits for the target to leave recovery.")
    public String timeout;

    @Size(max = 64)
    @JsonPropertyDescription("Why: DeadClients, DeadlineExpired, ServerWaitsForUnknownClients, or ProvenDeadEarly for an early eviction.")
    public String reason;
}
