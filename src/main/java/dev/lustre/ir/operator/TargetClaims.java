package dev.lustre.ir.operator;

import dev.lustre.ir.api.LustreFailover;
import dev.lustre.ir.api.LustreFailoverStatus;
import dev.lustre.ir.api.Phase;
import dev.lustre.ir.kube.Times;
import dev.lustre.ir.operator.TargetHolder.Contender;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.BiPredicate;
import java.util.function.Consumer;
import java.util.stream.Stream;

/**
 * One arbiter per target. A round that has not started yet goes on only while its LustreFailover
 * holds the target ({@link TargetHolder}); the others wait in Pending, with nothing done on the
 * target, until the holder's round ends or the holder is deleted.
 *
 * <p>The target is {@code fsName}/{@code target} across every namespace the operator watches: a
 * Lustre target knows no Kubernetes namespace, and two failovers of one target from two namespaces
 * are as much a split brain as from one. Two distinct file systems that share a name in two
 * namespaces would wait on each other: a delay, said in status, where the other error would be two
 * arbiters evicting on one target.
 *
 * <p>Reconciles of different LustreFailovers run at once: the decision and the claim are made under
 * one lock, and a claim granted is remembered here, so two concurrent reconciles that both read a
 * cache without the other's status write still agree. Nothing of it needs saving: a new process
 * (a restart, a new leader) finds the same holder from the objects, since the round already at work
 * shows it in status or in the objects it issued, and among those not started the order is the
 * objects' own.
 */
final class TargetClaims {
    /** How often a waiting round looks again; it is also woken at once when the holder's round ends here. */
    static final Duration RECHECK = Duration.ofSeconds(5);
    /** After a round's end was decided, when it looks again to wake who waits (its end read back by then). */
    static final Duration WAKE_AFTER_END = Duration.ofSeconds(1);
    /** The Complete=False reason of a round waiting for its target. */
    static final String TARGET_BUSY = "TargetBusy";

    private final Consumer<ResourceID> wake;
    /** Target → UID of the LustreFailover that holds it. */
    private final Map<String, String> holders = new HashMap<>();
    /** UID → digest of the spec whose round ended, its end written (another reconcile's cache may lag). */
    private final Map<String, String> ended = new HashMap<>();
    /** Target → the failovers waiting for it. */
    private final Map<String, Set<ResourceID>> waiters = new HashMap<>();

    /** @param wake brings a waiting failover to reconcile at once */
    TargetClaims(Consumer<ResourceID> wake) {
        this.wake = wake;
    }

    /**
     * Empty when the round of {@code lfo} (its status {@code recorded}) may act on its target;
     * otherwise the failover it waits for.
     *
     * @param all    every LustreFailover the operator's cache holds
     * @param issued whether a failover's round issued objects (a LustreRound, Jobs): it acts
     *               whatever its recorded phase says
     */
    synchronized Optional<Contender> blockedBy(LustreFailover lfo, LustreFailoverStatus recorded, Stream<LustreFailover> all,
            BiPredicate<LustreFailover, Long> issued) {
        String key = key(lfo);
        Contender own = contender(lfo, recorded, issued);
        List<Contender> contenders = new ArrayList<>();
        contenders.add(own);
        all.filter(f -> !f.getMetadata().getUid().equals(own.uid()) && f.unreadable() == null && key.equals(key(f)))
                .map(f -> contenderOrNull(f, issued)).filter(c -> c != null).forEach(contenders::add);
        Contender holder = TargetHolder.holder(contenders, holders.get(key)).orElseThrow();
        holders.put(key, holder.uid());
        // A round already at work is never stopped: only a round not started yet waits.
        if (holder.uid().equals(own.uid()) || own.active()) {
            Set<ResourceID> w = waiters.get(key);
            if (w != null) {
                w.remove(ResourceID.fromResource(lfo));
            }
            return Optional.empty();
        }
        waiters.computeIfAbsent(key, k -> new HashSet<>()).add(ResourceID.fromResource(lfo));
        return Optional.of(holder);
    }

    /** The round of {@code lfo}'s present spec is over and its end written: the target is free, and who waited looks again. */
    void ended(LustreFailover lfo) {
        Set<ResourceID> woken;
        synchronized (this) {
            String uid = lfo.getMetadata().getUid();
            ended.put(uid, RoundStarter.digest(lfo.getSpec()));
            String key = key(lfo);
            if (uid.equals(holders.get(key))) {
                holders.remove(key);
            }
            Set<ResourceID> w = waiters.remove(key);
            woken = w == null ? Set.of() : w;
        }
        woken.forEach(wake);
    }

    /** Whether some failover waits for the target of {@code lfo}. */
    synchronized boolean awaited(LustreFailover lfo) {
        return waiters.containsKey(key(lfo));
    }

    /** Keeps what is known of these failovers (by UID) only; a deleted holder frees its target. */
    void retain(Set<String> failoverUids) {
        List<ResourceID> woken = new ArrayList<>();
        synchronized (this) {
            ended.keySet().retainAll(failoverUids);
            holders.entrySet().removeIf(e -> {
                boolean gone = !failoverUids.contains(e.getValue());
                if (gone && waiters.containsKey(e.getKey())) {
                    woken.addAll(waiters.remove(e.getKey()));
                }
                return gone;
            });
        }
        woken.forEach(wake);
    }

    /** The message of a round that waits: the holder named, with its phase. */
    static String waitingMessage(LustreFailover lfo, Contender holder) {
        return "waiting: target " + lfo.getSpec().target + " is being recovered by " + holder.describe()
                + "; this round starts when that one ends or is deleted";
    }

    private Contender contenderOrNull(LustreFailover f, BiPredicate<LustreFailover, Long> issued) {
        if (f.getSpec() == null) {
            return null;
        }
        String digest = RoundStarter.digest(f.getSpec());
        if (digest.equals(ended.get(f.getMetadata().getUid()))) {
            return null;
        }
        LustreFailoverStatus s = f.getStatus();
        boolean thisSpec = s != null && digest.equals(s.roundSpec) && s.phase != null;
        if (thisSpec && s.phase.isFinal()) {
            return null;
        }
        // A spec not started yet (new, or changed for a new round) contends as not started.
        return contender(f, thisSpec ? s : null, issued);
    }

    private static Contender contender(LustreFailover f, LustreFailoverStatus s, BiPredicate<LustreFailover, Long> issued) {
        boolean active = s != null && s.phase != null && s.round != null
                && (s.phase != Phase.Pending || issued.test(f, s.round));
        return new Contender(f.getMetadata().getUid(), f.getMetadata().getNamespace(), f.getMetadata().getName(),
                f.getMetadata().getCreationTimestamp() == null ? null : Times.parse(f.getMetadata().getCreationTimestamp()),
                active, s == null ? null : s.phase);
    }

    private static String key(LustreFailover f) {
        return f.getSpec() == null ? "" : f.getSpec().fsName + "/" + f.getSpec().target;
    }
}
