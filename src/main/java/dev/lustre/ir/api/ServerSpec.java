package dev.lustre.ir.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import java.util.List;

@JsonInclude(JsonInclude.Include.NON_NULL)
public class ServerSpec {
    @Required
    @Pattern(Patterns.NODE_NAME)
    @Size(max = 253)
    @JsonPropertyDescription("Kubernetes node now serving the target; server jobs run there.")
    public String node;

    @Required
    @Size(min = 1, max = 16)
    @JsonPropertyDescription("The failover server's NIDs, in preference order, e.g. 10.0.0.12@o2ib.")
    public List<@Pattern(Patterns.NID) @Size(max = Limits.MAX_NID) String> nids;
}
