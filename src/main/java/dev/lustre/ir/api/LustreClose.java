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
 * A close the operator decided, for the server's resident agent to carry out exactly once: evict
 * these UUIDs (early, while live clients still reconnect, or at the end), or abort recovery. Created
 * once by the operator, named {@code <failover>-r<round>-s-close-<n>} (RoundNames), owned by the {@link LustreRound}, never
 * changed: what is issued is what runs. The agent answers with a {@link LustreRoundResult} of role
 * Close.
 */
@Group(ApiGroup.NAME)
@Version(ApiGroup.VERSION)
@ShortNames("lclose")
@Categories("lustre")
@AdditionalPrinterColumn(name = "Target", jsonPath = ".spec.target")
@AdditionalPrinterColumn(name = "Action", jsonPath = ".spec.action")
@AdditionalPrinterColumn(name = "UUIDs", jsonPath = ".spec.count", type = AdditionalPrinterColumn.Type.INTEGER)
@AdditionalPrinterColumn(name = "Reason", jsonPath = ".spec.reason")
@AdditionalPrinterColumn(name = "Age", jsonPath = ".metadata.creationTimestamp", type = AdditionalPrinterColumn.Type.DATE)
public class LustreClose extends CustomResource<LustreCloseSpec, Void> implements Namespaced {
    // Overridden only to describe the field in the CRD schema.
    @Override
    @JsonPropertyDescription("The close to carry out: the arguments of close-window, which the server's agent validates again before it runs anything. Never changed once created.")
    public LustreCloseSpec getSpec() {
        return super.getSpec();
    }

    // Overridden only to describe the field in the CRD schema.
    @Override
    @JsonPropertyDescription("Not used: the agent answers with a LustreRoundResult of role Close.")
    public Void getStatus() {
        return super.getStatus();
    }
}
