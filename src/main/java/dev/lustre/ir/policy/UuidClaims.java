package dev.lustre.ir.policy;

import dev.lustre.ir.lustre.LustreNames;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Which roster node claims which client UUID: its own report this round, or the inventory from
 * earlier rounds. The one mapping both the close ({@link EvictionSelection}) and an early eviction
 * ({@link EarlyEviction}) evict by, so the two can never disagree on whose UUID is whose. Pure.
 */
final class UuidClaims {
    private final Map<String, Set<String>> byNode = new HashMap<>();
    private final Map<String, Set<String>> claimants = new HashMap<>();

    private UuidClaims() {
    }

    static UuidClaims of(RoundObservation o) {
        UuidClaims c = new UuidClaims();
        for (ClientObservation client : o.clients()) {
            Set<String> own = new LinkedHashSet<>(client.uuids());
            own.addAll(o.inventory().getOrDefault(client.node(), List.of()));
            c.byNode.put(client.node(), own);
            own.forEach(u -> c.claimants.computeIfAbsent(u, k -> new HashSet<>()).add(client.node()));
        }
        return c;
    }

    /** Every UUID the node claims, targets' exports and shared claims included. */
    Set<String> claimedBy(String node) {
        return byNode.getOrDefault(node, Set.of());
    }

    boolean claimed(String uuid) {
        return claimants.containsKey(uuid);
    }

    /** Claimed by more than one roster node: whose it is cannot be told, so it is never evicted. */
    boolean ambiguous(String uuid) {
        return claimants.getOrDefault(uuid, Set.of()).size() > 1;
    }

    /**
     * The UUIDs that are this node's alone and a client's (never a target's own export, which on an
     * OST the MDTs hold): the only ones its death may evict.
     */
    Set<String> evictableOf(String node) {
        Set<String> out = new LinkedHashSet<>();
        for (String u : claimedBy(node)) {
            if (!LustreNames.isServerUuid(u) && !ambiguous(u)) {
                out.add(u);
            }
        }
        return out;
    }
}
