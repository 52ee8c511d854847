package dev.lustre.ir.agent;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Parses the durations of the command line: {@code 500ms}, {@code 60s}, {@code 2m}, {@code 1h30m},
 * {@code 1.5s} (the same grammar as the CRD's duration fields). A unit is required; negatives and
 * anything else are rejected.
 */
public final class Durations {
    private static final Pattern WHOLE = Pattern.compile("^([0-9]+(\\.[0-9]+)?(ms|s|m|h))+$");
    private static final Pattern PART = Pattern.compile("([0-9]+(?:\\.[0-9]+)?)(ms|s|m|h)");
    private static final Duration MAX = Duration.ofDays(1);

    private Durations() {
    }

    public static Duration parse(String option, String text) {
        if (text == null || text.length() > 32 || !WHOLE.matcher(text).matches()) {
            throw bad(option, text);
        }
        BigDecimal millis = BigDecimal.ZERO;
        Matcher m = PART.matcher(text);
        while (m.find()) {
            BigDecimal n = new BigDecimal(m.group(1));
            long unit = switch (m.group(2)) {
                case "ms" -> 1L;
                case "s" -> 1_000L;
                case "m" -> 60_000L;
                default -> 3_600_000L;
            };
            millis = millis.add(n.multiply(BigDecimal.valueOf(unit)));
        }
        if (millis.compareTo(BigDecimal.valueOf(MAX.toMillis())) > 0) {
            throw new AgentException(AgentError.BadArguments, option + " " + text + " is longer than 24h");
        }
        return Duration.ofMillis(millis.longValue());
    }

    private static AgentException bad(String option, String text) {
        return new AgentException(AgentError.BadArguments, option + " expects a duration such as 500ms, 60s, 2m "
                + "or 1h30m, not '" + printable(text) + "'");
    }

    private static String printable(String s) {
        if (s == null) {
            return "";
        }
        String p = s.replaceAll("\\p{Cntrl}", "?");
        return p.length() > 40 ? p.substring(0, 40) + "..." : p;
    }
}
