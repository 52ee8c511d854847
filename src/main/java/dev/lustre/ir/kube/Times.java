package dev.lustre.ir.kube;

import java.time.Instant;
import java.time.temporal.ChronoUnit;

/** Kubernetes timestamps: RFC 3339, whole seconds, UTC. */
public final class Times {
    private Times() {
    }

    public static String format(Instant t) {
        return t.truncatedTo(ChronoUnit.SECONDS).toString();
    }

    public static String now() {
        return format(Instant.now());
    }

    public static Instant parse(String t) {
        return t == null || t.isEmpty() ? null : Instant.parse(t);
    }
}
