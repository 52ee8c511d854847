package dev.lustre.ir.lustre;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Parses {@code mgc.*.ir_state} (lprocfs_mgc_rd_ir_state, lustre/mgc/mgc_request.c):
 * "imperative_recovery: ENABLED|DISABLED", "client_state:", then
 * "    - { client: fs-client, nidtbl_version: 242 }". The manual still shows ON/OFF (the wording
 * before LU-1095); both are accepted, as recovery-small.sh check_cli_ir_state does.
 */
public final class MgcIrStateParser {
    private static final Pattern CLIENT =
            Pattern.compile("^\\s*-\\s*\\{\\s*client:\\s*([^,\\s]+)\\s*,\\s*nidtbl_version:\\s*(\\d+)\\s*}\\s*$");

    private MgcIrStateParser() {
    }

    public static List<MgcIrState> parse(String output, String command) {
        List<MgcIrState> out = new ArrayList<>();
        for (ParamOutput.Entry entry : ParamOutput.entries(output)) {
            KeyValueLines kv = new KeyValueLines(entry.lines(), command);
            String word = kv.required("imperative_recovery").trim().toUpperCase(Locale.ROOT);
            boolean enabled;
            switch (word) {
                case "ENABLED", "ON" -> enabled = true;
                case "DISABLED", "OFF" -> enabled = false;
                default -> throw LustreParseException.invalid("imperative_recovery", command, word);
            }
            List<MgcIrState.Client> clients = new ArrayList<>();
            for (String line : entry.lines()) {
                Matcher m = CLIENT.matcher(line);
                if (m.matches()) {
                    clients.add(new MgcIrState.Client(m.group(1), Long.parseLong(m.group(2))));
                }
            }
            out.add(new MgcIrState(mgcName(entry.name()), enabled, List.copyOf(clients)));
        }
        if (out.isEmpty()) {
            throw LustreParseException.missing("imperative_recovery", command);
        }
        return List.copyOf(out);
    }

    /** {@code mgc.MGC10.0.0.1@tcp.ir_state} into {@code MGC10.0.0.1@tcp}. */
    private static String mgcName(String paramName) {
        if (paramName == null) {
            return null;
        }
        String s = paramName;
        if (s.startsWith("mgc.")) {
            s = s.substring(4);
        }
        if (s.endsWith(".ir_state")) {
            s = s.substring(0, s.length() - ".ir_state".length());
        }
        return s;
    }
}
