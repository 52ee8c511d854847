package dev.lustre.ir.sandbox;

import dev.lustre.ir.sim.SimCluster;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** The simulated Lustre clusters of a sandbox or a test run, found by the node a Pod runs on. */
public final class SimFleet {
    private final Map<String, SimCluster> byNode = new ConcurrentHashMap<>();

    public void add(SimCluster cluster) {
        cluster.nodes().forEach(node -> byNode.put(node, cluster));
    }

    public SimCluster onNode(String node) {
        return byNode.get(node);
    }
}
