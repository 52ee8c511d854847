package dev.lustre.ir.kube;

import java.time.Instant;
import java.time.temporal.ChronoUnit;

/** Kubernetes timestamps: RFC 3339, whole seconds (or milliseconds where said), UTC. */
public final class Times {
    private Times() {
    }

    public static String format(Instant t) {
        return t.truncatedTo(ChronoUnit.SECONDS).toString();
    }

    /**
     * To the millisecond, for what agents report of a round (when a reconnect began, when it was
     * seen): a round at 10,000 clients is measured in fractions of a second. Still RFC 3339.
     */
    public static String formatMillis(Instant t) {
        return t.truncatedTo(ChronoUnit.MILLIS).toString();
    }

    public static String now() {
        return format(Instant.now());
    }

    public static Instant parse(String t) {
        return t == null || t.isEmpty() ? null : Instant.parse(t);
    }
}
