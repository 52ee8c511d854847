package dev.lustre.ir.api;

/** The API group, version and the label/annotation keys under it. */
public final class ApiGroup {
    public static final String NAME = "ir.lustre.dev";
    public static final String VERSION = "v1alpha1";

    /** Set to the round number to approve a plan when the policy requires approval. */
    public static final String APPROVE_ANNOTATION = NAME + "/approve";
    public static final String FAILOVER_LABEL = NAME + "/failover";
    public static final String NODE_LABEL = NAME + "/node";
    public static final String ROUND_LABEL = NAME + "/round";
    public static final String ROLE_LABEL = NAME + "/role";

    private ApiGroup() {
    }
}
