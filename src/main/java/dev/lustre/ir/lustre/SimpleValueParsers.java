package dev.lustre.ir.lustre;

import java.util.ArrayList;
import java.util.List;

/** Parsers for the one-value and one-item-per-line parameters. */
public final class SimpleValueParsers {
    private SimpleValueParsers() {
    }

    /** {@code {obdfilter,mdt}.<tgt>.instance}: instance_show prints "%u\n". */
    public static long instance(String output, String command) {
        String v = ParamOutput.single(output, command).value().trim();
        try {
            long n = Long.parseLong(v);
            if (n < 0 || n > 0xffffffffL) {
                throw LustreParseException.invalid("instance", command, v);
            }
            return n;
        } catch (NumberFormatException e) {
            throw LustreParseException.invalid("instance", command, v);
        }
    }

    /**
     * {@code recovery_stale_clients} (2.16+, LU-14834): one client UUID per line while the target
     * is RECOVERING with clients missing; empty otherwise. Lines that are not UUIDs are skipped.
     */
    public static List<String> staleClients(String output) {
        List<String> out = new ArrayList<>();
        for (ParamOutput.Entry entry : ParamOutput.entries(output)) {
            for (String line : entry.lines()) {
                String uuid = line.trim();
                if (LustreNames.isUuid(uuid) && !out.contains(uuid)) {
                    out.add(uuid);
                }
            }
        }
        return List.copyOf(out);
    }

    /** {@code lctl list_param <pattern>}: one parameter path per line. */
    public static List<String> paramList(String output) {
        List<String> out = new ArrayList<>();
        if (output == null) {
            return out;
        }
        for (String line : output.split("\r?\n")) {
            String p = line.trim();
            // list_param -F marks directories with a trailing '/', symlinks with '@'.
            if (p.endsWith("/") || p.endsWith("@")) {
                p = p.substring(0, p.length() - 1);
            }
            if (!p.isEmpty() && !p.contains(" ")) {
                out.add(p);
            }
        }
        return List.copyOf(out);
    }
}
