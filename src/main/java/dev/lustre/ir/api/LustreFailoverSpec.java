package dev.lustre.ir.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;

@JsonInclude(JsonInclude.Include.NON_NULL)
public class LustreFailoverSpec extends Unreadable {
    @Required
    @Pattern(Patterns.FS_NAME)
    @JsonPropertyDescription("Lustre file system name, e.g. lustre.")
    public String fsName;

    @Required
    @Pattern(Patterns.TARGET)
    @JsonPropertyDescription("The failed-over target, <fsname>-(MDT|OST)<4 hex>, e.g. lustre-OST0001.")
    public String target;

    @Required
    @JsonPropertyDescription("The server now serving the target.")
    public ServerSpec server;

    @Required
    @JsonPropertyDescription("Which nodes are this target's clients.")
    public ClientsSpec clients;

    @JsonPropertyDescription("A LustreRecoveryPolicy in the same namespace.")
    public PolicyRef policyRef;

    @JsonPropertyDescription("Inline policy fields; each overrides the referenced policy's field.")
    public RecoveryPolicySpec policy;

    @JsonPropertyDescription("Pause: no new jobs, no window close; jobs in flight finish.")
    public Boolean suspend;


    public boolean suspended() {
        return Boolean.TRUE.equals(suspend);
    }
}
