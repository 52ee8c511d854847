package dev.lustre.ir.lustre;

import java.util.ArrayList;
import java.util.List;

/**
 * Parses {@code {osc,mdc}.*.{ost,mds}_server_uuid}: lprocfs_server_uuid_seq_show prints
 * "%s\t%s%s" = target UUID, TAB, state word, and "\tDEACTIVATED" when imp_deactive is set. The test
 * framework takes the state with {@code cut -f2}. One entry per device when names are shown.
 */
public final class ServerUuidParser {
    private ServerUuidParser() {
    }

    public static List<ServerUuidStatus> parseAll(String output) {
        return parseAll(output, "lctl get_param *.*_server_uuid");
    }

    public static List<ServerUuidStatus> parseAll(String output, String command) {
        List<ServerUuidStatus> out = new ArrayList<>();
        for (ParamOutput.Entry entry : ParamOutput.entries(output)) {
            for (String line : entry.lines()) {
                if (line.isBlank()) {
                    continue;
                }
                out.add(parseLine(entry.name(), line, command));
            }
        }
        if (out.isEmpty()) {
            throw LustreParseException.missing("target UUID", command);
        }
        return List.copyOf(out);
    }

    public static ServerUuidStatus parse(String output, String command) {
        return parseAll(output, command).get(0);
    }

    private static ServerUuidStatus parseLine(String paramName, String line, String command) {
        // Lustre separates with TABs; UUIDs and state words hold no blanks, so any whitespace will do.
        String[] cols = line.trim().split("\\s+");
        if (cols.length < 2) {
            throw LustreParseException.missing("state", command);
        }
        String device = null;
        if (paramName != null) {
            int first = paramName.indexOf('.');
            int last = paramName.lastIndexOf('.');
            if (first > 0 && last > first) {
                device = paramName.substring(first + 1, last);
            }
        }
        boolean deactivated = cols.length > 2 && cols[2].trim().equals("DEACTIVATED");
        return new ServerUuidStatus(device, cols[0].trim(), ImportState.parse(cols[1]), deactivated);
    }
}
