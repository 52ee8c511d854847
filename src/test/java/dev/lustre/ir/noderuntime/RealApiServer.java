package dev.lustre.ir.noderuntime;

import io.fabric8.kubeapitest.KubeAPIServer;
import io.fabric8.kubeapitest.KubeAPIServerConfigBuilder;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A real etcd + kube-apiserver v1.20.2 for one test class (plain JUnit, no Quarkus), laid out by
 * scripts/kube-apiserver.sh. TTLAfterFinished is alpha in 1.20: without its feature gate the API
 * server silently drops {@code ttlSecondsAfterFinished}, so the gate is on, as it must be wherever
 * the operator relies on Job TTLs.
 */
final class RealApiServer implements AutoCloseable {
    static final String VERSION = "1.20.2";

    private final KubeAPIServer server;
    private final KubernetesClient client;

    private RealApiServer(boolean ttlFeatureGate) {
        String dir = System.getProperty("kube-api-test.dir");
        if (dir == null || !Files.isDirectory(Path.of(dir, "k8s", VERSION + "-linux-amd64"))) {
            throw new IllegalStateException("no kube-apiserver " + VERSION + " under " + dir + ": run scripts/kube-apiserver.sh");
        }
        KubeAPIServerConfigBuilder config = KubeAPIServerConfigBuilder.anAPIServerConfig().withOfflineMode(true)
                .withTestDir(dir).withApiServerVersion(VERSION).withUpdateKubeConfig(false);
        if (ttlFeatureGate) {
            config.withApiServerFlag("--feature-gates", "TTLAfterFinished=true");
        }
        server = new KubeAPIServer(config.build());
        server.start();
        client = newClient();
    }

    static RealApiServer start() {
        return new RealApiServer(true);
    }

    static RealApiServer startWithoutFeatureGates() {
        return new RealApiServer(false);
    }

    KubernetesClient client() {
        return client;
    }

    /** A separate client (own connections), e.g. for a second runtime instance. */
    KubernetesClient newClient() {
        return new KubernetesClientBuilder().withConfig(Config.fromKubeconfig(server.getKubeConfigYaml())).build();
    }

    String createNamespace(String name) {
        client.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName(name).endMetadata().build()).create();
        return name;
    }

    @Override
    public void close() {
        client.close();
        server.stop();
    }
}
