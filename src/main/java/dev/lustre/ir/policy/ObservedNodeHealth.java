package dev.lustre.ir.policy;

import java.time.Instant;

/**
 * A client node's health and since when it has held, as its Node object says.
 *
 * @param since when the health began: the Ready condition's lastTransitionTime (Ready, NotReady),
 *              the taint's timeAdded (OutOfService); null when the Node does not say (and always
 *              for Missing). A NotReady node with no known start never counts as NotReady long
 *              enough for an early eviction.
 */
public record ObservedNodeHealth(NodeHealth health, Instant since) {
    public static final ObservedNodeHealth MISSING = new ObservedNodeHealth(NodeHealth.Missing, null);
}
