package dev.lustre.ir.sim;

/** Scenario settings of one client mount. Plain fields: part of the saved state. */
final class ClientBehavior {
    /** A dead node never reconnects and its lctl cannot run. */
    boolean alive = true;
    /** Extra latency added to every reconnect of this client (a slow or overloaded node). */
    long extraLatencyMs;
    /** Mounted without IR support (-o noir, or an old client): ignores MGS notifications. */
    boolean noIr;
    /** The import sits in IDLE (idle disconnect); such a client is not in the target's last_rcvd. */
    boolean idle;
    /** Connect attempts that fail before one succeeds (a flapping network path). */
    int flapFailures;
    long flapPeriodMs = 10_000;
    /**
     * A busy client has uncommitted requests and locks to replay, so after reconnecting it waits in
     * REPLAY until the server's replay stage; a quiet one has neither and reaches REPLAY_WAIT (its final
     * ping queued, so the server already counts it "completed") at once.
     */
    boolean busy = true;
}
