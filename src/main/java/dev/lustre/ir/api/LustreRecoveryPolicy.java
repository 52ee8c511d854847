package dev.lustre.ir.api;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import com.fasterxml.jackson.databind.annotation.JsonSerialize;
import io.fabric8.kubernetes.api.model.Namespaced;
import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.model.annotation.Categories;
import io.fabric8.kubernetes.model.annotation.Group;
import io.fabric8.kubernetes.model.annotation.ShortNames;
import io.fabric8.kubernetes.model.annotation.Version;

/** Recovery rules referenced by name from LustreFailover objects; managed with GitOps. */
@Group(ApiGroup.NAME)
@Version(ApiGroup.VERSION)
@ShortNames("lrp")
@Categories("lustre")
public class LustreRecoveryPolicy extends CustomResource<RecoveryPolicySpec, Void> implements Namespaced {
    // Read leniently: a policy that cannot be read fails the rounds that use it, by name (see Lenient).
    @Override
    @JsonSerialize(using = Lenient.Writer.class)
    @JsonPropertyDescription("The rules of a recovery round. Every field is optional: a LustreFailover's inline policy overrides this policy field by field, and defaults fill the rest.")
    public RecoveryPolicySpec getSpec() {
        return super.getSpec();
    }

    @Override
    @JsonDeserialize(using = Lenient.PolicySpec.class)
    public void setSpec(RecoveryPolicySpec spec) {
        super.setSpec(spec);
    }

    // Overridden only to describe the field in the CRD schema.
    @Override
    @JsonPropertyDescription("Not used: a LustreRecoveryPolicy has no status.")
    public Void getStatus() {
        return super.getStatus();
    }
}
