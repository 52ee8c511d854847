package dev.lustre.ir.api;

import com.fasterxml.jackson.annotation.JsonInclude;

/** A client that is not back, and why. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class ClientIssue {
    public String node;
    public String uuid;
    public String reason;
    public Integer attempts;
    public String message;
}
