package dev.lustre.ir.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import java.util.List;

/** What closing the window will do, or did. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class ClosePlan {
    @JsonPropertyDescription("EvictDead (evict the UUIDs below) or AbortRecovery (abort_recovery, which evicts every unfinished client).")
    public RecoveryPolicySpec.CloseMethod action;
    @JsonPropertyDescription("With EvictDead: the client UUIDs the close evicts, only of clients proven dead; the first 100 only (count is complete).")
    public List<String> uuids;
    /** Known UUIDs beyond the bound of the uuids list are counted here. */
    @Min(0)
    @Max(Limits.MAX_INT)
    @JsonPropertyDescription("How many UUIDs the plan evicts, all of them: those beyond the bound of the uuids list are counted here.")
    public Integer count;
    @JsonPropertyDescription("Why the window is closed: DeadClients, DeadlineExpired (clients not all reported at the deadline) or ServerWaitsForUnknownClients.")
    public String reason;
    /** Who the server may still wait for after this close (not proven dead, or not nameable): left to Lustre's timer. */
    @JsonPropertyDescription("Who the server may still wait for after this close (not proven dead, or not nameable): left to Lustre's own recovery timer; absent when nobody.")
    public String leftToLustre;
    /** When the close Job was created; it is never created twice. */
    @JsonPropertyDescription("When the close was issued (RFC 3339); it is never issued twice. Absent while the plan awaits approval.")
    public String issuedAt;
    /** What the close cost: clients the server counted as evicted once it finished. */
    @Min(0)
    @Max(Limits.MAX_INT)
    @JsonPropertyDescription("What the close cost: clients the server counted as evicted once it finished (from recovery_status); set when the round is Recovered.")
    public Integer evicted;
}
