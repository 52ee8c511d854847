package dev.lustre.ir.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;

/**
 * The target's recovery state as the server reported it. The numbers are whatever the server
 * printed, so they get the whole range of their Java type: a tighter bound would turn an odd value
 * from Lustre into a status write the API server refuses.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class ServerStatus {
    @JsonPropertyDescription("The status word of the target's recovery_status: RECOVERING, WAITING_FOR_CLIENTS, WAITING, COMPLETE or INACTIVE. The window is closed at COMPLETE or INACTIVE.")
    public String recoveryStatus;
    @Min(Integer.MIN_VALUE)
    @Max(Limits.MAX_INT)
    @JsonPropertyDescription("connected_clients N of N/M, as recovery_status prints it while RECOVERING.")
    public Integer connected;
    @Min(Integer.MIN_VALUE)
    @Max(Limits.MAX_INT)
    @JsonPropertyDescription("The M of connected_clients or completed_clients: the recoverable clients the target has in last_rcvd.")
    public Integer total;
    @Min(Integer.MIN_VALUE)
    @Max(Limits.MAX_INT)
    @JsonPropertyDescription("evicted_clients while RECOVERING; once COMPLETE, M - N of completed_clients.")
    public Integer evicted;
    @Min(Integer.MIN_VALUE)
    @Max(Limits.MAX_INT)
    @JsonPropertyDescription("Seconds left on the target's recovery timer (time_remaining, RECOVERING); absent when unknown.")
    public Integer timeRemaining;
    @Min(0)
    @Max(Limits.MAX_INSTANCE)
    @JsonPropertyDescription("The target's instance parameter as the server last reported it (a 32-bit unsigned number); client Jobs reconnect to <nid>::<instance>.")
    public Long instance;
    @Min(Integer.MIN_VALUE)
    @Max(Limits.MAX_INT)
    @JsonPropertyDescription("How many clients the target lists in recovery_stale_clients as not reconnected (Lustre 2.16+); absent before 2.16.")
    public Integer staleClients;
    @JsonPropertyDescription("The MGS's imperative recovery state of the file system (full, startup, disabled or partial) when the server node runs the MGS; else the IR line of recovery_status when it prints one.")
    public String irState;
    @JsonPropertyDescription("When this view of the target was taken (RFC 3339).")
    public String observedAt;
}
