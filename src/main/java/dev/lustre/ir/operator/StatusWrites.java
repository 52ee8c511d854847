package dev.lustre.ir.operator;

import dev.lustre.ir.api.LustreFailover;
import dev.lustre.ir.api.LustreFailoverStatus;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Set;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Paces status writes: a change of phase, plan or outcome is written at once; a change of counts
 * and messages alone at most once per {@link #INTERVAL}. Deferring is safe: everything in status
 * except the round's decisions is recomputed from the API server on every reconcile.
 */
final class StatusWrites {
    static final Duration INTERVAL = Duration.ofSeconds(1);
    private final Map<String, Instant> lastWrite = new ConcurrentHashMap<>();

    boolean mayDefer(LustreFailover lfo, LustreFailoverStatus before, LustreFailoverStatus after, Instant now) {
        boolean decisive = before.phase != after.phase
                || !Objects.equals(before.round, after.round)
                || !Objects.equals(before.closedBy, after.closedBy)
                || !Objects.equals(before.observedGeneration, after.observedGeneration)
                || !Objects.equals(before.window, after.window)
                || (before.plan == null) != (after.plan == null)
                || (after.plan != null && !Objects.equals(before.plan.issuedAt, after.plan.issuedAt));
        Instant last = lastWrite.get(lfo.getMetadata().getUid());
        return !decisive && last != null && last.plus(INTERVAL).isAfter(now);
    }

    void written(LustreFailover lfo, Instant now) {
        lastWrite.put(lfo.getMetadata().getUid(), now);
    }

    void retain(Set<String> failoverUids) {
        lastWrite.keySet().retainAll(failoverUids);
    }
}
