package dev.lustre.ir.sandbox;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
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
        long count = 0;
        for (Path part : parts(auditLog)) {
            try (Stream<String> lines = Files.lines(part)) {
                count += lines.filter(l -> Arrays.stream(fragments).allMatch(l::contains)).count();
            }
        }
        return count;
    }

    /** The log and the parts the API server rotated away beside it. */
    private static List<Path> parts(Path auditLog) throws IOException {
        String base = auditLog.getFileName().toString().replaceFirst("\\.log$", "");
        try (Stream<Path> files = Files.list(auditLog.toAbsolutePath().getParent())) {
            return files.filter(f -> {
                String name = f.getFileName().toString();
                return name.equals(base + ".log") || (name.startsWith(base + "-") && name.endsWith(".log"));
            }).toList();
        }
    }

    /** Writes (create, update, patch, delete) made by exactly this user agent so far. */
    public static long writesOf(Path auditLog, String userAgent) throws IOException {
        long n = 0;
        for (String verb : WRITE_VERBS) {
            n += linesWith(auditLog, "\"userAgent\":\"" + userAgent + "\"", "\"verb\":\"" + verb + "\"");
        }
        return n;
    }

    /** The writes of exactly this user agent so far: verb and request URI, one a line (to say what they were). */
    public static List<String> writeLinesOf(Path auditLog, String userAgent) throws IOException {
        List<String> found = new java.util.ArrayList<>();
        Pattern uri = Pattern.compile("\"requestURI\":\"([^\"]*)\"");
        for (Path part : parts(auditLog)) {
            try (Stream<String> lines = Files.lines(part)) {
                lines.filter(l -> l.contains("\"userAgent\":\"" + userAgent + "\"")).forEach(l -> {
                    Matcher v = VERB.matcher(l);
                    if (v.find() && WRITE_VERBS.contains(v.group(1))) {
                        Matcher u = uri.matcher(l);
                        found.add(v.group(1) + " " + (u.find() ? u.group(1) : "?"));
                    }
                });
            }
        }
        return found;
    }

    /** The verbs that change what etcd holds. */
    static final List<String> WRITE_VERBS = List.of("create", "update", "patch", "delete", "deletecollection");
    private static final Pattern VERB = Pattern.compile("\"verb\":\"([a-z]+)\"");
    private static final String LEASES = "\"resource\":\"leases\"";
    /** Lease writes are kept apart (key {@code <client> leases}): they are heartbeats, not the round's work. */
    public static final String LEASE_SUFFIX = " leases";
    private static final Pattern USER_AGENT = Pattern.compile("\"userAgent\":\"([^\"/]*)");

    /**
     * Writes (create, update, patch, delete) in the log so far, by client: the user agent up to its
     * first slash ({@code lustre-ir-operator}, {@code lustre-ir-agent}, {@code lustre-ir-node-runtime}, …).
     * Read once through every part; the difference of two calls is what happened between them.
     */
    public static Map<String, Long> writesByUserAgent(Path auditLog) throws IOException {
        Map<String, Long> counts = new TreeMap<>();
        for (Path part : parts(auditLog)) {
            try (Stream<String> lines = Files.lines(part)) {
                lines.forEach(l -> {
                    Matcher v = VERB.matcher(l);
                    if (v.find() && WRITE_VERBS.contains(v.group(1))) {
                        Matcher ua = USER_AGENT.matcher(l);
                        String who = ua.find() ? ua.group(1) : "unknown";
                        counts.merge(l.contains(LEASES) ? who + LEASE_SUFFIX : who, 1L, Long::sum);
                    }
                });
            }
        }
        return counts;
    }

    /** {@code after − before}, per client, leaving out those with none. */
    public static Map<String, Long> difference(Map<String, Long> before, Map<String, Long> after) {
        Map<String, Long> d = new TreeMap<>();
        after.forEach((k, v) -> {
            long n = v - before.getOrDefault(k, 0L);
            if (n != 0) {
                d.put(k, n);
            }
        });
        return d;
    }
}
