package dev.lustre.ir.sandbox;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

/** Counts the API requests of one client in the API server's audit log, by user agent. */
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
}
