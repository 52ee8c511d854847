package dev.lustre.ir.sandbox;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/**
 * Counts the API requests of one client in the API server's audit log, by user agent. The API server
 * rotates its audit log at 100 MB (lumberjack's default size when {@code --audit-log-maxsize} is 0),
 * keeping the older part beside it as {@code audit-<time>.log}: both are counted.
 */
public final class AuditCounts {
    private AuditCounts() {
    }

    public static long requests(Path auditLog, String userAgentPrefix) throws IOException {
        String needle = "\"userAgent\":\"" + userAgentPrefix;
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
                count += lines.filter(l -> l.contains(needle)).count();
            }
        }
        return count;
    }
}
