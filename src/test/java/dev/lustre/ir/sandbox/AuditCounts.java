package dev.lustre.ir.sandbox;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;

/**
 * Counts API requests in the API server's audit log: of one client (by user agent), or of one kind.
 * The API server rotates its audit log at 100 MB (lumberjack's default size when
 * {@code --audit-log-maxsize} is 0), keeping the older part beside it as {@code audit-<time>.log}:
 * every part is counted.
 */
public final class AuditCounts {
    private AuditCounts() {
    }

    public static long requests(Path auditLog, String userAgentPrefix) throws IOException {
        return linesWith(auditLog, "\"userAgent\":\"" + userAgentPrefix);
    }

    /** Audit events (one JSON object a line) that hold every fragment, e.g. a verb and a request URI. */
    public static long linesWith(Path auditLog, String... fragments) throws IOException {
        String base = auditLog.getFileName().toString().replaceFirst("\\.log$", "");
        List<Path> parts;
        try (Stream<Path> files = Files.list(auditLog.toAbsolutePath().getParent())) {
            parts = files.filter(f -> {
                String name = f.getFileName().toString();
                return name.equals(base + ".log") || (name.startsWith(base + "-") && name.endsWith(".log"));
            }).toList();
        }
        long count = 0;
        for (Path part : parts) {
            try (Stream<String> lines = Files.lines(part)) {
                count += lines.filter(l -> Arrays.stream(fragments).allMatch(l::contains)).count();
            }
        }
        return count;
    }
}
