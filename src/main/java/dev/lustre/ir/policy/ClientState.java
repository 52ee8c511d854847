package dev.lustre.ir.policy;

/** Where one client node stands in the round. */
public enum ClientState {
    /** No Job yet. */
    Pending,
    /** Its Job is alive. */
    Running,
    /** Its Job reported the import connected to the failover server. */
    Reconnected,
    /** Evidence the policy accepts says the client is dead. */
    Dead,
    /** Its Job failed, and the policy does not take that as proof of death. */
    Failed
}
