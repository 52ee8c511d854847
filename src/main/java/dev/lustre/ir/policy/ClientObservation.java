package dev.lustre.ir.policy;

import dev.lustre.ir.api.RecoveryPolicySpec.Evidence;
import java.util.List;

/**
 * One client node as observed this reconcile.
 *
 * @param evidence why it is dead (with {@link ClientState#Dead}), else null
 * @param uuids    client UUIDs the node's Job reported (may be known even when it failed)
 */
public record ClientObservation(String node, ClientState state, Evidence evidence, List<String> uuids, int attempts,
        String message) {
    public ClientObservation {
        uuids = uuids == null ? List.of() : List.copyOf(uuids);
    }
}
