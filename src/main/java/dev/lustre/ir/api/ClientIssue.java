package dev.lustre.ir.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;

/** A client that is not back, and why. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class ClientIssue {
    public String node;
    public String uuid;
    public String reason;
    @Min(0)
    @Max(Limits.MAX_INT)
    public Integer attempts;
    public String message;
}
