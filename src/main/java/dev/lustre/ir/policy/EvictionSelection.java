package dev.lustre.ir.policy;

import dev.lustre.ir.lustre.LustreNames;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * Whom an {@code EvictDead} close may evict, and whom it must leave to Lustre's own timer. Pure.
 *
 * <p>A UUID is evicted only when (a) a roster node claims it — from that node's own report in this
 * round or an earlier one (the inventory) — and no other roster node does, (b) the policy's evidence
 * proves that node dead, (c) it is not a target's own export ({@code fs-MDT0000-mdtlov_UUID}: on an
 * OST the MDTs are clients too), and (d) where the server lists whom it waits for (2.16+) and the
 * list is whole, the server lists it, and (e) this round did not already evict it early. Everything
 * else the server waits for is left to Lustre. The mapping of (a) is {@link UuidClaims}, shared with
 * {@link EarlyEviction}.
 *
 * <p>The one exception is a policy that declares the roster complete: once every roster node that
 * has not reported is proven dead, the waited-for UUIDs no roster node claims can only be theirs.
 *
 * @param evict          the UUIDs to evict, sorted (a stable plan: status does not churn, and the
 *                       approved plan is the one carried out)
 * @param unclaimed      waited-for client UUIDs no roster node claims, left to Lustre
 * @param serverExports  waited-for UUIDs of other targets, left to Lustre (they reconnect on their own)
 * @param ambiguous      UUIDs two roster nodes claim: never evicted
 * @param deadUnknown    dead nodes with no UUID known at all, where the server cannot list whom it
 *                       waits for (before 2.16, or a list cut short)
 */
public record EvictionSelection(List<String> evict, List<String> unclaimed, List<String> serverExports,
        List<String> ambiguous, int deadUnknown) {

    public static EvictionSelection select(RoundObservation o) {
        UuidClaims claims = UuidClaims.of(o);
        // What this round already evicted early is no longer the close's to order (2.16+ drops it
        // from the list too, but the list read may predate the eviction).
        Set<String> stale = o.stillWaitedFor();
        boolean listWhole = stale != null && o.staleComplete();

        Set<String> evict = new TreeSet<>();
        Set<String> ambiguous = new TreeSet<>();
        int deadUnknown = 0;
        for (ClientObservation c : o.clients()) {
            if (c.state() != ClientState.Dead) {
                continue;
            }
            Set<String> own = claims.claimedBy(c.node());
            if (own.isEmpty() && !listWhole) {
                // With the server's whole list, such a node's UUID shows among the unclaimed instead.
                deadUnknown++;
            }
            for (String u : own) {
                if (LustreNames.isServerUuid(u) || o.alreadyEvicted().contains(u)) {
                    continue;
                }
                if (claims.ambiguous(u)) {
                    ambiguous.add(u);
                } else if (!listWhole || stale.contains(u)) {
                    evict.add(u);
                }
            }
        }
        List<String> unclaimed = new ArrayList<>();
        List<String> serverExports = new ArrayList<>();
        if (stale != null) {
            for (String u : stale) {
                if (LustreNames.isServerUuid(u)) {
                    serverExports.add(u);
                } else if (!claims.claimed(u)) {
                    unclaimed.add(u);
                }
            }
        }
        if (o.policy().rosterComplete() && stale != null && onlyDeadUnreported(o)) {
            evict.addAll(unclaimed);
            unclaimed = List.of();
        }
        return new EvictionSelection(List.copyOf(evict), List.copyOf(unclaimed), List.copyOf(serverExports),
                List.copyOf(ambiguous), deadUnknown);
    }

    /** Every roster node that has not reported itself back is proven dead. */
    private static boolean onlyDeadUnreported(RoundObservation o) {
        return o.clients().stream().allMatch(c -> c.state() == ClientState.Reconnected || c.state() == ClientState.Dead);
    }

    /** Whether the server waits, or may wait, for someone this selection does not evict. */
    public boolean leavesSomeoneToLustre() {
        return !unclaimed.isEmpty() || !serverExports.isEmpty() || !ambiguous.isEmpty() || deadUnknown > 0;
    }

    /** Says who is left to Lustre's recovery timer and why, or null when nobody is. */
    public String leftToLustre() {
        List<String> parts = new ArrayList<>();
        if (!unclaimed.isEmpty()) {
            parts.add(unclaimed.size() + " client(s) the server waits for that no roster node claims");
        }
        if (!serverExports.isEmpty()) {
            parts.add(serverExports.size() + " other target(s)' export(s) (" + serverExports.get(0)
                    + (serverExports.size() > 1 ? ", …" : "") + ")");
        }
        if (!ambiguous.isEmpty()) {
            parts.add(ambiguous.size() + " UUID(s) claimed by more than one node");
        }
        if (deadUnknown > 0) {
            parts.add(deadUnknown + " dead node(s) whose client UUID is unknown (no report, no inventory)");
        }
        return parts.isEmpty() ? null : String.join("; ", parts) + ": left to Lustre's recovery timer";
    }
}
