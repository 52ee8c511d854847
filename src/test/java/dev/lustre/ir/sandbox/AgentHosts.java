package dev.lustre.ir.sandbox;

import dev.lustre.ir.lustre.LctlRunner;
import dev.lustre.ir.sim.ClientView;
import dev.lustre.ir.sim.SimCluster;
import dev.lustre.ir.sim.SimTargets;
import java.util.List;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.function.Supplier;

/** What the simulated fleet of agents needs of the simulated Lustre: one target, or many on the same nodes. */
public interface AgentHosts {
    List<String> clientNodes();

    boolean isAlive(String node);

    /** The server the target(s) move to at the failover: its agent serves the rounds. */
    String failoverPartner();

    LctlRunner lctl(String node);

    /** The node's client devices (an import per target), with their UUIDs. */
    List<ClientView> clientMounts(String node);

    static AgentHosts of(SimCluster sim) {
        return new Of(sim::clientNodes, sim::isAlive, sim::failoverPartner, sim::lctl, sim::clientMounts);
    }

    static AgentHosts of(SimTargets sim) {
        return new Of(sim::clientNodes, sim::isAlive, sim::failoverPartner, sim::lctl, sim::clientMounts);
    }

    /** The hosts as the simulator's own methods answer them. */
    record Of(Supplier<List<String>> nodes, Predicate<String> alive, Supplier<String> partner, Function<String, LctlRunner> lctls,
            Function<String, List<ClientView>> mounts) implements AgentHosts {
        public List<String> clientNodes() {
            return nodes.get();
        }

        public boolean isAlive(String node) {
            return alive.test(node);
        }

        public String failoverPartner() {
            return partner.get();
        }

        public LctlRunner lctl(String node) {
            return lctls.apply(node);
        }

        public List<ClientView> clientMounts(String node) {
            return mounts.apply(node);
        }
    }
}
