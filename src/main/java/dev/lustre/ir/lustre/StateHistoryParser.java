package dev.lustre.ir.lustre;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Parses {@code *.state} as printed by lprocfs_state_seq_show (lustre/obdclass/lprocfs_status.c):
 * "current_state: FULL", "state_history:", then " - [ <epoch>, <STATE> ]" lines.
 */
public final class StateHistoryParser {
    private static final Pattern ITEM = Pattern.compile("^\\s*-\\s*\\[\\s*(\\d+)\\s*,\\s*([A-Z_]+)\\s*]\\s*$");

    private StateHistoryParser() {
    }

    public static StateHistory parse(String output) {
        return parse(output, "lctl get_param *.state");
    }

    public static StateHistory parse(String output, String command) {
        ParamOutput.Entry entry = ParamOutput.single(output, command);
        KeyValueLines kv = new KeyValueLines(entry.lines(), command);
        ImportState current = ImportState.parse(kv.required("current_state"));
        List<StateHistory.Entry> history = new ArrayList<>();
        for (String line : entry.lines()) {
            Matcher m = ITEM.matcher(line);
            if (m.matches()) {
                history.add(new StateHistory.Entry(Long.parseLong(m.group(1)), ImportState.parse(m.group(2))));
            }
        }
        return new StateHistory(current, List.copyOf(history));
    }
}
