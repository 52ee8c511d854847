package dev.lustre.ir.policy;

import dev.lustre.ir.api.RecoveryPolicySpec.Approval;
import dev.lustre.ir.api.RecoveryPolicySpec.CloseMethod;
import dev.lustre.ir.api.RecoveryPolicySpec.CloseWhen;
import dev.lustre.ir.api.RecoveryPolicySpec.Evidence;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * Whom to evict now, while live clients are still reconnecting: the clients proven dead, so that the
 * last live client's replay finds the window ready to close instead of waiting for Lustre's next
 * re-check. Pure.
 *
 * <p>The rules of whom to evict are the close's ({@link EvictionSelection}, by the same
 * {@link UuidClaims}), made stricter because the server may still be hearing from the client:
 * <ul>
 * <li>only with {@code closeMethod: EvictDead}, {@code evictEarly: true}, {@code approval: Automatic}
 *     (a plan that needs approval waits for it) and a {@code closeWhen} other than {@code Never};
 * <li>only where the server lists whom it waits for (2.16+): a UUID it does not list is connected,
 *     or gone, and is never evicted. Before 2.16 nothing is evicted early; the dead are evicted at the
 *     close, as the policy holds. A list cut to fit the server's report (a prefix, about a hundred
 *     UUIDs) cannot rule a UUID out, so then the dead nodes' UUIDs are ordered whether shown or not:
 *     the close runs on the server, which evicts only what its whole recovery_stale_clients names at
 *     that moment (CloseWindowCommand) — the same check that guards a whole list, made later and so
 *     closer to the truth. Waiting for a whole list would wait for nearly every client to be back,
 *     and the last live replay would then find the dead still holding the window;
 * <li>only by evidence about the node, not about the Job: a deleted Node or a fenced one
 *     ({@code node.kubernetes.io/out-of-service}) at once; a node merely NotReady once it has been so
 *     for {@code notReadyGrace}, since the kubelet's silence does not mean Lustre's network cannot
 *     reach the client. A failed Job says nothing about the client's Lustre connection, and a client
 *     the server evicted needs no eviction;
 * <li>never a UUID already ordered evicted this round.
 * </ul>
 *
 * @param evict       the UUIDs to evict now, sorted; empty when none
 * @param reason      what is evicted and why, or why nobody is
 * @param graceEndsAt the earliest end of a NotReady node's grace after which a UUID of it would be
 *                    evicted, so the operator looks again then; null when no grace is running
 */
public record EarlyEviction(List<String> evict, String reason, Instant graceEndsAt) {
    public EarlyEviction {
        evict = List.copyOf(evict);
    }

    /**
     * @param alreadyOrdered UUIDs this round already ordered evicted; excluded, like
     *                       {@link RoundObservation#alreadyEvicted()}
     */
    public static EarlyEviction select(RoundObservation o, Set<String> alreadyOrdered) {
        EffectivePolicy p = o.policy();
        String off = policyForbids(p);
        if (off != null) {
            return none(off, null);
        }
        if (o.staleUuids() == null) {
            return none("the server does not list whom it waits for (before Lustre 2.16): the dead are evicted at the close",
                    null);
        }
        UuidClaims claims = UuidClaims.of(o);
        Set<String> waited = o.stillWaitedFor();
        Set<String> done = new HashSet<>(o.alreadyEvicted());
        if (alreadyOrdered != null) {
            done.addAll(alreadyOrdered);
        }

        Set<String> evict = new TreeSet<>();
        int nodes = 0;
        int inGrace = 0;
        Instant graceEndsAt = null;
        for (ClientObservation c : o.clients()) {
            if (c.state() != ClientState.Dead) {
                continue;
            }
            Instant provenAt = provenDeadAt(c, p);
            if (provenAt == null) {
                continue;
            }
            Set<String> uuids = new TreeSet<>(claims.evictableOf(c.node()));
            if (o.staleComplete()) {
                uuids.retainAll(waited);
            }
            uuids.removeAll(done);
            if (uuids.isEmpty()) {
                continue;
            }
            if (!o.now().isBefore(provenAt)) {
                evict.addAll(uuids);
                nodes++;
            } else {
                inGrace++;
                graceEndsAt = graceEndsAt == null || provenAt.isBefore(graceEndsAt) ? provenAt : graceEndsAt;
            }
        }
        String waiting = inGrace == 0 ? "" : "; " + inGrace + " NotReady node(s) within notReadyGrace "
                + Durations.format(p.notReadyGrace());
        if (evict.isEmpty()) {
            return none("no client proven dead that the server still waits for" + waiting, graceEndsAt);
        }
        return new EarlyEviction(List.copyOf(evict), nodes + " node(s) proven dead (deleted, fenced or NotReady for "
                + Durations.format(p.notReadyGrace()) + "): evicting " + evict.size() + " UUID(s) the server waits for"
                + (o.staleComplete() ? "" : " (the server's list was cut short: it evicts only those it still waits for)")
                + waiting, graceEndsAt);
    }

    public boolean any() {
        return !evict.isEmpty();
    }

    /** Why the policy allows no early eviction at all, or null when it allows one. */
    private static String policyForbids(EffectivePolicy p) {
        if (p.closeWhen() == CloseWhen.Never) {
            return "policy closeWhen=Never: observing only";
        }
        if (p.closeMethod() != CloseMethod.EvictDead) {
            return "policy closeMethod=" + p.closeMethod() + ": nobody is evicted by UUID";
        }
        if (!p.evictEarly()) {
            return "policy evictEarly=false: the dead are evicted at the close";
        }
        if (p.approval() != Approval.Automatic) {
            return "policy approval=" + p.approval() + ": evictions wait for the approved plan";
        }
        return null;
    }

    /**
     * From when the client counts as dead for an early eviction, or null when its evidence never
     * does: a deleted or fenced node at once, a NotReady one once its grace has passed since the
     * Ready condition changed (never when that time is unknown).
     */
    private static Instant provenDeadAt(ClientObservation c, EffectivePolicy p) {
        if (c.evidence() == Evidence.NodeMissing) {
            return Instant.MIN;
        }
        if (c.evidence() != Evidence.NodeNotReady) {
            return null;
        }
        if (c.health() == NodeHealth.OutOfService) {
            return Instant.MIN;
        }
        return c.evidenceSince() == null ? null : c.evidenceSince().plus(p.notReadyGrace());
    }

    private static EarlyEviction none(String reason, Instant graceEndsAt) {
        return new EarlyEviction(List.of(), reason, graceEndsAt);
    }
}
