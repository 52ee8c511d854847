package dev.lustre.ir.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Size;
import io.fabric8.kubernetes.api.model.IntOrString;
import java.util.List;

/**
 * The rules of a recovery round. Every field is optional: a LustreFailover's inline policy overrides
 * its referenced policy field by field, and defaults fill the rest.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class RecoveryPolicySpec extends Unreadable {
    @JsonPropertyDescription("When to close the recovery window. Default AllReconnected.")
    public CloseWhen closeWhen;

    // The generator drops these three on an int-or-string field; CrdFiles puts them back. The
    // API server applies the pattern to the string form only and the bounds to the integer form only.
    @Pattern(Patterns.QUORUM)
    @Min(0)
    @Max(Limits.MAX_CLIENTS)
    @JsonPropertyDescription("With Quorum: clients (0-100000, int or string) or percent of expected clients (0%-100%) that must be back. Default 100%.")
    public IntOrString quorum;

    @Pattern(Patterns.POSITIVE_DURATION)
    @Size(max = Limits.MAX_DURATION_LENGTH)
    @JsonPropertyDescription("Time after the round starts after which the window is closed whatever the count. Default 120s.")
    public String deadline;

    @Size(min = 1)
    @JsonPropertyDescription("Evidence that marks a client dead. Default all four.")
    public List<Evidence> deadClientEvidence;

    @JsonPropertyDescription("EvictDead evicts only dead UUIDs; AbortRecovery evicts every unfinished client. Default EvictDead.")
    public CloseMethod closeMethod;

    @JsonPropertyDescription("Declares that every Lustre client of this file system is a roster node (no login nodes, data "
            + "movers or other clusters). Then, once every roster node that has not reported is proven dead, the stale "
            + "client UUIDs no roster node claims are taken as those dead nodes' and may be evicted. Default false: only "
            + "UUIDs mapped to a dead roster node are evicted.")
    public Boolean rosterComplete;

    @JsonPropertyDescription("Required: show the plan and wait for the ir.lustre.dev/approve=<round> annotation. Default Automatic.")
    public Approval approval;

    @Pattern(Patterns.POSITIVE_DURATION)
    @Size(max = Limits.MAX_DURATION_LENGTH)
    @JsonPropertyDescription("One client job's wait for its import to reconnect. Default 60s.")
    public String reconnectTimeout;

    @Min(1)
    @Max(10000)
    @JsonPropertyDescription("Client jobs alive at once. Default 64.")
    public Integer maxConcurrentJobs;

    @Min(0)
    @Max(20)
    @JsonPropertyDescription("Retries of a failed job. Default 2.")
    public Integer jobBackoffLimit;

    @Pattern(Patterns.POSITIVE_DURATION)
    @Size(max = Limits.MAX_DURATION_LENGTH)
    @JsonPropertyDescription("Finished jobs are deleted after this. Default 10m.")
    public String jobTtlAfterFinished;


    public enum CloseWhen { AllReconnected, Quorum, Deadline, Never }

    public enum Evidence { NodeNotReady, NodeMissing, JobFailed, Evicted }

    public enum CloseMethod { EvictDead, AbortRecovery }

    public enum Approval { Automatic, Required }
}
