package dev.lustre.ir.lustre;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Splits {@code lctl get_param} output into (name, value) entries. print_param_internal
 * (lustre/utils/lustre_param.c) prints a multi-line value as "name=" + newline + value and a
 * single-line value as "name=value"; with {@code -n} there are no names at all. Every parser
 * accepts all three forms through this class.
 */
public final class ParamOutput {
    /**
     * A parameter header: dotted path, no spaces, then '='. Value lines never match: they are
     * "key: value", YAML list items or free text with spaces. MGC names contain '@' and dots
     * ({@code mgc.MGC10.0.0.1@tcp.ir_state}).
     */
    private static final Pattern HEADER =
            Pattern.compile("^([A-Za-z0-9_]+(?:\\.[A-Za-z0-9_@:*\\[\\]-]+)+)=(.*)$");

    /** One parameter: its name (null with {@code -n}) and its value text without the header. */
    public record Entry(String name, String value) {
        public List<String> lines() {
            return value.isEmpty() ? List.of() : List.of(value.split("\r?\n", -1));
        }
    }

    private ParamOutput() {
    }

    public static List<Entry> entries(String output) {
        List<Entry> entries = new ArrayList<>();
        String name = null;
        StringBuilder value = new StringBuilder();
        boolean any = false;
        for (String line : normalize(output).split("\n", -1)) {
            Matcher m = HEADER.matcher(line);
            if (m.matches()) {
                if (any) {
                    entries.add(new Entry(name, trimTrailingNewlines(value)));
                }
                name = m.group(1);
                value.setLength(0);
                value.append(m.group(2));
                any = true;
            } else {
                if (any && (value.length() > 0 || name == null)) {
                    value.append('\n');
                }
                value.append(line);
                any = true;
            }
        }
        if (any) {
            Entry last = new Entry(name, trimTrailingNewlines(value));
            if (last.name() != null || !last.value().isBlank()) {
                entries.add(last);
            }
        }
        return entries;
    }

    /** The single entry of an output that should hold one parameter (the first if several). */
    public static Entry single(String output, String command) {
        List<Entry> all = entries(output);
        if (all.isEmpty()) {
            throw new LustreParseException("value", command, "empty output");
        }
        return all.get(0);
    }

    private static String normalize(String output) {
        return output == null ? "" : output.replace("\r\n", "\n");
    }

    private static String trimTrailingNewlines(CharSequence s) {
        int end = s.length();
        while (end > 0 && (s.charAt(end - 1) == '\n' || s.charAt(end - 1) == '\r')) {
            end--;
        }
        return s.subSequence(0, end).toString();
    }
}
