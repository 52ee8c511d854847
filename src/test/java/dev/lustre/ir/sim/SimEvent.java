package dev.lustre.ir.sim;

/** A timed happening in the simulation; processed in (time, sequence) order. */
final class SimEvent implements Comparable<SimEvent> {

    enum Kind {
        /** A client notices the failover on its own (RPC timeout + connect cycle). */
        CLIENT_NOTICE,
        /** The MGC of a client re-enqueued the IR lock and applies the new NID table. */
        IR_NOTIFY,
        /** A connect RPC leaves the client (import goes CONNECTING). */
        CONNECT_START,
        /** The connect RPC is answered (success) or times out. */
        CONNECT_RESULT,
        /** An evicted client invalidates its import and reconnects as a new client. */
        EVICTED_RECONNECT,
        /** The soft recovery timer fires (target_recovery_expired). */
        TIMER_EXPIRY,
        /** The recovery thread's wait_event_timeout returns after 60 s and re-checks its condition. */
        OVERSEER_TICK,
        /** Replay stages are over: final pings answered, recovery ends. */
        RECOVERY_DONE,
        /** Busy clients' requests were replayed: they move on to lock replay and REPLAY_WAIT. */
        REPLAY_PROGRESS,
        /** A reconnected client's replay / lock replay / final ping reaches the target and wakes the thread. */
        RECOVERY_RPC
    }

    long at;
    long seq;
    Kind kind;
    int mount = -1;
    int arg;

    SimEvent() {
    }

    SimEvent(long at, long seq, Kind kind, int mount, int arg) {
        this.at = at;
        this.seq = seq;
        this.kind = kind;
        this.mount = mount;
        this.arg = arg;
    }

    @Override
    public int compareTo(SimEvent o) {
        int c = Long.compare(at, o.at);
        return c != 0 ? c : Long.compare(seq, o.seq);
    }

    @Override
    public String toString() {
        return kind + "@" + at + (mount >= 0 ? "[m" + mount + "]" : "");
    }
}
