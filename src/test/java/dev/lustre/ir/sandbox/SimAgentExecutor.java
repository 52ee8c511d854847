package dev.lustre.ir.sandbox;

import dev.lustre.ir.agent.Agent;
import dev.lustre.ir.agent.AgentOutcome;
import dev.lustre.ir.noderuntime.ContainerExecutor;
import dev.lustre.ir.noderuntime.ContainerResult;
import dev.lustre.ir.noderuntime.RunRequest;
import dev.lustre.ir.sim.SimCluster;

/**
 * The container process of a node Job in the simulated runtime: the real agent, in-process,
 * against the simulated Lustre of the Pod's node (its lctl prefix is ignored: the node's lctl is
 * the simulator).
 */
public final class SimAgentExecutor implements ContainerExecutor {
    private final SimFleet fleet;

    public SimAgentExecutor(SimFleet fleet) {
        this.fleet = fleet;
    }

    @Override
    public ContainerResult run(RunRequest request) {
        var args = request.args();
        if (args.isEmpty() || !args.get(0).equals("agent")) {
            return new ContainerResult(127, "not an agent command: " + args);
        }
        SimCluster sim = fleet.onNode(request.node());
        if (sim == null) {
            return new ContainerResult(1, "no simulated Lustre on node " + request.node());
        }
        AgentOutcome out = Agent.run(args.subList(1, args.size()), prefix -> sim.lctl(request.node()), sim.clock(),
                Agent.clockOf(sim.clock()::millis));
        return new ContainerResult(out.exitCode(), out.json());
    }
}
