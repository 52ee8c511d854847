package dev.lustre.ir.sandbox;

import dev.lustre.ir.lustre.LctlRunner;
import dev.lustre.ir.sim.ClientView;
import dev.lustre.ir.sim.SimCluster;
import dev.lustre.ir.sim.SimTargets;
import java.util.List;

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
        return new AgentHosts() {
            public List<String> clientNodes() {
                return sim.clientNodes();
            }

            public boolean isAlive(String node) {
                return sim.isAlive(node);
            }

            public String failoverPartner() {
                return sim.failoverPartner();
            }

            public LctlRunner lctl(String node) {
                return sim.lctl(node);
            }

            public List<ClientView> clientMounts(String node) {
                return sim.clientMounts(node);
            }
        };
    }

    static AgentHosts of(SimTargets sim) {
        return new AgentHosts() {
            public List<String> clientNodes() {
                return sim.clientNodes();
            }

            public boolean isAlive(String node) {
                return sim.isAlive(node);
            }

            public String failoverPartner() {
                return sim.failoverPartner();
            }

            public LctlRunner lctl(String node) {
                return sim.lctl(node);
            }

            public List<ClientView> clientMounts(String node) {
                return sim.clientMounts(node);
            }
        };
    }
}
