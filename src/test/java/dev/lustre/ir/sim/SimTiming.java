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
     * How a live client without help (no IR notification, no operator) notices the failover. It learns
     * the server is gone only when an RPC or a ping times out; pings go every {@link #pingIntervalMs}
     * (ptlrpc_pinger: PING_INTERVAL = obd_timeout / 4 = 25 s), so each client is at a seeded phase
     * 0..25 s of its ping cycle when the server dies. The RPC's timeout is set by
     * ptlrpc_at_set_req_timeout (ptlrpc/client.c):
     * <ul>
     * <li>adaptive timeouts on (the default, {@code at_max > 0}): at_est2timeout(service estimate) =
     * est + est/4 + 5 s (integer seconds, lustre_import.h), the estimate being the import's own history
     * of the portal's service time (obd_at_get: at least at_min, at most at_max). Each client gets a
     * seeded estimate of {@link #serviceEstimateMinSec}..{@link #serviceEstimateMaxSec} s, so its ping
     * times out 6..11 s after it was sent;</li>
     * <li>{@code at_max = 0} (obd_at_off): rq_timeout = obd_timeout = 100 s.</li>
     * </ul>
     * The import then goes DISCONN and import_select_connection tries the connections in list order
     * from the last success: one connect to the dead primary NID fails after INITIAL_CONNECT_TIMEOUT
     * ({@link #connectTimeoutMs}, 5 s) before the failover NID is tried. So a client notices the
     * failover (and starts the connect that reaches the new server) at
     * <pre>
     *   adaptive:   phase 0..25 s + at_est2timeout(1..5 s) (6..11 s) + 5 s  = 11..41 s
     *   at_max = 0: phase 0..25 s + obd_timeout (100 s)         + 5 s  = 105..130 s
     * </pre>
     * {@link #noticeDelay(Duration, Duration)} replaces both with a fixed base + seeded 0..jitter.
     */
    public long noticeDelayMs = -1;
    public long noticeJitterMs = -1;

    /**
     * The {@code at_max} tunable in seconds (ptlrpc module parameter, default 600). 0 turns adaptive
     * timeouts off: RPCs then wait the fixed obd_timeout and clients notice a failover ~100 s late.
     */
    public int atMaxSec = 600;

    /** Range of the seeded per-client service estimate (seconds) that adaptive timeouts start from. */
    public int serviceEstimateMinSec = 1;
    public int serviceEstimateMaxSec = 5;

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

    /**
     * Pinger period, PING_INTERVAL = obd_timeout / 4 (class_obd.c ping_interval): the spread of the
     * clients' ping phases in the no-help notice delay, and a plausible "idle: N sec".
     */
    public long pingIntervalMs = 25_000;

    public SimTiming copy() {
        SimTiming t = new SimTiming();
        t.obdTimeoutMs = obdTimeoutMs;
        t.noticeDelayMs = noticeDelayMs;
        t.noticeJitterMs = noticeJitterMs;
        t.atMaxSec = atMaxSec;
        t.serviceEstimateMinSec = serviceEstimateMinSec;
        t.serviceEstimateMaxSec = serviceEstimateMaxSec;
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

    /** A fixed notice delay: base + seeded 0..jitter per client, whatever at_max says. */
    public SimTiming noticeDelay(Duration base, Duration jitter) {
        noticeDelayMs = base.toMillis();
        noticeJitterMs = jitter.toMillis();
        return this;
    }

    /** {@code at_max} in seconds; 0 turns adaptive timeouts off (see {@link #noticeDelayMs}). */
    public SimTiming atMax(int seconds) {
        if (seconds < 0) {
            throw new IllegalArgumentException("at_max must be >= 0: " + seconds);
        }
        atMaxSec = seconds;
        return this;
    }

    /** Whether RPC timeouts adapt (at_max > 0) or are the fixed obd_timeout. */
    public boolean adaptiveTimeouts() {
        return atMaxSec > 0;
    }

    /**
     * at_est2timeout (lustre/include/lustre_import.h): {@code timeout + (timeout >> 2) + 5}, the RPC
     * timeout in seconds for a service estimate in seconds ("125% + 5 sec").
     */
    static int atEst2Timeout(int estSec) {
        return estSec + (estSec >> 2) + 5;
    }

    /**
     * Milliseconds from the failover until a client without help notices it and starts connecting to
     * the failover NID; draws from {@code random} (the phase of its ping cycle, then its service
     * estimate), so each client gets its own seeded delay. See {@link #noticeDelayMs} for the model.
     */
    long noticeDelay(SeededRandom random) {
        if (noticeDelayMs >= 0) {
            return noticeDelayMs + random.nextLong(Math.max(noticeJitterMs, 0) + 1);
        }
        long phase = random.nextLong(pingIntervalMs + 1);
        long rpcTimeoutMs;
        if (adaptiveTimeouts()) {
            int lo = Math.max(serviceEstimateMinSec, 1);
            int hi = Math.max(serviceEstimateMaxSec, lo);
            int est = lo + (int) random.nextLong(hi - lo + 1);
            est = Math.min(est, atMaxSec); // obd_at_get caps the estimate at at_max
            rpcTimeoutMs = atEst2Timeout(est) * 1000L;
        } else {
            rpcTimeoutMs = obdTimeoutMs; // ptlrpc_at_set_req_timeout with obd_at_off()
        }
        return phase + rpcTimeoutMs + connectTimeoutMs;
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
