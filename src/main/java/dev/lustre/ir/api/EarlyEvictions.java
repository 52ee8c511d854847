package dev.lustre.ir.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Size;
import java.util.List;

/** Clients evicted while live clients were still reconnecting: proven dead, their UUIDs known. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class EarlyEvictions {
    /** Every UUID evicted early in the round. */
    @Min(0)
    @Max(Limits.MAX_CLIENTS)
    public int count;
    /** The first of them (bounded; the count is complete). */
    @Size(max = 100)
    public List<String> uuids;
}
