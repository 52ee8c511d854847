package dev.lustre.ir.sim;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.Map;
import java.util.List;
import java.util.PriorityQueue;

/**
 * Everything the simulation knows, as plain data: the in-process cluster keeps one in memory, the
 * stand-alone lctl loads and saves it as JSON between invocations.
 */
final class SimState {
    LustreVersion version = LustreVersion.V2_16;
    SimTiming timing = new SimTiming();
    /** The target's NIDs: [primary, failover]. */
    List<String> nids = new ArrayList<>();
    /** Server node names matching {@link #nids}. */
    List<String> serverNodes = new ArrayList<>();
    String mgsNode;
    String mgsNid = "10.0.0.1@tcp";
    IrState mgsIrConfigured = IrState.FULL;
    long nidtblVersion = 240;
    long irNotifyCount = 36;
    int mgsGeneration = 6;
    /** Wall time of the nodes' boot; the monotonic clock b2_12 prints for recovery_start counts from it. */
    long bootMs;

    TargetState target = new TargetState();
    List<NodeState> nodes = new ArrayList<>();
    List<MountState> mounts = new ArrayList<>();
    PriorityQueue<SimEvent> events = new PriorityQueue<>();
    long eventSeq;
    SeededRandom random = new SeededRandom(42);
    /** Simulated time up to which every due event has been applied. */
    long nowMs;
    int failovers;
    /** Every UUID written to evict_client, in order: what an administrator (or the operator) asked. */
    List<String> evictRequests = new ArrayList<>();
    /** Stand-alone lctl: simulated time = simOrigin + (wall - wallOrigin) * timeScale. */
    long simOriginMs;
    long wallOriginMs;
    double timeScale = 1.0;

    /** Lookup indexes, rebuilt after loading; never saved. */
    private transient Map<String, NodeState> nodesByName;
    private transient Map<String, MountState> mountsByUuid;
    private transient Map<String, Integer> nodeOrdinal;

    NodeState node(String name) {
        if (nodesByName == null || nodesByName.size() != nodes.size()) {
            Map<String, NodeState> m = new HashMap<>();
            Map<String, Integer> o = new HashMap<>();
            for (int i = 0; i < nodes.size(); i++) {
                m.put(nodes.get(i).name, nodes.get(i));
                o.put(nodes.get(i).name, i + 1);
            }
            nodesByName = m;
            nodeOrdinal = o;
        }
        return nodesByName.get(name);
    }

    /** 1-based position of a node, for deriving stable per-node values such as its NID. */
    int nodeOrdinal(String name) {
        node(name);
        return nodeOrdinal.getOrDefault(name, 0);
    }

    /** After a mount's UUID changed in place (a remount): the lookup is built again when next used. */
    void forgetUuidIndex() {
        mountsByUuid = null;
    }

    MountState mountByUuid(String uuid) {
        if (mountsByUuid == null || mountsByUuid.size() != mounts.size()) {
            Map<String, MountState> m = new HashMap<>();
            for (MountState x : mounts) {
                m.put(x.uuid, x);
            }
            mountsByUuid = m;
        }
        return mountsByUuid.get(uuid);
    }

    /** The MGS state clients and targets see: a client without IR support makes a full MGS partial. */
    IrState mgsIrEffective() {
        if (mgsIrConfigured == IrState.FULL && nonIrClients() > 0) {
            return IrState.PARTIAL;
        }
        return mgsIrConfigured;
    }

    int nonIrClients() {
        int n = 0;
        for (MountState m : mounts) {
            if (m.behavior.noIr && m.behavior.alive) {
                n++;
            }
        }
        return n;
    }

    String servingNid() {
        return nids.get(target.servingNid);
    }

    String servingNode() {
        return serverNodes.get(target.servingNid);
    }
}
