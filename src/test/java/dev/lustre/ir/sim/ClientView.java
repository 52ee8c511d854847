package dev.lustre.ir.sim;

import dev.lustre.ir.lustre.ImportState;
import java.time.Instant;
import java.util.Optional;

/**
 * Read-only snapshot of one client mount, for tests and the sandbox.
 *
 * @param evicted the server evicted this client's export (during or after recovery)
 * @param replayKept the client reconnected inside the window and finished recovery without being
 *        evicted, so its uncommitted work was replayed
 */
public record ClientView(String node, String device, String uuid, boolean alive, ImportState importState,
                         boolean evicted, boolean replayKept, String currentConnection, long connectInstance,
                         Optional<Instant> reconnectedAt, ExportState export) {
}
