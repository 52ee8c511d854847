package dev.lustre.ir.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Size;
import java.util.List;

/** What the node's agent last saw in lctl; rewritten only when that changes. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class LustreNodeStatus extends Unreadable {
    @Pattern(Patterns.LUSTRE_VERSION)
    @Size(max = Limits.MAX_LUSTRE_VERSION)
    @JsonPropertyDescription("Release of the loaded Lustre modules (lctl get_param -n version); absent when none is loaded.")
    public String version;

    @Min(0)
    @Max(Limits.MAX_INT)
    @JsonPropertyDescription("Devices with an import on the node, all of them (the list is bounded).")
    public Integer clientDeviceCount;

    @Size(max = Limits.MAX_NODE_DEVICES)
    @JsonPropertyDescription("Devices with an import (osc, mdc, mgc, osp, lwp) from lctl dl, by name.")
    public List<LustreNodeDevice> clientDevices;

    @Size(max = Limits.MAX_NODE_TARGETS)
    @JsonPropertyDescription("Server targets mounted on the node (obdfilter and mdt devices), by name.")
    public List<@Pattern(Patterns.TARGET) String> targets;

    @JsonPropertyDescription("When the agent first saw these facts (RFC 3339); the agent's liveness is its Lease.")
    public String observedAt;

    @Pattern(AgentSeal.PATTERN)
    @Size(max = 318)
    @JsonPropertyDescription("The writing agent's Pod and an HMAC of this status keyed with that Pod's UID: the operator maps the registered UUIDs to this node only when the seal checks out and the Pod runs on this node.")
    public String seal;
}
