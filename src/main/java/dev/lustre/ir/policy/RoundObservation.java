package dev.lustre.ir.policy;

import java.time.Instant;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Everything the decision needs, observed in one reconcile.
 *
 * @param expected    clients the round waits for
 * @param staleUuids  UUIDs the target still waits for (recovery_stale_clients), or null where the
 *                    server cannot list them (before Lustre 2.16)
 * @param staleComplete whether {@code staleUuids} is the server's whole list (not cut to fit a report)
 * @param inventory   client UUIDs per node from earlier rounds' reports (node → UUIDs)
 * @param approved    whether the round was approved (ir.lustre.dev/approve=&lt;round&gt;)
 * @param alreadyEvicted UUIDs this round already ordered evicted early ({@link EarlyEviction}): the
 *                    close never orders them again, even where the server's list still shows them
 *                    (it was read before the eviction took effect)
 */
public record RoundObservation(
        EffectivePolicy policy,
        Instant startTime,
        Instant now,
        int expected,
        List<ClientObservation> clients,
        Set<String> staleUuids,
        boolean staleComplete,
        Map<String, List<String>> inventory,
        boolean approved,
        Set<String> alreadyEvicted) {

    public RoundObservation {
        alreadyEvicted = alreadyEvicted == null ? Set.of() : Set.copyOf(alreadyEvicted);
    }

    /** A round in which nothing was evicted early. */
    public RoundObservation(EffectivePolicy policy, Instant startTime, Instant now, int expected,
            List<ClientObservation> clients, Set<String> staleUuids, boolean staleComplete,
            Map<String, List<String>> inventory, boolean approved) {
        this(policy, startTime, now, expected, clients, staleUuids, staleComplete, inventory, approved, Set.of());
    }

    public long count(ClientState state) {
        return clients.stream().filter(c -> c.state() == state).count();
    }

    public Instant deadlineAt() {
        return startTime.plus(policy.deadline());
    }

    /**
     * The server's list less what this round already evicted, in the server's order; null where the
     * server gives no list.
     */
    public Set<String> stillWaitedFor() {
        if (staleUuids == null) {
            return null;
        }
        Set<String> left = new LinkedHashSet<>(staleUuids);
        left.removeAll(alreadyEvicted);
        return left;
    }
}
