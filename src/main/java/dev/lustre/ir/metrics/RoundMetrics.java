package dev.lustre.ir.metrics;

import dev.lustre.ir.api.ClientCounts;
import dev.lustre.ir.api.ClosedBy;
import dev.lustre.ir.api.LustreFailover;
import dev.lustre.ir.api.LustreFailoverStatus;
import dev.lustre.ir.api.Phase;
import dev.lustre.ir.api.RecoveryPolicySpec.CloseMethod;
import dev.lustre.ir.kube.Times;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.ToIntFunction;

/**
 * The operator's own figures for Prometheus ({@code /q/metrics}): rounds by outcome and closedBy,
 * failover → window closed, clients by state over the rounds in progress, evictions by method,
 * dispatches by path, plans awaiting approval, and when each round in progress entered its phase.
 * No label names a client: at 10,000 clients a label per client would be 10,000 series.
 *
 * <p>Fed with each reconcile's status before and after ({@link #observed}). What has been counted
 * is remembered per failover, so a status write deferred or retried never counts twice; after a
 * restart the stored status is the starting point, so nothing from before the restart is recounted.
 */
@ApplicationScoped
public class RoundMetrics {
    static final String PREFIX = "lustre.ir.";
    private static final Duration[] WINDOW_BUCKETS = {
            Duration.ofSeconds(2), Duration.ofSeconds(5), Duration.ofSeconds(10), Duration.ofSeconds(20),
            Duration.ofSeconds(30), Duration.ofSeconds(60), Duration.ofSeconds(90), Duration.ofSeconds(120),
            Duration.ofSeconds(180), Duration.ofSeconds(300), Duration.ofSeconds(600), Duration.ofSeconds(900)};

    private final MeterRegistry registry;
    private final Timer windowClosed;
    /** By failover UID: what was last counted of it. */
    private final Map<String, Seen> seen = new ConcurrentHashMap<>();
    /** By failover UID: its round in progress, for the gauges; removed when the round ends. */
    private final Map<String, Active> active = new ConcurrentHashMap<>();

    private record Seen(Long round, Phase phase, int evictedEarly, boolean closeIssued) {
        static Seen of(LustreFailoverStatus s) {
            return new Seen(s.round, s.phase, s.evictedEarly == null ? 0 : s.evictedEarly.count,
                    s.plan != null && s.plan.issuedAt != null);
        }
    }

    private record Active(Phase phase, ClientCounts clients, Gauge phaseEntered) {
    }

    public RoundMetrics(MeterRegistry registry) {
        this.registry = registry;
        this.windowClosed = Timer.builder(PREFIX + "failover.to.window.closed")
                .description("From a round's start (the LustreFailover applied after the failover) to the target leaving recovery")
                .serviceLevelObjectives(WINDOW_BUCKETS)
                .register(registry);
        clientGauge("expected", c -> c.expected);
        clientGauge("reconnected", c -> c.reconnected);
        clientGauge("dead", c -> c.dead);
        clientGauge("failed", c -> c.failed);
        clientGauge("pending", c -> c.pending);
        Gauge.builder(PREFIX + "close.plans.awaiting.approval", active,
                        a -> a.values().stream().filter(r -> r.phase() == Phase.AwaitingApproval).count())
                .description("Close plans waiting for the ir.lustre.dev/approve annotation")
                .register(registry);
        // Every counter exists from the start at zero: Prometheus' increase() needs a sample before the
        // first event, or an alert on the first failure or eviction never fires.
        for (Phase outcome : new Phase[] {Phase.Recovered, Phase.Failed}) {
            rounds(outcome, "none");
            for (ClosedBy by : ClosedBy.values()) {
                rounds(outcome, by.name());
            }
        }
        evictions(CloseMethod.EvictDead, "early", 0);
        evictions(CloseMethod.EvictDead, "close", 0);
        evictions(CloseMethod.AbortRecovery, "close", 0);
        dispatches("agent", 0);
        dispatches("job", 0);
        for (Phase p : Phase.values()) {
            if (!p.isFinal()) {
                Gauge.builder(PREFIX + "rounds.active", active, a -> a.values().stream().filter(r -> r.phase() == p).count())
                        .tag("phase", p.name())
                        .description("Rounds in progress by phase")
                        .register(registry);
            }
        }
    }

