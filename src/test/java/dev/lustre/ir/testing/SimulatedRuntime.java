package dev.lustre.ir.testing;

import dev.lustre.ir.noderuntime.NodeRuntime;
import dev.lustre.ir.noderuntime.RuntimeOptions;
import dev.lustre.ir.noderuntime.RuntimeStats;
import dev.lustre.ir.sandbox.SimAgentExecutor;
import dev.lustre.ir.sandbox.SimFleet;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The one fake on the Kubernetes side, shared by every test of the run: the simulated node
 * runtime (kubelet + Job controller) running the real agent against the simulated Lustre of each
 * node, on the real API server of {@link KubeApiTestResource}.
 */
public final class SimulatedRuntime {
    private static SimFleet fleet;
    private static NodeRuntime runtime;
    private static KubernetesClient client;

    private SimulatedRuntime() {
    }

    public static synchronized SimFleet fleet() {
        if (runtime == null) {
            try {
                Path kubeconfig = KubeApiTestResource.kubeconfig();
                client = new KubernetesClientBuilder().withConfig(Config.fromKubeconfig(Files.readString(kubeconfig))).build();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            fleet = new SimFleet();
            runtime = new NodeRuntime(client, null, new SimAgentExecutor(fleet), RuntimeOptions.defaults()).start();
            Runtime.getRuntime().addShutdownHook(new Thread(runtime::close));
        }
        return fleet;
    }

    /** What the runtime counted. */
    public static RuntimeStats stats() {
        fleet();
        return runtime.stats();
    }

    /** The runtime's own client (the "kubelet"), kept apart from the operator's. */
    public static KubernetesClient client() {
        fleet();
        return client;
    }
}
