package dev.lustre.ir.api;

import com.fasterxml.jackson.annotation.JsonInclude;

/** The target's recovery state as the server reported it. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class ServerStatus {
    public String recoveryStatus;
    public Integer connected;
    public Integer total;
    public Integer evicted;
    public Integer timeRemaining;
    public Long instance;
    public Integer staleClients;
    public String irState;
    public String observedAt;
}
