package dev.lustre.ir.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;

/**
 * The target's recovery state as the server reported it. The numbers are whatever the server
 * printed, so they get the whole range of their Java type: a tighter bound would turn an odd value
 * from Lustre into a status write the API server refuses.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class ServerStatus {
    public String recoveryStatus;
    @Min(Integer.MIN_VALUE)
    @Max(Limits.MAX_INT)
    public Integer connected;
    @Min(Integer.MIN_VALUE)
    @Max(Limits.MAX_INT)
    public Integer total;
    @Min(Integer.MIN_VALUE)
    @Max(Limits.MAX_INT)
    public Integer evicted;
    @Min(Integer.MIN_VALUE)
    @Max(Limits.MAX_INT)
    public Integer timeRemaining;
    @Min(0)
    @Max(Limits.MAX_INSTANCE)
    public Long instance;
    @Min(Integer.MIN_VALUE)
    @Max(Limits.MAX_INT)
    public Integer staleClients;
    public String irState;
    public String observedAt;
}
