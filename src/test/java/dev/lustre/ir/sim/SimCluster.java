package dev.lustre.ir.sim;

import dev.lustre.ir.lustre.RecoveryState;
import dev.lustre.ir.lustre.CommandResult;
import dev.lustre.ir.lustre.LctlRunner;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A simulated Lustre target and its clients. State is computed lazily: every call first applies the
 * timed events due at the clock's "now" (client reconnects, timers), so a scenario driven by a
 * {@link ManualClock} is deterministic and one driven by a real or scaled clock runs by itself.
 * Thread-safe: all access goes through this object's monitor.
 */
public final class SimCluster {

    private SimState state;
    private SimEngine engine;
    private final SimClock clock;
    /** How a blocking lctl command (recover) waits; the stand-alone lctl swaps in one that unlocks. */
    private DeadlineWaiter waiter = this::sleepTowards;

    /** Waits for simulated time to move on towards a deadline (epoch ms). */
    @FunctionalInterface
    interface DeadlineWaiter {
        void waitTowards(long deadlineMs);
    }

    private volatile LctlInterposer interposer;

    SimCluster(SimState state, SimClock clock) {
        this.state = Objects.requireNonNull(state);
        this.engine = new SimEngine(state);
        this.clock = Objects.requireNonNull(clock);
    }

    public static SimClusterBuilder builder() {
        return new SimClusterBuilder();
    }

    public SimClock clock() {
        return clock;
    }

    // ------------------------------------------------------------------ driving the scenario

    /** Applies every event due up to the clock's now. Called by every other method too. */
    public synchronized void advance() {
        engine.advanceTo(clock.millis());
    }

    /**
     * The target restarts on the other server at the clock's now: new instance, clients lose their
     * connection (DISCONN), the target waits for them (WAITING_FOR_CLIENTS, or INACTIVE without known
     * clients). Each call fails over again, to the other server.
     */
    public synchronized void failover() {
        advance();
        engine.failover(clock.millis());
    }

    /**
     * A client node unmounts the file system and mounts it again, outside recovery: each of its mounts
     * gets a new device suffix (a new superblock) and a new client UUID (ll_generate_random_uuid runs
     * at every mount); the target forgets the old export (a clean unmount removes it from last_rcvd)
     * and knows the new one, connected.
     */
    public synchronized void remount(String node) {
        advance();
        NodeState n = state.node(node);
        if (n == null || n.role != NodeState.Role.CLIENT || n.mounts.length == 0) {
            throw new IllegalArgumentException("no client mount on node " + node);
        }
        if (state.target.recovering) {
            throw new IllegalStateException("a remount while the target recovers is not simulated");
        }
        for (int i : n.mounts) {
            MountState m = state.mounts.get(i);
            m.device = m.device.substring(0, m.device.lastIndexOf('-') + 1) + "ffff88" + state.random.hex(10);
            m.uuid = state.random.uuid();
        }
        state.forgetUuidIndex();
    }

    /** When the next timed event happens (a reconnect, a timer), if any is pending. */
    public synchronized Optional<Instant> nextEventAt() {
        advance();
        long at = engine.nextEventAt();
        return at == Long.MAX_VALUE ? Optional.empty() : Optional.of(Instant.ofEpochMilli(at));
    }

    /**
     * Runs lctl as it would run on {@code node}. The runner of a dead node throws
     * {@link SimNodeDownException}; an unknown node name is rejected at once.
     */
    public LctlRunner lctl(String node) {
        synchronized (this) {
            if (state.node(node) == null) {
                throw new IllegalArgumentException("no such node in the simulated cluster: " + node);
            }
        }
        return args -> {
            LctlInterposer i = interposer;
            return i == null ? run(node, args) : i.run(node, List.copyOf(args), a -> run(node, a));
        };
    }

    /**
     * Test faults around the simulated lctl (a hung or killed call, garbage output): sees every call of
     * every node of this cluster and may answer instead of the simulator. Null removes it.
     */
    public void interpose(LctlInterposer i) {
        this.interposer = i;
    }

