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

/** One failover event of one Lustre target: the operator drives one recovery round per generation. */
@Group(ApiGroup.NAME)
@Version(ApiGroup.VERSION)
@ShortNames("lfo")
@Categories("lustre")
@AdditionalPrinterColumn(name = "Target", jsonPath = ".spec.target")
@AdditionalPrinterColumn(name = "Phase", jsonPath = ".status.phase")
@AdditionalPrinterColumn(name = "Clients", jsonPath = ".status.progress")
@AdditionalPrinterColumn(name = "Window", jsonPath = ".status.window")
@AdditionalPrinterColumn(name = "Age", jsonPath = ".metadata.creationTimestamp", type = AdditionalPrinterColumn.Type.DATE)
@AdditionalPrinterColumn(name = "Server", jsonPath = ".spec.server.node", priority = 1)
@AdditionalPrinterColumn(name = "Dead", jsonPath = ".status.clients.dead", type = AdditionalPrinterColumn.Type.INTEGER, priority = 1)
@AdditionalPrinterColumn(name = "Message", jsonPath = ".status.message", priority = 1)
public class LustreFailover extends CustomResource<LustreFailoverSpec, LustreFailoverStatus> implements Namespaced {
    // Read leniently: one object the operator cannot read must not stop the informer (see Lenient).
    @Override
    @JsonSerialize(using = Lenient.Writer.class)
    @JsonPropertyDescription("One failover of one target: the server now serving it, its clients and the recovery policy. A change other than suspend starts a new round.")
    public LustreFailoverSpec getSpec() {
        return super.getSpec();
    }

    @Override
    @JsonDeserialize(using = Lenient.FailoverSpec.class)
    public void setSpec(LustreFailoverSpec spec) {
        super.setSpec(spec);
    }

    @Override
    @JsonSerialize(using = Lenient.Writer.class)
    @JsonPropertyDescription("Written only by the operator, through the status subresource. Counts are complete; lists are bounded.")
    public LustreFailoverStatus getStatus() {
        return super.getStatus();
    }

    @Override
    @JsonDeserialize(using = Lenient.FailoverStatus.class)
    public void setStatus(LustreFailoverStatus status) {
        super.setStatus(status);
    }

    /** Why this object cannot be acted on (spec or status unreadable, naming the field), or null. */
    public String unreadable() {
        if (getSpec() != null && getSpec().unreadable() != null) {
            return getSpec().unreadable();
        }
        return getStatus() == null ? null : getStatus().unreadable();
    }
}
