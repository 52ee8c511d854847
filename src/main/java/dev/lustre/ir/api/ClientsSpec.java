package dev.lustre.ir.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Size;
import io.fabric8.kubernetes.api.model.LabelSelector;
import java.util.List;

@JsonInclude(JsonInclude.Include.NON_NULL)
public class ClientsSpec {
    @JsonPropertyDescription("Nodes whose labels match are clients of the target.")
    public LabelSelector nodeSelector;

    @Size(max = Limits.MAX_CLIENTS)
    @JsonPropertyDescription("Client node names, in addition to the selector's; at most 100000, each listed once.")
    public List<@Pattern(Patterns.NODE_NAME) @Size(max = 253) String> nodes;

    @Min(1)
    @Max(Limits.MAX_CLIENTS)
    @JsonPropertyDescription("Clients the target waits for (1-100000); otherwise the number of roster nodes (selected and listed).")
    public Integer expectedCount;
}
