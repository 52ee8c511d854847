package dev.lustre.ir.sim;

import dev.lustre.ir.lustre.ImportState;
import dev.lustre.ir.lustre.RecoveryState;
import dev.lustre.ir.sim.SimEvent.Kind;

/**
 * Lustre's recovery rules applied to a {@link SimState}. Not thread-safe: {@link SimCluster} serializes
 * access. Function names in comments point at the Lustre source each rule comes from.
 */
final class SimEngine {

    /** ENOENT, EINVAL, ... as lctl reports them (lctl exits with the errno). */
    static final int OK = 0;
    static final int ENOENT = 2;
    static final int EACCES = 13;
    static final int ENODEV = 19;
    static final int EINVAL = 22;
    static final int ENOTTY = 25;
    static final int ETIMEDOUT = 110;
    static final int EALREADY = 114;

    final SimState s;

    SimEngine(SimState s) {
        this.s = s;
    }

    // ------------------------------------------------------------------ time

    /** Applies every event due at or before {@code t}, in order. */
    void advanceTo(long t) {
        SimEvent e;
        while ((e = s.events.peek()) != null && e.at <= t) {
            s.events.poll();
            s.nowMs = Math.max(s.nowMs, e.at);
            apply(e);
        }
        s.nowMs = Math.max(s.nowMs, t);
    }

    long nextEventAt() {
        SimEvent e = s.events.peek();
        return e == null ? Long.MAX_VALUE : e.at;
    }

    private void schedule(long at, Kind kind, int mount, int arg) {
        s.events.add(new SimEvent(at, s.eventSeq++, kind, mount, arg));
    }

    private void apply(SimEvent e) {
        long t = e.at;
        switch (e.kind) {
            case CLIENT_NOTICE -> clientNotices(mount(e), t);
            case IR_NOTIFY -> irNotification(mount(e), t);
            case CONNECT_START -> {
                MountState m = mount(e);
                if (m.state == ImportState.DISCONN && m.behavior.alive) {
                    startConnect(m, t);
                }
            }
            case CONNECT_RESULT -> connectResult(mount(e), t, e.arg);
            case EVICTED_RECONNECT -> {
                MountState m = mount(e);
                if (e.arg == 1) {
                    if (m.state == ImportState.FULL && m.export == ExportState.EVICTED) {
                        clientLearnsEviction(m, t);
                    }
                } else {
                    reconnectAsNewClient(m, t);
                }
            }
            case TIMER_EXPIRY -> {
                if (e.arg == s.target.timerToken) {
                    recoveryTimerExpired(t);
                }
            }
            case OVERSEER_TICK -> {
                if (s.target.tickScheduledMs == t) {
                    s.target.tickScheduledMs = -1;
                }
                overseerCheck(t);
            }
            case REPLAY_PROGRESS -> replayProgress(t);
            case RECOVERY_RPC -> {
                if (e.arg == s.target.timerToken) {
                    overseerCheck(t); // target_queue_recovery_request: wake_up(obd_next_transno_waitq)
                }
            }
            case RECOVERY_DONE -> {
                if (e.arg == s.target.timerToken && s.target.recovering) {
                    recoveryDone(t);
                }
            }
        }
    }

    private MountState mount(SimEvent e) {
        return s.mounts.get(e.mount);
    }

    // ------------------------------------------------------------------ failover

