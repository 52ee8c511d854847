package dev.lustre.ir.lustre;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The "key: value" lines of a seq_file dump, whatever their indentation. The first occurrence of a
 * key wins; lines that are not "key: value" are ignored, so new fields in newer releases do no harm.
 */
final class KeyValueLines {
    private static final Pattern KEY_VALUE = Pattern.compile("^\\s*([A-Za-z_][A-Za-z0-9_ -]*?):(?:\\s+(.*?))?\\s*$");

    private final Map<String, String> values = new LinkedHashMap<>();
    private final String command;

    KeyValueLines(List<String> lines, String command) {
        this.command = command;
        for (String line : lines) {
            Matcher m = KEY_VALUE.matcher(line);
            if (m.matches()) {
                values.putIfAbsent(m.group(1), m.group(2) == null ? "" : m.group(2));
            }
        }
    }

    boolean has(String key) {
        return values.containsKey(key);
    }

    String get(String key) {
        return values.get(key);
    }

    String required(String key) {
        String v = values.get(key);
        if (v == null) {
            throw LustreParseException.missing(key, command);
        }
        return v;
    }

    /** An optional number; absent or not a number gives null (a new format must not break us). */
    Long optionalLong(String key) {
        String v = values.get(key);
        if (v == null) {
            return null;
        }
        try {
            return Long.parseLong(v.trim());
        } catch (NumberFormatException e) {
            return null;
        }
    }

    Integer optionalInt(String key) {
        Long v = optionalLong(key);
        return v == null || v > Integer.MAX_VALUE || v < Integer.MIN_VALUE ? null : v.intValue();
    }

    String command() {
        return command;
    }
}
