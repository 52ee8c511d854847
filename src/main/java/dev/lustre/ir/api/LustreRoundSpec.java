package dev.lustre.ir.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import java.util.List;

/** What every agent needs to act on a round, copied from the failover's validated spec when the round starts. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class LustreRoundSpec {
    @Required
    @Pattern(Patterns.OBJECT_NAME)
    @Size(max = 253)
    @JsonPropertyDescription("The LustreFailover this round belongs to.")
    public String failover;

    @Required
    @Min(1)
    @Max(Limits.MAX_SAFE_LONG)
    @JsonPropertyDescription("The round: the failover's generation when it started.")
    public Long round;

    @Required
    @Pattern(Patterns.FS_NAME)
    @JsonPropertyDescription("The file system.")
    public String fsName;

    @Required
    @Pattern(Patterns.TARGET)
    @JsonPropertyDescription("The target that failed over: clients reconnect their devices of it.")
    public String target;

    @Required
    @Pattern(Patterns.NODE_NAME)
    @Size(max = 253)
    @JsonPropertyDescription("The node now serving the target; its agent reports the target and closes the window.")
    public String serverNode;

    @Required
    @Size(min = 1, max = 16)
    @JsonPropertyDescription("The failover server's NIDs, in preference order.")
    public List<@Pattern(Patterns.NID) @Size(max = Limits.MAX_NID) String> nids;

    @Pattern(Patterns.POSITIVE_DURATION)
    @Size(max = Limits.MAX_DURATION_LENGTH)
    @JsonPropertyDescription("How long a client agent waits for its imports to reconnect.")
    public String reconnectTimeout;
}
