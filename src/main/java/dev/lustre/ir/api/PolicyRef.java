package dev.lustre.ir.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;

@JsonInclude(JsonInclude.Include.NON_NULL)
public class PolicyRef {
    @Required
    @Pattern(Patterns.OBJECT_NAME)
    @Size(max = 253)
    @JsonPropertyDescription("Name of a LustreRecoveryPolicy in the failover's namespace. The round fails with InvalidSpec when it is not found or cannot be read.")
    public String name;

    public PolicyRef() {
    }

    public PolicyRef(String name) {
        this.name = name;
    }
}
