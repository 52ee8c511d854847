package dev.lustre.ir.lustre;

import java.util.ArrayList;
import java.util.List;

/**
 * Parses {@code {osc,mdc,osp}.<dev>.import}, printed by lprocfs_import_seq_show_locked
 * (lustre/obdclass/lprocfs_status.c; lprocfs_rd_import before 2.10). Layout differences it accepts:
 * <ul>
 *   <li>up to b2_15 NIDs are bare ({@code failover_nids: [ 10.0.0.1@tcp ]}); 2.16+ quotes them and
 *       adds a {@code nids_stats:} map; some 2.5-2.8 builds print {@code [10.0.0.1@tcp]} without
 *       inner spaces;</li>
 *   <li>{@code current_connection: <none>} (quoted {@code "<none>"} in 2.16+) when not connected;</li>
 *   <li>{@code instance:} under {@code connect_data:} since 2.5 (obd_connect_data_seqprint), directly
 *       under {@code import:} in 2.4 and earlier.</li>
 * </ul>
 */
public final class ImportParser {
    private ImportParser() {
    }

    public static ImportInfo parse(String output) {
        return parse(output, "lctl get_param *.import");
    }

    public static ImportInfo parse(String output, String command) {
        ParamOutput.Entry entry = ParamOutput.single(output, command);
        KeyValueLines kv = new KeyValueLines(entry.lines(), command);
        String stateWord = kv.required("state").trim();
        ImportState state = ImportState.parse(stateWord);
        List<String> nids = nidList(kv.required("failover_nids"), kv);
        String current = unquote(kv.required("current_connection").trim());
        if (current.isEmpty() || current.equals("<none>")) {
            current = null;
        }
        String name = kv.get("name");
        String target = kv.get("target");
        return new ImportInfo(
                name == null ? null : name.trim(),
                target == null ? null : target.trim(),
                state,
                kv.optionalLong("instance"),
                nids,
                current,
                kv.optionalInt("connection_attempts"),
                kv.optionalInt("generation"));
    }

    private static List<String> nidList(String value, KeyValueLines kv) {
        String v = value.trim();
        if (!v.startsWith("[") || !v.endsWith("]")) {
            throw LustreParseException.invalid("failover_nids", kv.command(), v);
        }
        List<String> out = new ArrayList<>();
        for (String item : v.substring(1, v.length() - 1).split(",")) {
            String nid = unquote(item.trim());
            if (!nid.isEmpty()) {
                out.add(nid);
            }
        }
        return List.copyOf(out);
    }

    private static String unquote(String s) {
        if (s.length() >= 2 && s.startsWith("\"") && s.endsWith("\"")) {
            return s.substring(1, s.length() - 1);
        }
        return s;
    }
}
