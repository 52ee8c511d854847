package dev.lustre.ir.policy;

import dev.lustre.ir.api.RecoveryPolicySpec.Evidence;
import java.time.Instant;
import java.util.List;

/**
 * One client node as observed this reconcile.
 *
 * @param evidence      why it is dead (with {@link ClientState#Dead}), else null
 * @param uuids         client UUIDs the node's Job reported (may be known even when it failed)
 * @param health        what its Node object said, or null where not observed; tells a fenced node
 *                      (OutOfService) from one merely NotReady, both {@link Evidence#NodeNotReady}
 * @param evidenceSince since when the evidence has held (the Ready condition's or the taint's time),
 *                      with node evidence only; null when unknown or not a node's
 */
public record ClientObservation(String node, ClientState state, Evidence evidence, List<String> uuids, int attempts,
        String message, NodeHealth health, Instant evidenceSince) {
    public ClientObservation {
        uuids = uuids == null ? List.of() : List.copyOf(uuids);
    }

    /** Without the node's health: never proof enough for an early eviction of a NotReady node. */
    public ClientObservation(String node, ClientState state, Evidence evidence, List<String> uuids, int attempts,
            String message) {
        this(node, state, evidence, uuids, attempts, message, null, null);
    }
}
