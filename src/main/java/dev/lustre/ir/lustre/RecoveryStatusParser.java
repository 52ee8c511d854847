package dev.lustre.ir.lustre;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Parses {@code {obdfilter,mdt}.<tgt>.recovery_status} as printed by
 * lprocfs_recovery_status_seq_show (lustre/obdclass/lprocfs_status_server.c), in every branch:
 * the one-line INACTIVE and WAITING_FOR_CLIENTS forms ("...recovery_status=status: INACTIVE"),
 * COMPLETE with its IR/VBR lines, WAITING with "non-ready MDTs", and RECOVERING.
 */
public final class RecoveryStatusParser {
    /**
     * 2001-09-09 in epoch seconds. A recovery_start below it is not a date but b2_12's monotonic
     * obd_recovery_start (ktime_get_seconds(), seconds since boot, set in target_start_recovery_timer
     * since LU-12769, in 2.12.4); reaching it would take a server 31 years of uptime.
     */
    static final long PLAUSIBLE_EPOCH = 1_000_000_000L;

    private RecoveryStatusParser() {
    }

    /** Whether a printed recovery_start is b2_12's monotonic value rather than epoch seconds. */
    public static boolean monotonicStart(Long recoveryStart) {
        return recoveryStart != null && recoveryStart < PLAUSIBLE_EPOCH;
    }

    public static RecoveryStatus parse(String output) {
        return parse(output, "lctl get_param *.recovery_status");
    }

    public static RecoveryStatus parse(String output, String command) {
        ParamOutput.Entry entry = ParamOutput.single(output, command);
        KeyValueLines kv = new KeyValueLines(entry.lines(), command);
        String word = kv.required("status").trim();
        RecoveryState status;
        try {
            status = RecoveryState.valueOf(word.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw LustreParseException.invalid("status", command, word);
        }

        Integer connected = null;
        Integer total = null;
        Integer completed = null;
        Integer evicted = kv.optionalInt("evicted_clients");
        if (status == RecoveryState.RECOVERING) {
            int[] pair = ratio(kv, "connected_clients", true);
            connected = pair[0];
            total = pair[1];
        }
        if (kv.has("completed_clients")) {
            // "N/M" in the COMPLETE branch, a bare "N" (connected - lock replay) in RECOVERING.
            int[] pair = ratio(kv, "completed_clients", false);
            completed = pair[0];
            if (pair[1] >= 0) {
                if (total == null) {
                    total = pair[1];
                }
                if (status == RecoveryState.COMPLETE && evicted == null) {
                    evicted = pair[1] - pair[0];
                }
            }
        } else if (status == RecoveryState.COMPLETE) {
            throw LustreParseException.missing("completed_clients", command);
        }

        Integer lockReplay = kv.optionalInt("lock_repay_clients");
        if (lockReplay == null) {
            lockReplay = kv.optionalInt("lock_replay_clients");
        }

        Long start = kv.optionalLong("recovery_start");
        Long timeRemaining = kv.optionalLong("time_remaining");
        Long timeWaited = kv.optionalLong("time_waited");
        if (monotonicStart(start)) {
            // b2_12 from 2.12.4 on (lprocfs_recovery_status_seq_show) subtracts ktime_get_real_seconds()
            // from the monotonic obd_recovery_start: RECOVERING prints "time_remaining: 0" however much
            // of the timer is left, WAITING a time_waited of ~the epoch. Neither says anything: unknown.
            timeRemaining = null;
            timeWaited = null;
        }
        return new RecoveryStatus(
                status,
                start,
                kv.optionalLong("recovery_duration"),
                timeRemaining,
                connected,
                total,
                completed,
                evicted,
                kv.optionalInt("req_replay_clients"),
                lockReplay,
                kv.optionalInt("replayed_requests"),
                kv.optionalInt("queued_requests"),
                kv.optionalLong("last_transno"),
                kv.optionalLong("next_transno"),
                word(kv.get("VBR")),
                word(kv.get("IR")),
                status == RecoveryState.WAITING ? nonReadyMdts(kv.get("non-ready MDTs")) : null,
                timeWaited);
    }

    /** "N/M" into {N, M}; a bare "N" into {N, -1} unless the ratio is required. */
    private static int[] ratio(KeyValueLines kv, String key, boolean slashRequired) {
        String v = kv.required(key).trim();
        int slash = v.indexOf('/');
        try {
            if (slash < 0) {
                if (slashRequired) {
                    throw LustreParseException.invalid(key, kv.command(), v);
                }
                return new int[] {Integer.parseInt(v), -1};
            }
            return new int[] {Integer.parseInt(v.substring(0, slash).trim()),
                    Integer.parseInt(v.substring(slash + 1).trim())};
        } catch (NumberFormatException e) {
            throw LustreParseException.invalid(key, kv.command(), v);
        }
    }

    private static String word(String v) {
        return v == null || v.isBlank() ? null : v.trim();
    }

    /**
     * The list lod_show_update_logs_retrievers prints: " %04x" per MDT index. The kernel prints
     * "unknown (not enough RAM)" when it could not build it; then the list is empty but present.
     */
    private static List<Integer> nonReadyMdts(String v) {
        List<Integer> out = new ArrayList<>();
        if (v == null) {
            return out;
        }
        for (String tok : v.trim().split("\\s+")) {
            if (tok.matches("[0-9a-fA-F]{1,8}")) {
                out.add(Integer.parseInt(tok, 16));
            }
        }
        return List.copyOf(out);
    }
}
