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
 *
 * <p>The durations' upper bounds are no regular expression of reasonable size, so the operator checks
 * them ({@code SpecValidator}: the round ends InvalidSpec naming the field). They are not CEL rules
 * ({@code x-kubernetes-validations}) either: a 1.20 API server refuses a CRD carrying them when it is
 * applied server-side.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class RecoveryPolicySpec extends Unreadable {
    @JsonPropertyDescription("When to close the recovery window. Default AllReconnected.")
    public CloseWhen closeWhen;

    // The generator drops these three on an int-or-string field; CrdFiles puts them back. The
    // API server applies the pattern to the string form only and the bounds to the integer form only.
    @Pattern(Patterns.QUORUM)
    @Min(1)
    @Max(Limits.MAX_CLIENTS)
    @JsonPropertyDescription("With Quorum: clients (1-100000, int or string) or percent of expected clients (1%-100%) that must be back. Default 100%.")
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

    @JsonPropertyDescription("Evict a client as soon as the evidence proves it dead and the server (Lustre 2.16+) lists its "
            + "UUID as missing, while live clients still reconnect, so that the last live client's replay finds the window "
            + "ready to close. Before 2.16 the dead are evicted at the close. Default true.")
    public Boolean evictEarly;

    // Zero is allowed (unlike the other durations): a site that fences by other means may take
    // NotReady as proof at once.
    @Pattern(Patterns.DURATION)
    @Size(max = Limits.MAX_DURATION_LENGTH)
    @JsonPropertyDescription("How long a node must have been NotReady (from its Ready condition's lastTransitionTime) before "
            + "that alone proves it dead for an early eviction: the kubelet's silence does not mean Lustre's network cannot "
            + "reach the client. A node tainted node.kubernetes.io/out-of-service or deleted needs no grace. The close "
            + "itself does not wait for it. 0s-1h. Default 60s.")
    public String notReadyGrace;

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
