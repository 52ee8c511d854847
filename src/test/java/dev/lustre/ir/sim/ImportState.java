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
     * {@code ptlrpc_import_in_recovery} (ptlrpc/recover.c, b2_12 to master): false when the state is
     * at most DISCON (CLOSED, NEW, DISCONN) or at least FULL (FULL, EVICTED, IDLE). EVICTED is not
     * "in recovery": the import is about to be invalidated and reconnect as a new client.
     */
    public boolean inRecovery() {
        return ordinal() > DISCONN.ordinal() && ordinal() < FULL.ordinal();
    }

    /**
     * {@code ptlrpc_import_in_recovery_disconnect(imp, true)} (2.16+, LU-17142), what a synchronous
     * {@code recover} waits on: DISCONN counts as still recovering, so the wait goes on until the
     * import is connected (FULL), evicted or idle, or obd_timeout passes.
     */
    public boolean inRecoveryOrDisconnected() {
        return this == DISCONN || inRecovery();
    }
}
