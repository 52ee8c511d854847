package dev.lustre.ir.noderuntime;

import dev.lustre.ir.sandbox.LocalApiServer;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A real etcd + kube-apiserver v1.20.2 for one test class (plain JUnit, no Quarkus), started as the
 * sandbox starts it ({@link LocalApiServer}), with the TTLAfterFinished feature gate on as it must be
 * wherever the operator relies on Job TTLs.
 */
final class RealApiServer implements AutoCloseable {
    private final LocalApiServer server;
    private final KubernetesClient client;

    private RealApiServer(boolean ttlFeatureGate) {
        String dir = System.getProperty("kube-api-test.dir");
        if (dir == null || !Files.isDirectory(Path.of(dir, "k8s", LocalApiServer.VERSION + "-linux-amd64"))) {
            throw new IllegalStateException("no kube-apiserver " + LocalApiServer.VERSION + " under " + dir
                    + ": run scripts/kube-apiserver.sh");
        }
        try {
            server = LocalApiServer.start(Path.of(dir), Files.createTempDirectory("lustre-ir-runtime-api"), ttlFeatureGate);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
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
        try {
            return server.client("lustre-ir-node-runtime-test");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    String createNamespace(String name) {
        client.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName(name).endMetadata().build()).create();
        return name;
    }

    @Override
    public void close() {
        client.close();
        server.close();
    }
}
