package dev.lustre.ir.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import java.util.List;

/** What closing the window will do, or did. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class ClosePlan {
    public RecoveryPolicySpec.CloseMethod action;
    public List<String> uuids;
    /** Known UUIDs beyond the bound of the uuids list are counted here. */
    @Min(0)
    @Max(Limits.MAX_INT)
    public Integer count;
    public String reason;
    /** Who the server may still wait for after this close (not proven dead, or not nameable): left to Lustre's timer. */
    public String leftToLustre;
    /** When the close Job was created; it is never created twice. */
    public String issuedAt;
    /** What the close cost: clients the server counted as evicted once it finished. */
    @Min(0)
    @Max(Limits.MAX_INT)
    public Integer evicted;
}
