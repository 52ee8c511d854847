package dev.lustre.ir.operator;

import dev.lustre.ir.api.RoundNames;

import java.util.regex.Pattern;

/**
 * Deterministic, valid Kubernetes names and label values. A restarted operator computes the same
 * names, which is how it adopts its Jobs instead of creating duplicates.
 */
public final class Names {
    /** Job names feed the job-name label of their Pods, limited to 63 characters. */
    static final int MAX = 63;
    private static final Pattern MARKER = Pattern.compile("-r[0-9]+-[cs]-");

    private Names() {
    }

    /**
     * A client node's Job: {@code <failover>-r<round>-c-<node>}. The {@code c}/{@code s} marker keeps
     * client and server names disjoint, so a node named {@code close} or {@code preflight} never gets
     * (or is taken for) a server Job's name; a shortened name keeps its marker next to the hash.
     */
    public static String clientJob(String failover, long round, String node) {
        return job(failover, round, "c", node);
    }

    /** A server Job ({@code preflight}, {@code verify-N}, {@code close}): {@code <failover>-r<round>-s-<role>}. */
    public static String serverJob(String failover, long round, String role) {
        return job(failover, round, "s", role);
    }

    private static String job(String failover, long round, String kind, String part) {
        String full = failover + "-r" + round + "-" + kind + "-" + part;
        // A failover whose own name holds the marker could build another failover's Job name (failover
        // a with node b-r2-c-d, failover a-r2-c-b with node d): its names end in a hash of the parts.
        boolean ambiguous = MARKER.matcher(failover).find();
        if (full.length() <= MAX && !ambiguous) {
            return full;
        }
        String tail = "-" + kind + "-" + digest(ambiguous ? failover + "\n" + round + "\n" + kind + "\n" + part : full).substring(0, 8);
        return full.substring(0, Math.min(full.length(), MAX - tail.length())).replaceAll("[-.]+$", "") + tail;
    }

    /** A label value: at most 63 characters, alphanumeric at both ends (the agents label their results alike). */
    public static String labelValue(String value) {
        return RoundNames.labelValue(value);
    }

    /** A name of at most 63 characters, shortened as a label value is. */
    static String fit(String name) {
        return RoundNames.labelValue(name);
    }

    public static String digest(String text) {
        return RoundNames.digest(text);
    }
}
