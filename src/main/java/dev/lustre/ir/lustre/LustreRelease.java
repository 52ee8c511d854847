package dev.lustre.ir.lustre;

import dev.lustre.ir.api.Limits;
import dev.lustre.ir.api.Patterns;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The Lustre release of a node's loaded modules, from {@code lctl get_param -n version}: version_show
 * (obdclass/obd_sysfs.c) prints LUSTRE_VERSION_STRING and a newline, e.g. {@code 2.15.6},
 * {@code 2.14.0_ddn98}; the procfs file of old releases printed {@code lustre: 2.10.8} followed by
 * {@code kernel:} and {@code build:} lines. It is the kernel modules' release that decides how the
 * node behaves, not lctl's own.
 *
 * @param text the release as printed, e.g. {@code 2.14.0_ddn98}
 */
public record LustreRelease(String text, int major, int minor, int patch) {
    private static final Pattern VERSION = Pattern.compile(Patterns.LUSTRE_VERSION);
    private static final Pattern NUMBERS = Pattern.compile("^(\\d{1,4})\\.(\\d{1,4})(?:\\.(\\d{1,4}))?");

    public static LustreRelease parse(String output, String command) {
        String first = output == null ? "" : output.strip().split("\r?\n", 2)[0].strip();
        String text = first.startsWith("lustre:") ? first.substring("lustre:".length()).strip() : first;
        Matcher m = NUMBERS.matcher(text);
        if (text.length() > Limits.MAX_LUSTRE_VERSION || !VERSION.matcher(text).matches() || !m.find()) {
            throw LustreParseException.invalid("version", command, first);
        }
        return new LustreRelease(text, Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)),
                m.group(3) == null ? 0 : Integer.parseInt(m.group(3)));
    }

    /** Whether this release is {@code major.minor.patch} or later. */
    public boolean atLeast(int major, int minor, int patch) {
        if (this.major != major) {
            return this.major > major;
        }
        if (this.minor != minor) {
            return this.minor > minor;
        }
        return this.patch >= patch;
    }
}
