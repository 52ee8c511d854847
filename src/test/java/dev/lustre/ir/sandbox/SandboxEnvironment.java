package dev.lustre.ir.sandbox;

import dev.lustre.ir.noderuntime.NodeRuntime;
import dev.lustre.ir.noderuntime.RuntimeOptions;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.IOException;
import java.nio.file.Path;
import java.util.function.Consumer;

/**
 * Everything a sandbox round runs on: the real API server, the operator's own process, and the
 * two simulators (node runtime and Lustre) in this process.
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

    private SandboxEnvironment(LocalApiServer api, KubernetesClient client, KubernetesClient kubeletClient, SimFleet fleet,
            NodeRuntime runtime, OperatorProcess operator) {
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
        return new SandboxEnvironment(api, client, kubelet, fleet, runtime, operator);
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
        operator.close();
        runtime.close();
        kubeletClient.close();
        client.close();
        api.close();
    }
}
