package dev.lustre.ir.operator;

import dev.lustre.ir.api.Phase;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * Which of the LustreFailovers of one target holds it: two rounds on one target would be two arbiters
 * evicting on it, a split brain. Pure, and decided from what every operator sees alike (the objects'
 * status, creation times and names), so that a restarted operator or a new leader decides the same.
 */
final class TargetHolder {
    private TargetHolder() {
    }

    /**
     * A LustreFailover whose round on the target is not over.
     *
     * @param active  its round already acts (it left Pending, or issued objects a lost status write left unsaid)
     * @param phase   its recorded phase, for the message of those who wait
     */
    record Contender(String uid, String namespace, String name, Instant created, boolean active, Phase phase) {
        String describe() {
            return "LustreFailover " + namespace + "/" + name + " (phase " + (phase == null ? Phase.Pending : phase) + ")";
        }
    }

    /** Active first (the round already at work is never overtaken), then the oldest, then by namespace/name. */
    static final Comparator<Contender> PRECEDENCE = Comparator.comparing((Contender c) -> !c.active())
            .thenComparing(Contender::created, Comparator.nullsLast(Comparator.naturalOrder()))
            .thenComparing(Contender::namespace).thenComparing(Contender::name);

    /**
     * The holder: the one remembered if it still contends (a claim granted stays granted until its
     * round ends, even if an older object shows up later in the cache), otherwise the first by
     * {@link #PRECEDENCE}.
     */
    static Optional<Contender> holder(List<Contender> contenders, String remembered) {
        Optional<Contender> kept = contenders.stream().filter(c -> c.uid().equals(remembered)).findFirst();
        if (kept.isPresent() && (kept.get().active() || contenders.stream().noneMatch(Contender::active))) {
            return kept;
        }
        return contenders.stream().min(PRECEDENCE);
    }
}