    /** What {@link #interpose} installs. */
    @FunctionalInterface
    public interface LctlInterposer {
        CommandResult run(String node, List<String> args, LctlRunner simulated);
    }

    CommandResult run(String node, List<String> args) {
        SimLctl lctl;
        synchronized (this) {
            advance();
            NodeState n = state.node(node);
            if (!n.alive) {
                throw new SimNodeDownException(node);
            }
            lctl = new SimLctl(this, node);
        }
        return lctl.run(List.copyOf(args));
    }

    // ------------------------------------------------------------------ read-only views

    public synchronized RecoveryState recoveryStatus() {
        advance();
        return engine.status();
    }

    public synchronized TargetView target() {
        advance();
        TargetState t = state.target;
        RecoveryState st = engine.status();
        int completed = st == RecoveryState.COMPLETE ? t.maxRecoverable - t.stale : t.connected - t.lockReplayClients;
        return new TargetView(t.name, state.servingNode(), state.servingNid(), t.instance, st, t.connected,
                t.maxRecoverable, t.stale, completed, t.recoveryTimeoutSec, t.versionRecov, t.irEnabled,
                instant(t.recoveryStartMs), t.windowClosedMs >= 0 ? Optional.of(Instant.ofEpochMilli(t.windowClosedMs)) : Optional.empty(),
                Optional.ofNullable(t.closedBy), instant(t.recoveryEndMs), state.mgsIrEffective());
    }

    /**
     * The first time at or after {@code t} when the recovery thread looks at its condition without
     * being woken: the end of one of its 60 s waits (target_recovery_overseer). With evictions, the
     * window cannot close before this unless a client wakes the thread.
     */
    public synchronized Instant recheckTickAtOrAfter(Instant t) {
        long interval = Math.max(1, state.timing.recheckIntervalMs);
        long start = state.target.overseerWaitStartMs;
        long since = Math.max(0, t.toEpochMilli() - start);
        return Instant.ofEpochMilli(start + ((since + interval - 1) / interval) * interval);
    }

    /** When the target left the connect stage of recovery, if it has. */
    public synchronized Optional<Instant> windowClosedAt() {
        return target().windowClosedAt();
    }

    public synchronized List<ClientView> clients() {
        advance();
        List<ClientView> out = new ArrayList<>(state.mounts.size());
        for (MountState m : state.mounts) {
            out.add(view(m));
        }
        return out;
    }

    /** The first (usually only) mount of a client node. */
    public synchronized ClientView client(String node) {
        advance();
        NodeState n = state.node(node);
        if (n == null || n.mounts.length == 0) {
            throw new IllegalArgumentException("no client mount on node " + node);
        }
        return view(state.mounts.get(n.mounts[0]));
    }

    /** Every mount of a client node (several when the builder asked for more than one per node). */
    public synchronized List<ClientView> clientMounts(String node) {
        advance();
        NodeState n = state.node(node);
        List<ClientView> out = new ArrayList<>();
        if (n != null) {
            for (int i : n.mounts) {
                out.add(view(state.mounts.get(i)));
            }
        }
        return out;
    }

    public synchronized List<String> clientNodes() {
        List<String> out = new ArrayList<>();
        for (NodeState n : state.nodes) {
            if (n.role == NodeState.Role.CLIENT) {
                out.add(n.name);
            }
        }
        return out;
    }

    /** Lustre clients the target knows that are not nodes of the simulated Kubernetes cluster. */
    public synchronized List<String> outsideNodes() {
        List<String> out = new ArrayList<>();
        for (NodeState n : state.nodes) {
            if (n.role == NodeState.Role.OUTSIDE) {
                out.add(n.name);
            }
        }
        return out;
    }

    /** UUIDs the target knows that belong to no roster client: MDT exports and outside clients. */
    public synchronized List<String> nonRosterUuids() {
        List<String> out = new ArrayList<>();
        for (MountState m : state.mounts) {
            if (state.node(m.node).role != NodeState.Role.CLIENT) {
                out.add(m.uuid);
            }
        }
        return out;
    }

