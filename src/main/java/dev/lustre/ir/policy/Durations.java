package dev.lustre.ir.policy;

import dev.lustre.ir.api.Patterns;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Parses the API's duration strings (90s, 2m, 1h30m, 500ms) and prints them back in the same style. */
public final class Durations {
    private static final Pattern WHOLE = Pattern.compile(Patterns.DURATION);
    private static final Pattern PART = Pattern.compile("([0-9]+(?:\\.[0-9]+)?)(ms|s|m|h)");

    private Durations() {
    }

    public static Duration parse(String text) {
        if (text == null || !WHOLE.matcher(text).matches()) {
            throw new IllegalArgumentException("not a duration: '" + text + "' (expected e.g. 500ms, 60s, 2m, 1h30m)");
        }
        double millis = 0;
        Matcher m = PART.matcher(text);
        while (m.find()) {
            double value = Double.parseDouble(m.group(1));
            millis += switch (m.group(2)) {
                case "ms" -> value;
                case "s" -> value * 1_000;
                case "m" -> value * 60_000;
                default -> value * 3_600_000;
            };
        }
        return Duration.ofMillis(Math.round(millis));
    }

    public static String format(Duration d) {
        long ms = d.toMillis();
        if (ms % 1000 != 0) {
            return ms + "ms";
        }
        return d.toSeconds() + "s";
    }
}
