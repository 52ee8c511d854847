package dev.lustre.ir.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;

@JsonInclude(JsonInclude.Include.NON_NULL)
public class PolicyRef {
    @Required
    @Pattern(Patterns.OBJECT_NAME)
    public String name;

    public PolicyRef() {
    }

    public PolicyRef(String name) {
        this.name = name;
    }
}
