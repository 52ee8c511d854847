package dev.lustre.ir.api;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.crd.generator.annotation.AdditionalPrinterColumn;
import io.fabric8.kubernetes.api.model.Namespaced;
import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.model.annotation.Categories;
import io.fabric8.kubernetes.model.annotation.Group;
import io.fabric8.kubernetes.model.annotation.ShortNames;
import io.fabric8.kubernetes.model.annotation.Version;

/**
 * One round of one LustreFailover, as the resident agents learn of it: created by the operator when
 * the round starts, in the failover's namespace, named {@code <failover>-r<round>}, owned by the
 * failover, and never changed afterwards. Agents watch these small objects, never the
 * LustreFailover, whose status moves all through the round. Client agents reconnect at once and
 * write one {@link LustreRoundResult}; the server's agent reports the target while the round runs
 * and carries out each {@link LustreClose}.
 */
@Group(ApiGroup.NAME)
@Version(ApiGroup.VERSION)
@ShortNames("lround")
@Categories("lustre")
@AdditionalPrinterColumn(name = "Target", jsonPath = ".spec.target")
@AdditionalPrinterColumn(name = "Server", jsonPath = ".spec.serverNode")
@AdditionalPrinterColumn(name = "Round", jsonPath = ".spec.round", type = AdditionalPrinterColumn.Type.INTEGER)
@AdditionalPrinterColumn(name = "Age", jsonPath = ".metadata.creationTimestamp", type = AdditionalPrinterColumn.Type.DATE)
public class LustreRound extends CustomResource<LustreRoundSpec, Void> implements Namespaced {
    // Overridden only to describe the field in the CRD schema.
    @Override
    @JsonPropertyDescription("What every agent needs to act on the round, copied from the failover's validated spec when the round starts; never changed.")
    public LustreRoundSpec getSpec() {
        return super.getSpec();
    }

    // Overridden only to describe the field in the CRD schema.
    @Override
    @JsonPropertyDescription("Not used: a LustreRound has no status.")
    public Void getStatus() {
        return super.getStatus();
    }
}
