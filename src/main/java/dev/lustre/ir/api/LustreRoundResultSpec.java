package dev.lustre.ir.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import java.util.List;

/** One agent's report in one round. {@link #report} is the authority; the other fields are for kubectl. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class LustreRoundResultSpec {
    /** What the agent did in the round. */
    public enum Role {
        /** A client node's reconnect. */
        Client,
        /** The server's view of the target, rewritten while the round runs. */
        Server,
        /** One {@link LustreClose} carried out by the server's agent. */
        Close
    }

    /** How far the agent got. */
    public enum Progress {
        /** Server: still observing; Close: written before lctl runs, not finished yet. */
        Running,
        Finished,
        /** Close: the agent stopped (a restart) after it began; it is never run again. */
        Interrupted
    }

    @Required
    @Pattern(Patterns.OBJECT_NAME)
    @Size(max = 253)
    @JsonPropertyDescription("The LustreRound this result answers.")
    public String round;

    @Required
    @Pattern(Patterns.NODE_NAME)
    @Size(max = 253)
    @JsonPropertyDescription("The node whose agent wrote it.")
    public String node;

    @Required
    @JsonPropertyDescription("Client (a reconnect), Server (the target while the round runs) or Close (a close carried out).")
    public Role role;

    @Required
    @JsonPropertyDescription("Running, Finished or Interrupted (a close the agent began and never finished: not run again).")
    public Progress progress;

    @Pattern(Patterns.OBJECT_NAME)
    @Size(max = 253)
    @JsonPropertyDescription("With role Close: the LustreClose carried out.")
    public String close;

    @Size(max = 64)
    @JsonPropertyDescription("One word for kubectl: Reconnected, Failed, Evicted (client); the recovery_status (server); Closed, Evicted, TimedOut, Failed (close).")
    public String outcome;

    @Size(max = 1024)
    @JsonPropertyDescription("What the agent said, in one line.")
    public String message;

    @Size(max = 64)
    @JsonPropertyDescription("With role Client: the node's client UUIDs for the target (lctl dl column 5).")
    public List<@Pattern(Patterns.UUID) String> uuids;

    @Size(max = Limits.MAX_REPORT)
    @JsonPropertyDescription("The agent's JSON report, the same document a node Job writes as its termination message.")
    public String report;

    @JsonPropertyDescription("When the agent began (RFC 3339).")
    public String startedAt;

    @JsonPropertyDescription("When the report was observed (RFC 3339): for the server, when its inspection began.")
    public String observedAt;

    @Pattern(AgentSeal.PATTERN)
    @Size(max = 318)
    @JsonPropertyDescription("The writing agent's Pod and an HMAC of this result keyed with that Pod's UID: the operator takes a client's result only when the seal checks out and the Pod runs on the node the result names.")
    public String seal;
}
