package dev.lustre.ir.policy;

import dev.lustre.ir.api.RecoveryPolicySpec.CloseMethod;
import java.util.List;

/**
 * How the window will be closed.
 *
 * @param uuids        the client UUIDs to evict (EvictDead); only UUIDs of roster nodes proven dead
 * @param leftToLustre who the server may still wait for after this close, left to its own timer, or null
 */
public record Plan(CloseMethod action, List<String> uuids, String reason, String leftToLustre) {
    public Plan {
        uuids = List.copyOf(uuids);
    }
}
