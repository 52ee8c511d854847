package dev.lustre.ir.api;

import io.fabric8.kubernetes.api.model.HasMetadata;

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
    /**
     * Set to "true" on a LustreRound once its round has ended (the one change ever made to it): an
     * agent that starts later leaves it alone, and the server's agent stops observing it.
     */
    public static final String ROUND_ENDED_LABEL = NAME + "/round-ended";

    public static boolean roundEnded(HasMetadata round) {
        return round.getMetadata() != null && round.getMetadata().getLabels() != null
                && "true".equals(round.getMetadata().getLabels().get(ROUND_ENDED_LABEL));
    }

    /**
     * A node's resident agent holds the coordination.k8s.io Lease {@code lustre-ir-agent-<node>} in the
     * agents' namespace: renewed while the agent runs, left to expire when it stops.
     */
    public static final String AGENT_LEASE_PREFIX = "lustre-ir-agent-";
    /** On every agent's Lease: the operator watches these, not every Lease in the cluster (each node's kubelet has one). */
    public static final String AGENT_LEASE_LABEL = NAME + "/agent-lease";

    /**
     * The labels of the agents' DaemonSet Pods: the operator reads these Pods, and only these, to check
     * the seal on what an agent writes ({@link AgentSeal}).
     */
    public static final String AGENT_POD_SELECTOR = "app.kubernetes.io/name=lustre-ir-agent,app.kubernetes.io/component=resident";

    private ApiGroup() {
    }
}
