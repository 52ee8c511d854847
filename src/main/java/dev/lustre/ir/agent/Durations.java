package dev.lustre.ir.agent;

import dev.lustre.ir.report.AgentError;

import java.time.Duration;

/**
 * Parses the durations of the command line: {@code 500ms}, {@code 60s}, {@code 2m}, {@code 1h30m},
 * {@code 1.5s} (the same grammar as the CRD's duration fields). A unit is required; negatives and
 * anything else are rejected.
 */
public final class Durations {
    private static final Duration MAX = Duration.ofDays(1);

    private Durations() {
    }

    public static Duration parse(String option, String text) {
        Duration d;
        try {
            d = dev.lustre.ir.policy.Durations.parse(text == null || text.length() > 32 ? null : text);
        } catch (IllegalArgumentException e) {
            throw bad(option, text);
        }
        if (d.compareTo(MAX) > 0) {
            throw new AgentException(AgentError.BadArguments, option + " " + text + " is longer than 24h");
        }
        return d;
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
