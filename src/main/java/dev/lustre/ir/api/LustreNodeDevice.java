package dev.lustre.ir.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;

/** One device with an import, as one line of lctl dl shows it. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class LustreNodeDevice {
    @Required
    @Pattern(Patterns.IMPORT_DEVICE)
    @Size(max = Limits.MAX_NID + 3)
    @JsonPropertyDescription("Device name, e.g. lustre-OST0001-osc-ffff8881234abcd0 or MGC10.0.0.1@o2ib.")
    public String name;

    @Required
    @Pattern(Patterns.IMPORT_DEVICE_TYPE)
    @JsonPropertyDescription("osc, mdc, mgc, osp or lwp.")
    public String type;

    @Pattern(Patterns.TARGET)
    @JsonPropertyDescription("The target the device connects to; absent for the MGC.")
    public String target;

    @Required
    @Pattern(Patterns.UUID)
    @JsonPropertyDescription("Column 5 of lctl dl: on a client mount's devices the client UUID that servers evict by.")
    public String uuid;
}
