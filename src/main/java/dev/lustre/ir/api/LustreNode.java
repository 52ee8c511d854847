package dev.lustre.ir.api;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import com.fasterxml.jackson.databind.annotation.JsonSerialize;
import io.fabric8.crd.generator.annotation.AdditionalPrinterColumn;
import io.fabric8.kubernetes.api.model.Namespaced;
import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.model.annotation.Categories;
import io.fabric8.kubernetes.model.annotation.Group;
import io.fabric8.kubernetes.model.annotation.ShortNames;
import io.fabric8.kubernetes.model.annotation.Version;

/**
 * The Lustre facts of one node, registered by the node's resident agent ahead of any failure: one
 * object per node, named after it, in the agents' namespace. Everything in it is observed, so it is
 * all status, written by the agent alone through the status subresource; there is no spec. Whether
 * the agent is alive is its Lease's business ({@link ApiGroup#AGENT_LEASE_PREFIX}), not this object's.
 */
@Group(ApiGroup.NAME)
@Version(ApiGroup.VERSION)
@ShortNames("lnode")
@Categories("lustre")
@AdditionalPrinterColumn(name = "Version", jsonPath = ".status.version")
@AdditionalPrinterColumn(name = "Client Devices", jsonPath = ".status.clientDeviceCount", type = AdditionalPrinterColumn.Type.INTEGER)
@AdditionalPrinterColumn(name = "Targets", jsonPath = ".status.targets")
@AdditionalPrinterColumn(name = "Age", jsonPath = ".metadata.creationTimestamp", type = AdditionalPrinterColumn.Type.DATE)
public class LustreNode extends CustomResource<Void, LustreNodeStatus> implements Namespaced {
    // Read leniently: the operator will read every node's object through one informer (see Lenient).
    @Override
    @JsonSerialize(using = Lenient.Writer.class)
    @JsonPropertyDescription("The node's Lustre facts as its resident agent last saw them in lctl, written by that agent alone through the status subresource and rewritten only when they change.")
    public LustreNodeStatus getStatus() {
        return super.getStatus();
    }

    @Override
    @JsonDeserialize(using = Lenient.NodeStatus.class)
    public void setStatus(LustreNodeStatus status) {
        super.setStatus(status);
    }

    // Overridden only to describe the field in the CRD schema.
    @Override
    @JsonPropertyDescription("Not used: everything a LustreNode holds is observed, so it is all status.")
    public Void getSpec() {
        return super.getSpec();
    }
}
