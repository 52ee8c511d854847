package dev.lustre.ir.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;

/** Counts the operator computes; bounded to what a Java int holds, never negative. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class ClientCounts {
    @Min(0)
    @Max(Limits.MAX_INT)
    public int expected;
    @Min(0)
    @Max(Limits.MAX_INT)
    public int dispatched;
    @Min(0)
    @Max(Limits.MAX_INT)
    public int reconnected;
    @Min(0)
    @Max(Limits.MAX_INT)
    public int dead;
    @Min(0)
    @Max(Limits.MAX_INT)
    public int failed;
    @Min(0)
    @Max(Limits.MAX_INT)
    public int pending;
    /** Clients that took part through their resident agent. */
    @Min(0)
    @Max(Limits.MAX_INT)
    public int viaAgent;
    /** Clients that took part through a Job (no live agent, or its agent fell silent). */
    @Min(0)
    @Max(Limits.MAX_INT)
    public int viaJob;
}