    /** One reconcile's outcome: {@code before} as stored, {@code after} as it will be written. */
    public void observed(LustreFailover lfo, LustreFailoverStatus before, LustreFailoverStatus after, Instant now) {
        String uid = lfo.getMetadata().getUid();
        if (after == null || after.phase == null) {
            return;
        }
        Seen last = seen.getOrDefault(uid, Seen.of(before));
        boolean sameRound = last.round() != null && last.round().equals(after.round);
        int early = after.evictedEarly == null ? 0 : after.evictedEarly.count;
        if (early > (sameRound ? last.evictedEarly() : 0)) {
            evictions(CloseMethod.EvictDead, "early", early - (sameRound ? last.evictedEarly() : 0));
        }
        boolean issued = after.plan != null && after.plan.issuedAt != null;
        if (issued && !(sameRound && last.closeIssued())) {
            boolean abort = after.plan.action == CloseMethod.AbortRecovery;
            int uuids = after.plan.count != null ? after.plan.count : after.plan.uuids == null ? 0 : after.plan.uuids.size();
            evictions(abort ? CloseMethod.AbortRecovery : CloseMethod.EvictDead, "close", abort ? 1 : uuids);
        }
        if (after.phase.isFinal() && !(sameRound && last.phase() != null && last.phase().isFinal())) {
            ended(after);
        }
        seen.put(uid, Seen.of(after));
        track(lfo, uid, after, sameRound && last.phase() == after.phase, now);
    }

    /** Forgets failovers that no longer exist. */
    public void retain(Set<String> uids) {
        seen.keySet().retainAll(uids);
        active.keySet().stream().filter(u -> !uids.contains(u)).toList().forEach(this::untrack);
    }

    private void ended(LustreFailoverStatus s) {
        rounds(s.phase, s.closedBy == null ? "none" : s.closedBy.name()).increment();
        if (s.clients != null) {
            dispatches("agent", s.clients.viaAgent);
            dispatches("job", s.clients.viaJob);
        }
        Instant start = Times.parse(s.startTime);
        Instant closed = Times.parse(s.windowClosedTime);
        if (start != null && closed != null && !closed.isBefore(start)) {
            windowClosed.record(Duration.between(start, closed));
        }
    }

    private void track(LustreFailover lfo, String uid, LustreFailoverStatus s, boolean samePhase, Instant now) {
        if (s.phase.isFinal()) {
            untrack(uid);
            return;
        }
        Active was = active.get(uid);
        if (was != null && samePhase) {
            active.put(uid, new Active(s.phase, s.clients, was.phaseEntered()));
            return;
        }
        untrack(uid);
        double entered = now.toEpochMilli() / 1000.0;
        Gauge g = Gauge.builder(PREFIX + "round.phase.entered.timestamp", () -> entered)
                .baseUnit("seconds")
                .description("When a round in progress entered its current phase (Unix time)")
                .tag("namespace", lfo.getMetadata().getNamespace())
                .tag("name", lfo.getMetadata().getName())
                .tag("phase", s.phase.name())
                .register(registry);
        active.put(uid, new Active(s.phase, s.clients, g));
    }

    private void untrack(String uid) {
        Active was = active.remove(uid);
        if (was != null) {
            registry.remove(was.phaseEntered());
        }
    }

    private Counter rounds(Phase outcome, String closedBy) {
        return Counter.builder(PREFIX + "rounds")
                .description("Rounds that ended, by outcome and by what closed the window")
                .tag("outcome", outcome.name())
                .tag("closed_by", closedBy)
                .register(registry);
    }

    private void evictions(CloseMethod method, String stage, int n) {
        Counter.builder(PREFIX + "evictions")
                .description("Client UUIDs ordered evicted (EvictDead), or aborts (AbortRecovery, one each)")
                .tag("method", method.name())
                .tag("stage", stage)
                .register(registry).increment(n);
    }

    private void dispatches(String path, int n) {
        Counter.builder(PREFIX + "dispatches")
                .description("Clients of ended rounds by the path they took: their resident agent or a Job")
                .tag("path", path)
                .register(registry).increment(n);
    }

    private void clientGauge(String state, ToIntFunction<ClientCounts> count) {
        Gauge.builder(PREFIX + "clients", active, a -> a.values().stream()
                        .filter(r -> r.clients() != null).mapToInt(r -> count.applyAsInt(r.clients())).sum())
                .tag("state", state)
                .description("Clients of the rounds in progress, by state")
                .register(registry);
    }
}
