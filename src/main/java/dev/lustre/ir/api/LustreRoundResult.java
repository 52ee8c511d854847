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
 * What one resident agent observed in one round, written by that agent and owned by the
 * {@link LustreRound}: a client's reconnect (created once, never changed: one write per client per
 * round), the server's view of the target (updated while the round runs), or one close carried out
 * (created before lctl runs, so that it runs exactly once, then updated with the outcome). There is
 * no status subresource: the whole object is the agent's report, so a client's result is a single
 * create. Names: {@code <round>-c-<node>}, {@code <round>-s-server}, {@code <close>} (see
 * {@code Names}).
 */
@Group(ApiGroup.NAME)
@Version(ApiGroup.VERSION)
@ShortNames("lrr")
@Categories("lustre")
@AdditionalPrinterColumn(name = "Node", jsonPath = ".spec.node")
@AdditionalPrinterColumn(name = "Role", jsonPath = ".spec.role")
@AdditionalPrinterColumn(name = "Outcome", jsonPath = ".spec.outcome")
@AdditionalPrinterColumn(name = "Message", jsonPath = ".spec.message", priority = 1)
@AdditionalPrinterColumn(name = "Age", jsonPath = ".metadata.creationTimestamp", type = AdditionalPrinterColumn.Type.DATE)
public class LustreRoundResult extends CustomResource<LustreRoundResultSpec, Void> implements Namespaced {
    // Overridden only to describe the field in the CRD schema.
    @Override
    @JsonPropertyDescription("One agent's report in one round: a client's reconnect, the server's view of the target, or one close carried out. The report field is the authority; the others are for kubectl.")
    public LustreRoundResultSpec getSpec() {
        return super.getSpec();
    }

    // Overridden only to describe the field in the CRD schema.
    @Override
    @JsonPropertyDescription("Not used: a LustreRoundResult has no status subresource; the whole object is the agent's report.")
    public Void getStatus() {
        return super.getStatus();
    }
}
