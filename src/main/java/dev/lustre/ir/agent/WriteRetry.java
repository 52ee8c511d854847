package dev.lustre.ir.agent;

import io.fabric8.kubernetes.client.KubernetesClientException;

import java.io.PrintStream;
import java.time.Duration;
import java.util.function.Supplier;

/**
 * Retries a write the API server could not take (down, overloaded, restarting) with exponential
 * backoff, for a bounded time. The lctl work the write reports is never repeated: only the write is.
 * Refusals that a retry cannot change (the object is invalid, or already exists) go back to the
 * caller at once.
 */
final class WriteRetry {
    static final Duration RESULT_WRITES = Duration.ofMinutes(5);
    private static final Duration FIRST_WAIT = Duration.ofSeconds(1);
    private static final Duration MAX_WAIT = Duration.ofSeconds(30);

    private WriteRetry() {
    }

    /**
     * The write's answer; null when it kept failing for {@code atMost} or the thread was interrupted
     * (the agent stops). An error no retry can cure is thrown.
     */
    static <T> T withBackoff(String what, Duration atMost, PrintStream log, Supplier<T> write) {
        long deadline = System.nanoTime() + atMost.toNanos();
        Duration wait = FIRST_WAIT;
        while (true) {
            try {
                return write.get();
            } catch (KubernetesClientException e) {
                if (!worthRetrying(e.getCode())) {
                    throw e;
                }
                if (System.nanoTime() + wait.toNanos() > deadline) {
                    log.println("agent serve: cannot " + what + " (given up after " + atMost.toMinutes() + " min): "
                            + e.getMessage());
                    return null;
                }
                log.println("agent serve: cannot " + what + " (tried again in " + wait.toMillis() + "ms): " + e.getMessage());
            }
            try {
                Thread.sleep(wait.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return null;
            }
            wait = wait.multipliedBy(2).compareTo(MAX_WAIT) > 0 ? MAX_WAIT : wait.multipliedBy(2);
        }
    }

    /**
     * No answer at all (the client's code -1: a request or connection timeout, a connection refused
     * or reset; 0 in older clients), a timeout, throttling, a server error, or credentials and rights that
     * may come back (a rotated token, a Role being applied): worth another try. A refused object (400,
     * 404 for a namespace that is gone, 409, 422) is not.
     */
    static boolean worthRetrying(int code) {
        return code <= 0 || code == 401 || code == 403 || code == 408 || code == 429 || code >= 500;
    }
}