    /**
     * The target restarts on the other server: a new mount (instance + 1), exports restored from
     * last_rcvd, the recovery thread waiting for the first client (target_recovery_init). Clients lose
     * their connection; each will notice on its own, and IR (when the MGS notifies) tells them sooner.
     */
    void failover(long t) {
        TargetState tg = s.target;
        s.events.clear();
        s.failovers++;
        tg.instance++;
        if (s.nids.size() > 1) {
            tg.servingNid = (tg.servingNid + 1) % s.nids.size();
        }
        tg.mounted = true;
        tg.mountMs = t;
        tg.timerToken++;
        tg.recoveryStartMs = 0;
        tg.recoveryEndMs = 0;
        tg.connected = 0;
        tg.stale = 0;
        tg.reqReplayClients = 0;
        tg.lockReplayClients = 0;
        tg.queuedRequests = 0;
        tg.replayedRequests = 0;
        tg.versionRecov = false;
        tg.abortRequested = false;
        tg.windowClosedMs = -1;
        tg.closedBy = null;
        tg.tickScheduledMs = -1;
        tg.nextTransno = tg.lastCommitted + 1;

        IrState mgs = s.mgsIrEffective();
        // server_notify_target/mgs_ir_update: the MGS returns LDD_F_IR_CAPABLE only in state full;
        // server_calc_timeout drops it when the target is mounted -o noir (LMD_FLG_NOIR).
        tg.irEnabled = mgs == IrState.FULL && !tg.mountedNoIr;
        tg.recoveryTimeoutSec = tg.irEnabled ? irShrunkWindow(tg.softSec, tg.irFactor, s.timing.recoveryTimeMinMs) : tg.softSec;
        if (mgs.notifiesClients()) {
            s.nidtblVersion++;
            s.irNotifyCount++;
        }

        int known = 0;
        for (MountState m : s.mounts) {
            m.deniedUntilRecoveryEnds = false;
            m.sawEviction = false;
            m.replayKept = false;
            m.reconnectedAtMs = -1;
            if (m.behavior.idle) {
                // An idle-disconnected import said goodbye; the target has no export to recover for it.
                m.export = ExportState.UNKNOWN;
                continue;
            }
            known++;
            m.export = ExportState.WAITING;
            if (!m.behavior.alive) {
                continue; // a dead node: its import state is frozen and nobody can read it
            }
            m.setState(ImportState.DISCONN, t);
            m.currentNid = -1;
            m.nextNid = tg.servingNid;
            m.flapLeft = m.behavior.flapFailures;
            m.reconnectStarted = false;
            long notice = s.timing.noticeDelay(s.random);
            schedule(t + notice, Kind.CLIENT_NOTICE, m.index, 0);
            if (mgs.notifiesClients() && !m.behavior.noIr) {
                long requeue = s.timing.irRequeueMinMs + s.random.nextLong(s.timing.irRequeueJitterMs + 1);
                schedule(t + requeue, Kind.IR_NOTIFY, m.index, 0);
            }
        }
        tg.maxRecoverable = known;
        // target_recovery_init: no clients in last_rcvd means no recovery at all (INACTIVE).
        tg.recovering = known > 0;
        tg.overseerWaitStartMs = t;
    }

    /**
     * server_calc_timeout (target/tgt_mount.c): with IR, soft * ir_factor / OBD_IR_FACTOR_MAX, raised to
     * OBD_RECOVERY_TIME_MIN (120 s). Not capped at soft: a soft of 100 s becomes 120 s.
     */
    static int irShrunkWindow(int softSec, int irFactor, long recoveryTimeMinMs) {
        int shrunk = softSec * irFactor / 10;
        return Math.max(shrunk, (int) (recoveryTimeMinMs / 1000));
    }

    // ------------------------------------------------------------------ client side

    /**
     * No help: the client's RPC or ping to the dead server timed out; one connect to the old NID failed
     * (INITIAL_CONNECT_TIMEOUT) and import_select_connection moves on to the failover NID.
     */
    private void clientNotices(MountState m, long t) {
        if (m.state != ImportState.DISCONN || !m.behavior.alive) {
            return;
        }
        if (m.reconnectStarted) {
            // Already reconnecting (IR or the operator moved it first; between two failed attempts it
            // waits DISCONN for the pinger's next try): ptlrpc_expire_one_request → ptlrpc_fail_import
            // → ptlrpc_set_import_discon acts only on a FULL import, so the ping timing out is a no-op.
            return;
        }
        int old = 1 - s.target.servingNid;
        if (s.nids.size() > 1) {
            long tried = t - s.timing.connectTimeoutMs;
            m.setState(ImportState.CONNECTING, tried);
            m.connAttempts++;
            m.nidConnects[old]++;
            m.nidLastAttemptMs[old] = tried;
            m.nidFailed[old] = true;
            m.setState(ImportState.DISCONN, t);
        }
        m.nextNid = s.target.servingNid;
        startConnect(m, t);
    }

    /** mgc_apply_recover_logs: reconnect every import whose instance differs from the NID table's. */
    private void irNotification(MountState m, long t) {
        m.nidtblVersion = s.nidtblVersion;
        if (m.ocdInstance != s.target.instance) {
            recoverImport(m, s.target.servingNid, t);
        }
    }

