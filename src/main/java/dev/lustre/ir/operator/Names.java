package dev.lustre.ir.operator;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * Deterministic, valid Kubernetes names and label values. A restarted operator computes the same
 * names, which is how it adopts its Jobs instead of creating duplicates.
 */
public final class Names {
    /** Job names feed the job-name label of their Pods, limited to 63 characters. */
    static final int MAX = 63;

    private Names() {
    }

    public static String clientJob(String failover, long round, String node) {
        return fit(failover + "-r" + round + "-" + node);
    }

    public static String serverJob(String failover, long round, String role) {
        return fit(failover + "-r" + round + "-" + role);
    }

    /** A label value: at most 63 characters, alphanumeric at both ends. */
    public static String labelValue(String value) {
        return fit(value);
    }

    static String fit(String name) {
        if (name.length() <= MAX) {
            return name;
        }
        String hash = digest(name).substring(0, 8);
        String head = name.substring(0, MAX - hash.length() - 1).replaceAll("[-.]+$", "");
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