    public synchronized List<String> nodes() {
        List<String> out = new ArrayList<>();
        for (NodeState n : state.nodes) {
            out.add(n.name);
        }
        return out;
    }

    public synchronized boolean isAlive(String node) {
        NodeState n = state.node(node);
        return n != null && n.alive;
    }

    /**
     * UUIDs of the mounts on dead roster client nodes: what an operator that knows the truth would
     * evict. Down MDS nodes and clients outside the roster are left out: nothing proves them dead.
     */
    public synchronized List<String> deadClientUuids() {
        List<String> out = new ArrayList<>();
        for (MountState m : state.mounts) {
            NodeState n = state.node(m.node);
            if (n.role == NodeState.Role.CLIENT && !m.behavior.alive && !m.behavior.idle) {
                out.add(m.uuid);
            }
        }
        return out;
    }

    /** The node the target runs on before the first failover. */
    public synchronized String primaryNode() {
        return state.serverNodes.get(0);
    }

    /** The node the target runs on now (after a failover: the failover server). */
    public synchronized String serverNode() {
        return state.servingNode();
    }

    /** The server the next {@link #failover()} moves the target to: the partner of the one serving it now. */
    public synchronized String failoverPartner() {
        return state.serverNodes.get((state.target.servingNid + 1) % state.serverNodes.size());
    }

    public synchronized String mgsNode() {
        return state.mgsNode;
    }

    public synchronized LustreVersion version() {
        return state.version;
    }

    public synchronized List<String> serverNids() {
        return List.copyOf(state.nids);
    }

    /** Kills a node now: it stops reconnecting and its lctl can no longer run. */
    /** The UUIDs written to the target's evict_client so far, in order (nid: evictions not included). */
    public synchronized List<String> evictRequests() {
        return List.copyOf(state.evictRequests);
    }

    public synchronized void kill(String node) {
        advance();
        NodeState n = Objects.requireNonNull(state.node(node), node);
        n.alive = false;
        for (int i : n.mounts) {
            state.mounts.get(i).behavior.alive = false;
        }
    }

    // ------------------------------------------------------------------ internals for SimLctl / main

    SimState state() {
        return state;
    }

    synchronized void replaceState(SimState fresh) {
        this.state = fresh;
        this.engine = new SimEngine(fresh);
    }

    void waiter(DeadlineWaiter w) {
        this.waiter = w;
    }

    void waitTowards(long deadlineMs) {
        waiter.waitTowards(deadlineMs);
    }

    SimEngine engine() {
        return engine;
    }

    long now() {
        return state.nowMs;
    }

    /** Sleeps until the next event or {@code deadline}, whichever is first (at least 1 ms). */
    void sleepTowards(long deadline) {
        long now;
        long wake;
        synchronized (this) {
            advance();
            now = state.nowMs;
            wake = Math.min(engine.nextEventAt(), deadline);
        }
        long ms = Math.max(1, wake - now);
        if (!(clock instanceof ManualClock)) {
            ms = Math.min(ms, 1000); // others may change the state meanwhile; poll at least every second
        }
        clock.sleep(Duration.ofMillis(ms));
    }

    private static Optional<Instant> instant(long ms) {
        return ms > 0 ? Optional.of(Instant.ofEpochMilli(ms)) : Optional.empty();
    }

    private ClientView view(MountState m) {
        String conn = m.currentNid >= 0 ? state.nids.get(m.currentNid) : "<none>";
        return new ClientView(m.node, m.device, m.uuid, m.behavior.alive, m.state,
                m.sawEviction || m.export == ExportState.EVICTED, m.replayKept, conn, m.ocdInstance,
                m.reconnectedAtMs >= 0 ? Optional.of(Instant.ofEpochMilli(m.reconnectedAtMs)) : Optional.empty(),
                m.export);
    }

    /** Restores a cluster from saved state (the stand-alone lctl). */
    static SimCluster fromState(SimState state, SimClock clock) {
        return new SimCluster(state, clock);
    }
}