    /**
     * ptlrpc_recover_import (ptlrpc/recover.c) up to where the synchronous caller starts waiting.
     * Returns 0 (a connect was started), EALREADY (the import was not DISCON: already connecting,
     * replaying, evicted or IDLE; the moved NID is used by the next attempt), EINVAL for a NEW import, or
     * ENOENT for a NID that is not one of the import's connections (import_set_conn_priority).
     * The order is the kernel's: ptlrpc_set_import_discon first (FULL → DISCON only), then the NID.
     */
    int recoverImport(MountState m, int nid, long t) {
        if (m.state == ImportState.NEW) {
            return EINVAL;
        }
        boolean forced = false;
        if (m.state == ImportState.FULL) {
            m.setState(ImportState.DISCONN, t); // ptlrpc_set_import_discon
            m.currentNid = -1;
            forced = true;
        }
        if (nid == -2) {
            if (forced) {
                // left DISCONN: the pinger reconnects it (ptlrpc_pinger_process_import →
                // ptlrpc_initiate_recovery) after ptlrpc_next_reconnect
                schedule(t + s.timing.connectTimeoutMs, Kind.CONNECT_START, m.index, 0);
            }
            return ENOENT; // import_set_conn_priority: not one of the import's connections
        }
        if (nid >= 0) {
            m.nextNid = nid;
        }
        if (m.state != ImportState.DISCONN) {
            // IDLE and EVICTED too: ptlrpc_set_import_discon only acts on FULL; nothing else happens
            return EALREADY;
        }
        startConnect(m, t);
        return OK;
    }

    private void startConnect(MountState m, long t) {
        int nid = m.nextNid;
        m.reconnectStarted = true;
        m.setState(ImportState.CONNECTING, t);
        m.connAttempts++;
        m.nidConnects[nid]++;
        m.nidLastAttemptMs[nid] = t;
        boolean serverThere = s.target.mounted && nid == s.target.servingNid;
        if (serverThere && m.flapLeft > 0) {
            m.flapLeft--;
            schedule(t + s.timing.connectTimeoutMs, Kind.CONNECT_RESULT, m.index, 0);
        } else if (serverThere) {
            schedule(t + s.timing.connectLatencyMs + m.behavior.extraLatencyMs, Kind.CONNECT_RESULT, m.index, 1);
        } else {
            schedule(t + s.timing.connectTimeoutMs, Kind.CONNECT_RESULT, m.index, 0);
        }
    }

    private void connectResult(MountState m, long t, int ok) {
        if (m.state != ImportState.CONNECTING) {
            return;
        }
        int nid = m.nextNid;
        if (ok == 0) {
            m.nidFailed[nid] = true;
            m.setState(ImportState.DISCONN, t);
            m.currentNid = -1;
            boolean flapping = s.target.mounted && nid == s.target.servingNid;
            // ptlrpc_connect_interpret failure: the next attempt goes to the next connection in the list
            m.nextNid = flapping ? nid : (nid + 1) % s.nids.size();
            schedule(t + (flapping ? m.behavior.flapPeriodMs : 0), Kind.CONNECT_START, m.index, 0);
            return;
        }
        m.nidFailed[nid] = false;
        m.nidReplied[nid]++;
        m.lastReplyMs = t;
        if (ok == 2) {
            acceptNewClient(m, t, nid);
        } else {
            targetHandleConnect(m, t, nid);
        }
    }

