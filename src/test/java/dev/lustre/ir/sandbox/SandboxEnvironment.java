package dev.lustre.ir.sandbox;

import dev.lustre.ir.noderuntime.NodeRuntime;
import dev.lustre.ir.noderuntime.RuntimeOptions;
import dev.lustre.ir.sim.SimCluster;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/**
 * Everything a sandbox round runs on: the real API server, the operator's own process, and the
 * simulators in this process: the node runtime, Lustre, and the resident agents of each scenario.
 */
public final class SandboxEnvironment implements AutoCloseable {
    public static final String USER_AGENT = "lustre-ir-sandbox";
    public static final String RUNTIME_USER_AGENT = "lustre-ir-node-runtime";
    private final LocalApiServer api;
    private final KubernetesClient client;
    private final KubernetesClient kubeletClient;
    private final SimFleet fleet;
    private final NodeRuntime runtime;
    private final OperatorProcess operator;
    private final Path workDir;
    private final List<SimResidentAgents> agentFleets = new CopyOnWriteArrayList<>();

    private SandboxEnvironment(LocalApiServer api, KubernetesClient client, KubernetesClient kubeletClient, SimFleet fleet,
            NodeRuntime runtime, OperatorProcess operator, Path workDir) {
        this.workDir = workDir;
        this.api = api;
        this.fleet = fleet;
        this.client = client;
        this.kubeletClient = kubeletClient;
        this.runtime = runtime;
        this.operator = operator;
    }

    public static SandboxEnvironment start(SandboxOptions o, Consumer<String> say)
            throws IOException, InterruptedException {
        say.accept("starting etcd + kube-apiserver v1.20.2 on loopback");
        LocalApiServer api = LocalApiServer.start(o.kubeApiTestDir(), o.workDir());
        KubernetesClient client = api.client(USER_AGENT);
        api.applyCrds(client, o.crds());
        KubernetesClient kubelet = api.client(RUNTIME_USER_AGENT);
        SimFleet fleet = new SimFleet();
        say.accept("starting the simulated node runtime (kubelet + Job controller)");
        NodeRuntime runtime = new NodeRuntime(kubelet, null, new SimAgentExecutor(fleet), RuntimeOptions.defaults()).start();
        say.accept("starting the operator (" + o.operatorJar() + "), log in " + o.workDir().resolve("operator.log"));
        OperatorProcess operator = OperatorProcess.start(o.operatorJar(), api.kubeconfig(), o.workDir().resolve("operator.log"));
        return new SandboxEnvironment(api, client, kubelet, fleet, runtime, operator, o.workDir());
    }

    /**
     * Starts the resident agents the scenario's dispatch mode asks for on its simulated cluster, and
     * returns once they are registered; they run until {@link #stopAgents} or {@link #close}.
     */
    public SimResidentAgents startAgents(SimCluster sim, Scenario.Settings settings) throws IOException, InterruptedException {
        SimResidentAgents agents = SimResidentAgents.start(api.kubeconfig(), sim, settings.namespace(), settings.dispatch(),
                workDir.resolve("agents-" + settings.name() + ".log"));
        agentFleets.add(agents);
        return agents;
    }

    /** Stops every resident agent started so far and deletes their registrations (between benchmark rounds). */
    public void stopAgents() {
        for (SimResidentAgents a : agentFleets) {
            a.closeAndDeregister();
        }
        agentFleets.clear();
    }

    public KubernetesClient client() {
        return client;
    }

    public SimFleet fleet() {
        return fleet;
    }

    public OperatorProcess operator() {
        return operator;
    }

    public Path kubeconfig() {
        return api.kubeconfig();
    }

    public Path auditLog() {
        return api.auditLog();
    }

    @Override
    public void close() {
        agentFleets.forEach(SimResidentAgents::close);
        operator.close();
        runtime.close();
        kubeletClient.close();
        client.close();
        api.close();
    }
}
