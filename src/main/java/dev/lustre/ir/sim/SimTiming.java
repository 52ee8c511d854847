package dev.lustre.ir.sim;

import java.time.Duration;

/**
 * Timing knobs of the simulation, all in milliseconds so the whole state stays a plain serializable
 * value. Defaults follow Lustre with {@code obd_timeout = 100 s}.
 */
public final class SimTiming {

    /** {@code obd_timeout}; recover(sync) waits this long, and the defaults below derive from it. */
    public long obdTimeoutMs = 100_000;

    /**
     * How long a live client without help takes to reconnect after the failover. Without IR a client
     * learns the server is gone only when an RPC (or a ping; pings go every obd_timeout/4 = 25 s) times
     * out, which takes up to obd_timeout = 100 s without adaptive-timeout history; it then marks the
     * import DISCONN and retries through its connection list, spending one INITIAL_CONNECT_TIMEOUT
     * (5 s) on the dead NID before it reaches the failover NID. Base = 100 + 5 s, and each client adds a
     * seeded random 0..{@link #noticeJitterMs} for the phase of its ping/RPC cycle.
     */
    public long noticeDelayMs = 105_000;
    public long noticeJitterMs = 25_000;

    /** MGC re-enqueue after the IR lock is revoked: mgc_requeue_timeout_min (5 s) + random 0..5 s. */
    public long irRequeueMinMs = 5_000;
    public long irRequeueJitterMs = 5_000;

    /** Round trip of one successful connect RPC. */
    public long connectLatencyMs = 200;

    /** INITIAL_CONNECT_TIMEOUT: a connect to a NID where nothing answers fails after this. */
    public long connectTimeoutMs = 5_000;

    /** Time the recovery thread needs for request and lock replay once the window has closed. */
    public long replayDurationMs = 2_000;

    /** Requests each busy client replays (shows in replayed_requests / last_transno). */
    public int replaysPerClient = 3;

    /**
     * The recovery thread's re-check period: target_recovery_overseer waits with
     * {@code wait_event_timeout(..., cfs_time_seconds(60))}; see docs/lustre-recheck.md.
     */
    public long recheckIntervalMs = 60_000;

    /** RECONNECT_DELAY_MAX: the timer extension after the soft timer evicted stale exports. */
    public long reconnectDelayMaxMs = 60_000;

    /** OBD_RECOVERY_TIME_MIN = 2 * RECONNECT_DELAY_MAX: floor of the IR-shrunk window. */
    public long recoveryTimeMinMs = 120_000;

    /** Pinger period (obd_timeout / 4); only used to render a plausible "idle: N sec". */
    public long pingIntervalMs = 25_000;

    public SimTiming copy() {
        SimTiming t = new SimTiming();
        t.obdTimeoutMs = obdTimeoutMs;
        t.noticeDelayMs = noticeDelayMs;
        t.noticeJitterMs = noticeJitterMs;
        t.irRequeueMinMs = irRequeueMinMs;
        t.irRequeueJitterMs = irRequeueJitterMs;
        t.connectLatencyMs = connectLatencyMs;
        t.connectTimeoutMs = connectTimeoutMs;
        t.replayDurationMs = replayDurationMs;
        t.replaysPerClient = replaysPerClient;
        t.recheckIntervalMs = recheckIntervalMs;
        t.reconnectDelayMaxMs = reconnectDelayMaxMs;
        t.recoveryTimeMinMs = recoveryTimeMinMs;
        t.pingIntervalMs = pingIntervalMs;
        return t;
    }

    public SimTiming noticeDelay(Duration base, Duration jitter) {
        noticeDelayMs = base.toMillis();
        noticeJitterMs = jitter.toMillis();
        return this;
    }

    public SimTiming recheckInterval(Duration d) {
        recheckIntervalMs = d.toMillis();
        return this;
    }

    public SimTiming connectLatency(Duration d) {
        connectLatencyMs = d.toMillis();
        return this;
    }

    public SimTiming replayDuration(Duration d) {
        replayDurationMs = d.toMillis();
        return this;
    }
}