    /** target_handle_connect (ldlm/ldlm_lib.c) for a client that reconnects with its old UUID. */
    private void targetHandleConnect(MountState m, long t, int nid) {
        TargetState tg = s.target;
        if (tg.recovering) {
            if (m.export == ExportState.WAITING && tg.windowClosedMs < 0) {
                m.export = ExportState.IN_RECOVERY;
                tg.connected++;
                connectedClient(m, t, nid);
                if (m.behavior.busy) {
                    // uncommitted requests: the first replay waits in the queue until stage 1
                    tg.reqReplayClients++;
                    tg.lockReplayClients++;
                    tg.queuedRequests++;
                    m.setState(ImportState.REPLAY, t);
                } else {
                    // nothing to replay: lock replay done and the final ping queued at once
                    // (target_process_req_flags clears both flags when the requests arrive)
                    m.setState(ImportState.REPLAY, t);
                    m.setState(ImportState.REPLAY_LOCKS, t);
                    m.setState(ImportState.REPLAY_WAIT, t);
                }
                if (tg.recoveryStartMs == 0) {
                    startRecoveryTimer(t); // check_and_start_recovery_timer
                }
                // target_handle_connect: wake_up only when atomic_inc_return(connected) == max
                if (tg.connected == tg.maxRecoverable) {
                    overseerCheck(t);
                }
                // the client's first replay, or its lock-replay-done and final ping (MSG_LOCK_REPLAY_DONE)
                // when it has nothing to replay, arrive one round trip later; target_queue_recovery_request
                // wakes the thread for each, whatever the counters say
                schedule(t + s.timing.connectLatencyMs, Kind.RECOVERY_RPC, m.index, tg.timerToken);
                return;
            }
            if (m.export == ExportState.IN_RECOVERY) {
                // a reconnect of an export already in recovery: resent requests wake the thread again
                connectedClient(m, t, nid);
                m.setState(m.behavior.busy && tg.windowClosedMs < 0 ? ImportState.REPLAY : ImportState.REPLAY_WAIT, t);
                // a reconnect does not bring connected to max again; the resent recovery RPCs wake it
                schedule(t + s.timing.connectLatencyMs, Kind.RECOVERY_RPC, m.index, tg.timerToken);
                return;
            }
            // unknown or evicted UUID during recovery: check_and_start_recovery_timer(new_client) runs
            // first, so even this connect starts the window; then "Denying connection for new client"
            // (-EBUSY), which wakes nothing
            if (tg.recoveryStartMs == 0) {
                startRecoveryTimer(t);
            }
            m.setState(ImportState.DISCONN, t);
            m.currentNid = -1;
            m.deniedUntilRecoveryEnds = true;
            return;
        }
        if (m.export == ExportState.CONNECTED || m.export == ExportState.IN_RECOVERY) {
            connectedClient(m, t, nid);
            m.setState(ImportState.FULL, t);
            m.export = ExportState.CONNECTED;
            return;
        }
        // The server has no export for this UUID: the client was evicted (ptlrpc_connect_interpret).
        connectedClient(m, t, nid);
        clientLearnsEviction(m, t);
    }

    private void connectedClient(MountState m, long t, int nid) {
        m.currentNid = nid;
        m.ocdInstance = s.target.instance;
        if (m.reconnectedAtMs < 0) {
            m.reconnectedAtMs = t;
        }
    }

    /** The import goes EVICTED, is invalidated (generation + 1) and reconnects as a new client. */
    private void clientLearnsEviction(MountState m, long t) {
        m.setState(ImportState.EVICTED, t);
        m.generation++;
        m.sawEviction = true;
        m.replayKept = false;
        m.deniedUntilRecoveryEnds = false;
        schedule(t, Kind.EVICTED_RECONNECT, m.index, 0);
    }

    private void reconnectAsNewClient(MountState m, long t) {
        if (m.state != ImportState.EVICTED) {
            return;
        }
        m.setState(ImportState.CONNECTING, t);
        m.connAttempts++;
        int nid = s.target.servingNid;
        m.nextNid = nid;
        m.nidConnects[nid]++;
        m.nidLastAttemptMs[nid] = t;
        schedule(t + s.timing.connectLatencyMs + m.behavior.extraLatencyMs, Kind.CONNECT_RESULT, m.index, 2);
    }

    private void acceptNewClient(MountState m, long t, int nid) {
        if (s.target.recovering) {
            // target_handle_connect: check_and_start_recovery_timer before the -EBUSY refusal
            if (s.target.recoveryStartMs == 0) {
                startRecoveryTimer(t);
            }
            m.setState(ImportState.DISCONN, t); // new clients wait until recovery is over
            m.currentNid = -1;
            m.deniedUntilRecoveryEnds = true;
            return;
        }
        connectedClient(m, t, nid);
        m.export = ExportState.CONNECTED;
        m.setState(ImportState.FULL, t);
    }

    // ------------------------------------------------------------------ server: recovery thread

