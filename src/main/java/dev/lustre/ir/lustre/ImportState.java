package dev.lustre.ir.lustre;

import java.util.Locale;

/**
 * Import states as printed by ptlrpc_import_state_name (lustre/include/lustre_import.h). The word
 * is DISCONN, not "DISCON"; very old releases printed DISCON, which is accepted as an alias.
 */
public enum ImportState {
    CLOSED, NEW, DISCONN, CONNECTING, REPLAY, REPLAY_LOCKS, REPLAY_WAIT, RECOVER, FULL, EVICTED, IDLE,
    /** A word this code does not know (a future release); never counts as connected. */
    UNKNOWN;

    public static ImportState parse(String word) {
        String w = word == null ? "" : word.trim().toUpperCase(Locale.ROOT);
        if (w.equals("DISCON")) {
            return DISCONN;
        }
        for (ImportState s : values()) {
            if (s.name().equals(w)) {
                return s;
            }
        }
        return UNKNOWN;
    }

    /**
     * Connected to a server that accepted this client: in replay (the server is still recovering,
     * the import stays in REPLAY_WAIT until recovery ends), recovering, FULL, or IDLE (osc idle
     * disconnect; the test framework's wait_clients_import_ready accepts "FULL|IDLE").
     */
    public boolean isReconnected() {
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
        return this != UNKNOWN && ordinal() > DISCONN.ordinal() && ordinal() < FULL.ordinal();
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
