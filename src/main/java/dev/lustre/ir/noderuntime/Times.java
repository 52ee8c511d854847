package dev.lustre.ir.noderuntime;

import java.time.Instant;
import java.time.temporal.ChronoUnit;

/** API timestamps are RFC 3339 with whole seconds, as {@code metav1.Time} serializes them. */
final class Times {
    private Times() {
    }

    static String format(Instant instant) {
        return instant.truncatedTo(ChronoUnit.SECONDS).toString();
    }

    static String now() {
        return format(Instant.now());
    }

    static Instant parse(String timestamp) {
        return timestamp == null || timestamp.isEmpty() ? null : Instant.parse(timestamp);
    }
}