    /** target_start_recovery_timer: the window starts with the first reconnect, not at mount. */
    private void startRecoveryTimer(long t) {
        TargetState tg = s.target;
        tg.recoveryStartMs = t;
        schedule(t + tg.recoveryTimeoutSec * 1000L, Kind.TIMER_EXPIRY, -1, tg.timerToken);
    }

    /**
     * check_for_recovery_ready, evaluated when the recovery thread wakes up: the connect stage ends once
     * connected + evicted (obd_stale_clients) reach obd_max_recoverable_clients.
     */
    void overseerCheck(long t) {
        TargetState tg = s.target;
        if (!tg.recovering || tg.windowClosedMs >= 0) {
            return;
        }
        if (tg.connected + tg.stale >= tg.maxRecoverable) {
            closeWindow(t, tg.stale == 0 ? "ALL_CONNECTED" : "EVICTIONS");
        }
    }

    /**
     * Eviction does not wake the recovery thread (class_export_recovery_cleanup only counts), so a
     * condition made true by evictions is seen at the next 60 s timeout of the thread's
     * wait_event_timeout loop, unless some other wake-up comes first. See docs/lustre-recheck.md.
     */
    private void scheduleRecheckTick(long t) {
        TargetState tg = s.target;
        if (!tg.recovering || tg.windowClosedMs >= 0 || tg.connected + tg.stale < tg.maxRecoverable) {
            return;
        }
        long interval = Math.max(1, s.timing.recheckIntervalMs);
        long since = t - tg.overseerWaitStartMs;
        long tick = tg.overseerWaitStartMs + ((since + interval - 1) / interval) * interval;
        if (tick <= t) {
            tick = t;
        }
        if (tg.tickScheduledMs >= 0 && tg.tickScheduledMs <= tick) {
            return;
        }
        tg.tickScheduledMs = tick;
        schedule(tick, Kind.OVERSEER_TICK, -1, 0);
    }

    /**
     * target_recovery_expired + the overseer's expiry branch: evict the exports that never reconnected
     * (exp_connect_healthy), turn on VBR, extend the timer by RECONNECT_DELAY_MAX and carry on with the
     * connected clients. Past recovery_time_hard the overseer aborts instead.
     */
    private void recoveryTimerExpired(long t) {
        TargetState tg = s.target;
        if (!tg.recovering || tg.windowClosedMs >= 0) {
            return;
        }
        for (MountState m : s.mounts) {
            if (m.export == ExportState.WAITING) {
                m.export = ExportState.EVICTED;
                tg.stale++;
            }
        }
        tg.versionRecov = true;
        tg.recoveryTimeoutSec += (int) (s.timing.reconnectDelayMaxMs / 1000);
        if (t >= tg.recoveryStartMs + tg.hardSec * 1000L) {
            abortRecovery(t, "HARD_TIMEOUT");
            return;
        }
        closeWindow(t, "SOFT_TIMEOUT");
    }

    /** The connect stage is over; request and lock replay follow, then the final pings. */
    private void closeWindow(long t, String by) {
        TargetState tg = s.target;
        tg.windowClosedMs = t;
        tg.closedBy = by;
        tg.tickScheduledMs = -1;
        schedule(t + s.timing.replayDurationMs / 2, Kind.REPLAY_PROGRESS, -1, tg.timerToken);
        schedule(t + s.timing.replayDurationMs, Kind.RECOVERY_DONE, -1, tg.timerToken);
    }

    /** Stages 1 and 2: busy clients' requests and locks are replayed; they then wait for the final ping. */
    private void replayProgress(long t) {
        TargetState tg = s.target;
        if (!tg.recovering) {
            return;
        }
        for (MountState m : s.mounts) {
            if (m.export == ExportState.IN_RECOVERY && m.behavior.busy && m.state == ImportState.REPLAY) {
                m.setState(ImportState.REPLAY_LOCKS, t);
                m.setState(ImportState.REPLAY_WAIT, t);
                tg.replayedRequests += s.timing.replaysPerClient;
                tg.nextTransno += s.timing.replaysPerClient;
            }
        }
        tg.reqReplayClients = 0;
        tg.lockReplayClients = 0;
        tg.queuedRequests = 0;
    }

