package dev.lustre.ir.lustre;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Parses the IR block that lprocfs_rd_ir_state (lustre/mgs/mgs_nids.c) appends to
 * {@code mgs.MGS.live.<fs>} (mgs_live_seq_show): "imperative_recovery_state:" then indented
 * {@code state}, {@code nonir_clients}, {@code nidtbl_version}, {@code notify_duration_total},
 * {@code notify_duation_max} (sic) and {@code notify_count}. The lines before it (fsname, flags,
 * targets, "Secure RPC Config Rules:" and the rules, which may contain '=') are skipped, so the
 * whole output is scanned rather than split into parameters.
 */
public final class MgsIrStateParser {
    private static final Set<String> STATES = Set.of("full", "startup", "disabled", "partial");

    private MgsIrStateParser() {
    }

    public static MgsIrState parse(String output, String command) {
        List<String> block = new ArrayList<>();
        boolean inBlock = false;
        boolean found = false;
        for (String line : (output == null ? "" : output).split("\r?\n")) {
            if (line.trim().equals("imperative_recovery_state:")) {
                inBlock = true;
                found = true;
                continue;
            }
            if (inBlock) {
                if (line.isEmpty() || !Character.isWhitespace(line.charAt(0))) {
                    break;
                }
                block.add(line);
            }
        }
        if (!found) {
            throw LustreParseException.missing("imperative_recovery_state", command);
        }
        KeyValueLines kv = new KeyValueLines(block, command);
        String state = kv.required("state").trim().toLowerCase(Locale.ROOT);
        if (!STATES.contains(state)) {
            throw LustreParseException.invalid("state", command, state);
        }
        return new MgsIrState(state, kv.optionalInt("nonir_clients"), kv.optionalLong("nidtbl_version"),
                decimal(kv.get("notify_duration_total")),
                decimal(kv.get("notify_duation_max") != null ? kv.get("notify_duation_max")
                        : kv.get("notify_duration_max")),
                kv.optionalLong("notify_count"));
    }

    private static Double decimal(String v) {
        if (v == null) {
            return null;
        }
        try {
            return Double.parseDouble(v.trim());
        } catch (NumberFormatException e) {
            return null;
        }
    }
}
