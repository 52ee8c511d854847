package dev.lustre.ir.sim;

import dev.lustre.ir.lustre.RecoveryState;
import java.time.Instant;
import java.util.Optional;

/**
 * Read-only snapshot of the target's recovery counters, as the server holds them.
 *
 * @param windowClosedAt when the recovery thread left the connect stage (all reconnected, enough
 *        evictions seen, soft timeout, or abort); empty while the window is open
 * @param closedBy ALL_CONNECTED, EVICTIONS, SOFT_TIMEOUT, ABORT or HARD_TIMEOUT
 */
public record TargetView(String name, String serverNode, String servingNid, long instance, RecoveryState status,
                         int connected, int total, int evicted, int completed, int recoveryTimeoutSec,
                         boolean vbr, boolean irEnabled, Optional<Instant> recoveryStart,
                         Optional<Instant> windowClosedAt, Optional<String> closedBy,
                         Optional<Instant> recoveryEnd, IrState mgsIrState) {
}