    /** Stage 3 and target_finish_recovery: final pings answered, clients RECOVER then FULL. */
    private void recoveryDone(long t) {
        TargetState tg = s.target;
        tg.recovering = false;
        tg.recoveryEndMs = t;
        tg.timerToken++;
        tg.reqReplayClients = 0;
        tg.lockReplayClients = 0;
        tg.queuedRequests = 0;
        for (MountState m : s.mounts) {
            if (m.export == ExportState.IN_RECOVERY) {
                m.export = ExportState.CONNECTED;
                if (m.behavior.alive && m.currentNid >= 0) {
                    m.setState(ImportState.RECOVER, t);
                    m.setState(ImportState.FULL, t);
                    m.lastReplyMs = t;
                    m.replayKept = true;
                }
            }
            if (m.deniedUntilRecoveryEnds && m.behavior.alive) {
                m.deniedUntilRecoveryEnds = false;
                m.nextNid = tg.servingNid;
                schedule(t, Kind.CONNECT_START, m.index, 0);
            }
        }
    }

    /**
     * OBD_IOC_ABORT_RECOVERY → target_stop_recovery_thread: the overseer runs
     * class_disconnect_stale_exports(exp_finished), evicting every export that has not finished lock
     * replay, connected ones included; the thread then runs to completion.
     */
    void abortRecovery(long t, String by) {
        TargetState tg = s.target;
        if (!tg.recovering) {
            return;
        }
        tg.abortRequested = true;
        boolean replayed = tg.windowClosedMs >= 0 && tg.reqReplayClients == 0 && tg.lockReplayClients == 0;
        for (MountState m : s.mounts) {
            if (m.export == ExportState.WAITING) {
                m.export = ExportState.EVICTED;
                tg.stale++;
            } else if (m.export == ExportState.IN_RECOVERY && m.behavior.busy && !replayed) {
                m.export = ExportState.EVICTED;
                tg.stale++;
                tg.connected--;
                // abort_req_replay_queue: -ENOTCONN for the queued requests; the client reconnects and
                // finds it was evicted
                m.setState(ImportState.DISCONN, t);
                m.currentNid = -1;
                m.deniedUntilRecoveryEnds = true;
            }
        }
        if (tg.windowClosedMs < 0) {
            tg.windowClosedMs = t;
            tg.closedBy = by;
        }
        recoveryDone(t);
    }

    /**
     * obd_export_evict_by_uuid → class_fail_export. During recovery class_export_recovery_cleanup counts
     * it in obd_stale_clients; nothing wakes the recovery thread. Returns whether an export was found
     * (the write to evict_client succeeds either way: evict_client_store returns count).
     */
    boolean evictByUuid(String uuid, long t) {
        TargetState tg = s.target;
        MountState m = findByUuid(uuid);
        if (m == null || m.export == ExportState.UNKNOWN || m.export == ExportState.EVICTED) {
            return false; // "%s: can't disconnect %s: no exports found"
        }
        if (tg.recovering) {
            if (m.export == ExportState.IN_RECOVERY) {
                tg.connected--;
                if (m.behavior.busy && tg.reqReplayClients > 0) {
                    tg.reqReplayClients--;
                    tg.lockReplayClients--;
                    tg.queuedRequests--;
                }
                if (m.behavior.alive) {
                    m.setState(ImportState.DISCONN, t);
                    m.currentNid = -1;
                    m.deniedUntilRecoveryEnds = true;
                }
            }
            m.export = ExportState.EVICTED;
            tg.stale++;
            scheduleRecheckTick(t);
            return true;
        }
        boolean wasConnected = m.export == ExportState.CONNECTED;
        m.export = ExportState.EVICTED;
        if (wasConnected && m.behavior.alive && m.state == ImportState.FULL) {
            // the client learns it from the reply to its next RPC or ping
            schedule(t + s.timing.connectLatencyMs, Kind.EVICTED_RECONNECT, m.index, 1);
        }
        return true;
    }

    MountState findByUuid(String uuid) {
        return s.mountByUuid(uuid);
    }

    RecoveryState status() {
        TargetState tg = s.target;
        if (tg.maxRecoverable == 0) {
            return RecoveryState.INACTIVE;
        }
        if (tg.recoveryEndMs > 0 && !tg.recovering) {
            return RecoveryState.COMPLETE;
        }
        if (tg.recoveryStartMs == 0) {
            return RecoveryState.WAITING_FOR_CLIENTS;
        }
        return RecoveryState.RECOVERING;
    }
}
