package dev.lustre.ir.sim;

/** Client import states, spelt as {@code ptlrpc_import_state_name} prints them (note DISCONN). */
public enum ImportState {
    CLOSED, NEW, DISCONN, CONNECTING, REPLAY, REPLAY_LOCKS, REPLAY_WAIT, RECOVER, FULL, EVICTED, IDLE;

    /** Connected to a server (possibly still replaying), or idle-disconnected on purpose. */
    public boolean healthy() {
        return switch (this) {
            case REPLAY, REPLAY_LOCKS, REPLAY_WAIT, RECOVER, FULL, IDLE -> true;
            default -> false;
        };
    }

    /**
     * {@code ptlrpc_import_in_recovery} (ptlrpc/recover.c) is false only for FULL, CLOSED, DISCON and NEW
     * (and IDLE on newer clients); a synchronous {@code recover} waits for that.
     */
    public boolean inRecovery() {
        return switch (this) {
            case FULL, CLOSED, DISCONN, NEW, IDLE -> false;
            default -> true;
        };
    }
}
