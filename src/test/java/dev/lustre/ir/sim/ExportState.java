package dev.lustre.ir.sim;

/** The server's view of one client (its export on the target). */
public enum ExportState {
    /** Not in the target's last_rcvd: a fresh or idle-disconnected client; not recoverable. */
    UNKNOWN,
    /** Restored from last_rcvd at mount; has not reconnected yet (listed by recovery_stale_clients). */
    WAITING,
    /** Reconnected during recovery (exp_in_recovery); counted in connected_clients. */
    IN_RECOVERY,
    /** Evicted during recovery (counted in evicted_clients) or after it. */
    EVICTED,
    /** Connected normally, outside recovery. */
    CONNECTED
}
