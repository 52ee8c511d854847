package dev.lustre.ir.policy;

import dev.lustre.ir.api.RecoveryPolicySpec.CloseMethod;
import java.util.List;

/**
 * How the window will be closed.
 *
 * @param uuids the client UUIDs to evict (EvictDead); never one a client reported as its own
 */
public record Plan(CloseMethod action, List<String> uuids, String reason) {
    public Plan {
        uuids = List.copyOf(uuids);
    }
}
