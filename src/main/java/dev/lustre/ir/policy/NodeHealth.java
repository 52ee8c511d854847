package dev.lustre.ir.policy;

/** What the Node object says about a client node. */
public enum NodeHealth {
    Ready,
    NotReady,
    /** Fenced: tainted node.kubernetes.io/out-of-service. */
    OutOfService,
    Missing
}
