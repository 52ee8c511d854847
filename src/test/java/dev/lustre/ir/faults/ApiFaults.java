package dev.lustre.ir.faults;

import java.time.Duration;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The seeded schedule of API faults the {@link FaultProxy} injects: for each request it is asked,
 * with what the proxy knows of the request (method, whether it is a watch), which fault, if any.
 * The draws come from one seeded generator in the order requests arrive, so a schedule is
 * reproducible up to the operator's own thread interleaving. Counts every fault by kind.
 */
public final class ApiFaults {
    /** What the proxy does to one request. */
    public enum Kind {
        /** Forwarded untouched. */
        NONE,
        /** An update or patch answered 409 Conflict without reaching the API server. */
        CONFLICT,
        /** Answered 500/503 without reaching the API server. */
        ERROR_BEFORE,
        /** Forwarded, then its answer replaced by a 504: the write landed, the client does not know it. */
        ERROR_AFTER,
        /** Forwarded after a delay. */
        SLOW,
        /** A watch forwarded, then its stream closed mid-way. */
        DROP_WATCH
    }

    /** One decision: the kind and, for SLOW and DROP_WATCH, how long. */
    public record Fault(Kind kind, Duration delay, int status) {
        static final Fault NONE = new Fault(Kind.NONE, Duration.ZERO, 0);
    }

    /** Fault rates of a schedule, each in [0, 1]; the slow delay and the watch lifetime bounds. */
    public record Rates(double conflict, double errorBefore, double errorAfter, double slow, Duration slowMax, double dropWatch,
            Duration watchMax) {
        public static final Rates OFF = new Rates(0, 0, 0, 0, Duration.ZERO, 0, Duration.ZERO);

        /** Rates drawn from a seed: each fault kind from none to often, so that schedules differ in mix and strength. */
        public static Rates drawn(Random r) {
            return new Rates(r.nextDouble() * 0.25, r.nextDouble() * 0.08, r.nextDouble() * 0.05, r.nextDouble() * 0.2,
                    Duration.ofMillis(200 + r.nextInt(1500)), r.nextDouble(), Duration.ofMillis(1000 + r.nextInt(9000)));
        }

        @Override
        public String toString() {
            return String.format("conflict %.2f, 5xx %.2f, 5xx-after-write %.2f, slow %.2f (≤%d ms), watch drop %.2f (≤%d ms)",
                    conflict, errorBefore, errorAfter, slow, slowMax.toMillis(), dropWatch, watchMax.toMillis());
        }
    }

    /** One schedule's generator, rates and counts. */
    private static final class Schedule {
        final Random random;
        volatile Rates rates;
        final Map<Kind, AtomicLong> injected = new ConcurrentHashMap<>();

        Schedule(long seed, Rates rates) {
            this.random = new Random(seed);
            this.rates = rates;
        }
    }

    private final Schedule global;
    private final Map<String, Schedule> byNamespace = new ConcurrentHashMap<>();
    private final Map<Kind, AtomicLong> injected = new ConcurrentHashMap<>();

    /** @param seed the schedule of requests that name no registered namespace (cluster-wide lists and watches) */
    public ApiFaults(long seed) {
        this.global = new Schedule(seed, Rates.OFF);
    }

    /** Sets the rates of cluster-wide requests from now on (OFF while the operator starts: an informer's first list must succeed). */
    public void rates(Rates r) {
        global.rates = r;
    }

    /** Requests in {@code namespace} follow their own seeded schedule: one failover round's, apart from the others running. */
    public void register(String namespace, long seed, Rates rates) {
        byNamespace.put(namespace, new Schedule(seed, rates));
    }

    /** Requests in {@code namespace} are forwarded untouched from now on (checks after the round). */
    public void quiet(String namespace) {
        Schedule s = byNamespace.get(namespace);
        if (s != null) {
            s.rates = Rates.OFF;
        }
    }

    /**
     * @param namespace the namespace the request's path names, or null
     * @param write an update or patch, whose precondition a 409 can fail
     */
    public Fault next(String namespace, String method, boolean watch, boolean write) {
        Schedule s = namespace == null ? global : byNamespace.getOrDefault(namespace, global);
        Fault f;
        synchronized (s) {
            f = decide(s.random, s.rates, method, watch, write);
        }
        if (f.kind() != Kind.NONE) {
            injected.computeIfAbsent(f.kind(), k -> new AtomicLong()).incrementAndGet();
            s.injected.computeIfAbsent(f.kind(), k -> new AtomicLong()).incrementAndGet();
        }
        return f;
    }

    /** Faults injected in one namespace's schedule, by kind. */
    public Map<Kind, Long> injected(String namespace) {
        Schedule s = byNamespace.get(namespace);
        Map<Kind, Long> m = new TreeMap<>();
        if (s != null) {
            s.injected.forEach((k, v) -> m.put(k, v.get()));
        }
        return m;
    }

    private static Fault decide(Random random, Rates r, String method, boolean watch, boolean write) {
        if (watch) {
            if (random.nextDouble() < r.dropWatch()) {
                return new Fault(Kind.DROP_WATCH, Duration.ofMillis(1 + random.nextInt((int) Math.max(1, r.watchMax().toMillis()))), 0);
            }
            return Fault.NONE;
        }
        double x = random.nextDouble();
        if (write && x < r.conflict()) {
            return new Fault(Kind.CONFLICT, Duration.ZERO, 409);
        }
        x = random.nextDouble();
        if (x < r.errorBefore()) {
            return new Fault(Kind.ERROR_BEFORE, Duration.ZERO, random.nextBoolean() ? 500 : 503);
        }
        if (!"GET".equals(method) && x < r.errorBefore() + r.errorAfter()) {
            return new Fault(Kind.ERROR_AFTER, Duration.ZERO, 504);
        }
        if (random.nextDouble() < r.slow()) {
            return new Fault(Kind.SLOW, Duration.ofMillis(1 + random.nextInt((int) Math.max(1, r.slowMax().toMillis()))), 0);
        }
        return Fault.NONE;
    }

    /** Faults injected so far, by kind. */
    public Map<Kind, Long> injected() {
        Map<Kind, Long> m = new TreeMap<>();
        injected.forEach((k, v) -> m.put(k, v.get()));
        return m;
    }
}
