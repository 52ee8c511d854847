package dev.lustre.ir.lustre;

/**
 * The {@code status:} word of recovery_status, in the order lprocfs_recovery_status_seq_show
 * (lustre/obdclass/lprocfs_status_server.c) checks its branches.
 */
public enum RecoveryState {
    /** No recoverable clients in last_rcvd: nothing to recover. */
    INACTIVE,
    /** Recovery ended (normally, by timer or by abort). */
    COMPLETE,
    /** DNE: waiting for other MDTs' update logs ("non-ready MDTs"). */
    WAITING,
    /** In recovery, but no client has reconnected yet, so the timer has not started. */
    WAITING_FOR_CLIENTS,
    /** Clients are reconnecting and replaying. */
    RECOVERING;

    /** The recovery window for clients is still open. */
    public boolean windowOpen() {
        return this == RECOVERING || this == WAITING_FOR_CLIENTS;
    }
}
