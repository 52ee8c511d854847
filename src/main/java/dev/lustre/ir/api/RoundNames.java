package dev.lustre.ir.api;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.regex.Pattern;

/**
 * Names of a round's objects, the same in the operator and in every agent: a deterministic name is
 * how "written once" is enforced (a second create is refused with AlreadyExists) and how a restarted
 * operator or agent finds what was already done.
 *
 * <pre>
 *   LustreRound                 &lt;failover&gt;-r&lt;round&gt;
 *   LustreRoundResult, client   &lt;failover&gt;-r&lt;round&gt;-c-&lt;node&gt;
 *   LustreRoundResult, server   &lt;failover&gt;-r&lt;round&gt;-s-server
 *   LustreClose and its result  &lt;failover&gt;-r&lt;round&gt;-s-close-&lt;n&gt;
 * </pre>
 *
 * A name longer than an object name may be, or a failover whose own name holds the round marker
 * (so that two failovers could build the same name), ends in a hash of its parts instead.
 */
public final class RoundNames {
    /** Object names are DNS subdomains: at most 253 characters. */
    static final int MAX = 253;
    /** Label values are at most 63 characters. */
    static final int MAX_LABEL = 63;
    private static final Pattern MARKER = Pattern.compile("-r[0-9]+-");

    private RoundNames() {
    }

    public static String round(String failover, long round) {
        return name(failover, round, "", "");
    }

    public static String clientResult(String failover, long round, String node) {
        return name(failover, round, "c", node);
    }

    public static String serverResult(String failover, long round) {
        return name(failover, round, "s", "server");
    }

    /** The {@code sequence}-th close of the round, and the name of the result that answers it. */
    public static String close(String failover, long round, int sequence) {
        return name(failover, round, "s", "close-" + sequence);
    }

    private static String name(String failover, long round, String kind, String part) {
        String full = failover + "-r" + round + (kind.isEmpty() ? "" : "-" + kind + "-" + part);
        boolean ambiguous = MARKER.matcher(failover + "-").find();
        if (full.length() <= MAX && !ambiguous) {
            return full;
        }
        String tail = (kind.isEmpty() ? "-r-" : "-" + kind + "-")
                + digest(failover + "\n" + round + "\n" + kind + "\n" + part).substring(0, 12);
        return full.substring(0, Math.min(full.length(), MAX - tail.length())).replaceAll("[-.]+$", "") + tail;
    }

    /**
     * A label value: at most 63 characters, alphanumeric at both ends; a longer value keeps its head
     * and ends in a hash of the whole, so two long values stay apart.
     */
    public static String labelValue(String value) {
        if (value.length() <= MAX_LABEL) {
            return value;
        }
        String hash = digest(value).substring(0, 8);
        String head = value.substring(0, MAX_LABEL - hash.length() - 1).replaceAll("[-.]+$", "");
        return head + "-" + hash;
    }

    public static String digest(String text) {
        try {
            byte[] d = MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(d);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
