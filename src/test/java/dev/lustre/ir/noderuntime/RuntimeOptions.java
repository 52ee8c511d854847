package dev.lustre.ir.noderuntime;

import java.time.Duration;
import java.util.Objects;

/**
 * Knobs of the simulated node runtime. {@link #defaults()} adds no artificial delay on the paths a
 * Job normally takes (pod start, retry back-off), so tests and the sandbox move at the speed of the
 * API server; {@link #kubernetesTimings()} adds the delays the real kubelet and Job controller of
 * Kubernetes 1.20 add. The pod GC delay for pods of deleted nodes is the real one in both: it only
 * matters once a node is deleted, and a shorter one makes the Job controller and pod GC replace and
 * delete Pods bound to the vanished node in a tight loop.
 *
 * @param parallelism        how many containers may run at once across all nodes (the executor pool)
 * @param controllerWorkers  threads that process Job and Pod events (API calls, not container work)
 * @param podStartDelay      time between a Pod being bound and its container starting (image pull,
 *                           sandbox creation); 0 by default
 * @param podRetryBackoff    Job controller back-off before a replacement Pod after the n-th failure:
 *                           {@code podRetryBackoff * 2^(n-1)}, capped at {@link #podRetryBackoffMax}
 *                           (real: 10 s, capped at 6 min); 0 by default
 * @param podRetryBackoffMax the cap of that back-off
 * @param orphanedPodGcDelay how long a Pod bound to a Node that no longer exists survives before the
 *                           pod GC force-deletes it (real: a 40 s quarantine, swept every 20 s)
 * @param resyncPeriod       informer resync: every object is re-examined this often, a safety net
 *                           under the timers for deadlines, TTLs and back-offs
 */
public record RuntimeOptions(int parallelism, int controllerWorkers, Duration podStartDelay,
                             Duration podRetryBackoff, Duration podRetryBackoffMax,
                             Duration orphanedPodGcDelay, Duration resyncPeriod) {

    public RuntimeOptions {
        if (parallelism < 1) {
            throw new IllegalArgumentException("parallelism must be at least 1, was " + parallelism);
        }
        if (controllerWorkers < 1) {
            throw new IllegalArgumentException("controllerWorkers must be at least 1, was " + controllerWorkers);
        }
        requireNonNegative("podStartDelay", podStartDelay);
        requireNonNegative("podRetryBackoff", podRetryBackoff);
        requireNonNegative("podRetryBackoffMax", podRetryBackoffMax);
        requireNonNegative("orphanedPodGcDelay", orphanedPodGcDelay);
        requireNonNegative("resyncPeriod", resyncPeriod);
    }

    public static RuntimeOptions defaults() {
        return new RuntimeOptions(16, 4, Duration.ZERO, Duration.ZERO, Duration.ofMinutes(6), Duration.ofSeconds(40),
                Duration.ofSeconds(30));
    }

    /** The delays of a real 1.20 cluster (pod start ≈ 1 s for a cached image). */
    public static RuntimeOptions kubernetesTimings() {
        return defaults().withPodStartDelay(Duration.ofSeconds(1)).withPodRetryBackoff(Duration.ofSeconds(10));
    }

    public RuntimeOptions withParallelism(int value) {
        return new RuntimeOptions(value, controllerWorkers, podStartDelay, podRetryBackoff, podRetryBackoffMax,
                orphanedPodGcDelay, resyncPeriod);
    }

    public RuntimeOptions withPodStartDelay(Duration value) {
        return new RuntimeOptions(parallelism, controllerWorkers, value, podRetryBackoff, podRetryBackoffMax,
                orphanedPodGcDelay, resyncPeriod);
    }

    public RuntimeOptions withPodRetryBackoff(Duration value) {
        return new RuntimeOptions(parallelism, controllerWorkers, podStartDelay, value, podRetryBackoffMax,
                orphanedPodGcDelay, resyncPeriod);
    }

    public RuntimeOptions withOrphanedPodGcDelay(Duration value) {
        return new RuntimeOptions(parallelism, controllerWorkers, podStartDelay, podRetryBackoff, podRetryBackoffMax,
                value, resyncPeriod);
    }

    /** The back-off before the replacement of the {@code failures}-th failed Pod. */
    Duration retryBackoffAfter(int failures) {
        if (failures <= 0 || podRetryBackoff.isZero()) {
            return Duration.ZERO;
        }
        Duration delay = podRetryBackoff;
        for (int i = 1; i < failures && delay.compareTo(podRetryBackoffMax) < 0; i++) {
            delay = delay.multipliedBy(2);
        }
        return delay.compareTo(podRetryBackoffMax) > 0 ? podRetryBackoffMax : delay;
    }

    private static void requireNonNegative(String name, Duration value) {
        Objects.requireNonNull(value, name);
        if (value.isNegative()) {
            throw new IllegalArgumentException(name + " must not be negative, was " + value);
        }
    }
}
