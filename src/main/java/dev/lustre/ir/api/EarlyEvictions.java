package dev.lustre.ir.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Size;
import java.util.List;

/**
 * Evictions ordered while live clients were still reconnecting: clients proven dead, their UUIDs
 * known. The server's agent evicts only those its target still waits for; each close's
 * LustreRoundResult says which it evicted.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class EarlyEvictions {
    /** Every UUID ordered evicted early in the round. */
    @Min(0)
    @Max(Limits.MAX_CLIENTS)
    @JsonPropertyDescription("Every UUID ordered evicted early in the round, while live clients still reconnected.")
    public int count;
    /** The first of them (bounded; the count is complete). */
    @Size(max = 100)
    @JsonPropertyDescription("The first of them, at most 100 (the count is complete). The close LustreRoundResult says which the server evicted.")
    public List<String> uuids;
}
