package dev.lustre.ir.sandbox;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

/** Counts API requests in the API server's audit log: of one client (by user agent), or of one kind. */
public final class AuditCounts {
    private AuditCounts() {
    }

    public static long requests(Path auditLog, String userAgentPrefix) throws IOException {
        if (!Files.exists(auditLog)) {
            return 0;
        }
        String needle = "\"userAgent\":\"" + userAgentPrefix;
        try (Stream<String> lines = Files.lines(auditLog)) {
            return lines.filter(l -> l.contains(needle)).count();
        }
    }

    /** Audit events (one JSON object a line) that hold every fragment, e.g. a verb and a request URI. */
    public static long linesWith(Path auditLog, String... fragments) throws IOException {
        if (!Files.exists(auditLog)) {
            return 0;
        }
        try (Stream<String> lines = Files.lines(auditLog)) {
            return lines.filter(l -> java.util.Arrays.stream(fragments).allMatch(l::contains)).count();
        }
    }
}
