package dev.lustre.ir.agent;

import dev.lustre.ir.lustre.ImportState;
import dev.lustre.ir.lustre.LctlCommands;
import dev.lustre.ir.lustre.LustreParseException;
import dev.lustre.ir.lustre.LustreRelease;

/**
 * Whether the agent may use the synchronous {@code lctl --device X recover NID} now. Pure.
 *
 * <p>ptlrpc_recover_import(imp, nid, async=0) (ptlrpc/recover.c) forces a FULL import to DISCON,
 * moves the NID to the head, and connects a DISCON import; if it started a connect it waits up to
 * obd_timeout (100 s) for the import to leave the recovery states, uninterruptibly (not even SIGKILL).
 * Up to 2.15 an import that is not DISCON gets -EALREADY at once. Since LU-17142 (2.15.60, so 2.16.0)
 * it waits in that case too, and DISCON counts as still recovering: a recover on an import that
 * already reconnected and sits in REPLAY_WAIT until the target's window closes blocks the whole
 * obd_timeout for nothing.
 */
final class RecoverFallback {

    enum Decision {
        RUN,
        /** It would block for up to obd_timeout and the agent's deadline comes before that. */
        SKIP_WOULD_BLOCK_PAST_DEADLINE,
        /** 2.16+: the import is not DISCONN/CONNECTING, so recover would only wait (or disconnect a FULL one). */
        SKIP_NOT_CONNECTING
    }

    private RecoverFallback() {
    }

    /**
     * @param recoverWaits the client's release waits instead of returning -EALREADY (see
     *        {@link #recoverWaits(String)}); unknown releases are taken as waiting, the safe side
     * @param remainingMs time left before the agent's own deadline
     */
    static Decision decide(boolean recoverWaits, ImportState state, long remainingMs, long obdTimeoutMs) {
        boolean connecting = state == ImportState.DISCONN || state == ImportState.CONNECTING;
        if (recoverWaits && !connecting) {
            return Decision.SKIP_NOT_CONNECTING;
        }
        if (blocks(recoverWaits, state) && remainingMs < obdTimeoutMs) {
            return Decision.SKIP_WOULD_BLOCK_PAST_DEADLINE;
        }
        return Decision.RUN;
    }

    /**
     * Whether the call can block for obd_timeout: always from 2.16; up to 2.15 only when it starts a
     * connect, i.e. the import was DISCON or FULL (ptlrpc_set_import_discon turns FULL into DISCON).
     */
    static boolean blocks(boolean recoverWaits, ImportState state) {
        return recoverWaits || state == ImportState.DISCONN || state == ImportState.FULL;
    }

    /**
     * LU-17142 landed in 2.15.60; releases from there on wait instead of returning -EALREADY. The
     * release is the loaded kernel module's ({@link LustreRelease}), not the server's target_version
     * in the import's connect_data. Null or unreadable: true.
     */
    static boolean recoverWaits(String versionText) {
        if (versionText == null) {
            return true;
        }
        try {
            return LustreRelease.parse(versionText, Lctl.describe(LctlCommands.version())).atLeast(2, 15, 60);
        } catch (LustreParseException e) {
            return true;
        }
    }

    /** {@code lctl get_param -n timeout} (obd_timeout, seconds); the default 100 s if unreadable. */
    static long obdTimeoutMs(String timeoutText) {
        if (timeoutText != null) {
            try {
                long s = Long.parseLong(timeoutText.strip());
                if (s > 0 && s < 100_000) {
                    return s * 1000;
                }
            } catch (NumberFormatException e) {
                // fall through to the default
            }
        }
        return 100_000;
    }
}
