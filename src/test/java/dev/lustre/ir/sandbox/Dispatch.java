package dev.lustre.ir.sandbox;

import java.util.Locale;

/**
 * How a scenario's nodes are reached in a round: through resident agents, through node Jobs, or half
 * and half. It decides which simulated agents run and whether the failover server is a Kubernetes
 * node; what the operator then does with them is the operator's choice.
 */
public enum Dispatch {
    /** Every live client node and the server run resident agents; the server is not a Kubernetes node. */
    AGENTS,
    /** No resident agent: every client gets a Job, and the server is a Kubernetes node that runs Jobs too. */
    JOBS,
    /** Every other live client runs an agent, the rest get Jobs; the server runs its agent, outside Kubernetes. */
    MIXED;

    public static Dispatch parse(String word) {
        try {
            return valueOf(word.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("--dispatch takes agents, jobs or mixed, not '" + word + "'");
        }
    }

    /** Whether the {@code index}-th client node (in the cluster's order) runs a resident agent. */
    public boolean clientRunsAgent(int index) {
        return switch (this) {
            case AGENTS -> true;
            case JOBS -> false;
            case MIXED -> index % 2 == 0;
        };
    }

    /**
     * Whether the failover server runs its agent. Such a server is a Lustre server under Pacemaker,
     * outside Kubernetes: it has no Node object, and its agent its own kubeconfig.
     */
    public boolean serverRunsAgent() {
        return this != JOBS;
    }

    public String word() {
        return name().toLowerCase(Locale.ROOT);
    }
}
