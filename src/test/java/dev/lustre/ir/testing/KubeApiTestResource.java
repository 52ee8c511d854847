package dev.lustre.ir.testing;

import dev.lustre.ir.sandbox.LocalApiServer;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.Map;

/**
 * Starts the real etcd + kube-apiserver v1.20.2 (laid out by scripts/kube-apiserver.sh) the way the
 * sandbox does ({@link LocalApiServer}), once per test run, and points the operator's Kubernetes
 * client at it.
 */
public class KubeApiTestResource implements QuarkusTestResourceLifecycleManager {
    public static final String API_SERVER_VERSION = LocalApiServer.VERSION;
    private static LocalApiServer server;

    @Override
    public synchronized Map<String, String> start() {
        if (server == null) {
            String dir = System.getProperty("kube-api-test.dir");
            if (dir == null || !Files.isDirectory(Path.of(dir, "k8s", API_SERVER_VERSION + "-linux-amd64"))) {
                throw new IllegalStateException("no kube-apiserver " + API_SERVER_VERSION + " under " + dir
                        + ": run scripts/kube-apiserver.sh (the test command in README.md does)");
            }
            try {
                server = LocalApiServer.start(Path.of(dir), Files.createTempDirectory("lustre-ir-test-api"));
                Runtime.getRuntime().addShutdownHook(new Thread(server::close));
                // Tests run against the CRDs users install, not a copy made for the test.
                try (KubernetesClient client = server.client("lustre-ir-tests")) {
                    server.applyCrds(client, CrdFiles.COMMITTED);
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            System.out.println("[test] real kube-apiserver v" + API_SERVER_VERSION + " started; kubeconfig " + server.kubeconfig());
        }
        Config config;
        try {
            config = Config.fromKubeconfig(Files.readString(server.kubeconfig()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return Map.of(
                "quarkus.kubernetes-client.api-server-url", config.getMasterUrl(),
                "quarkus.kubernetes-client.ca-cert-data", base64(config.getCaCertData(), config.getCaCertFile()),
                "quarkus.kubernetes-client.client-cert-data", base64(config.getClientCertData(), config.getClientCertFile()),
                "quarkus.kubernetes-client.client-key-data", base64(config.getClientKeyData(), config.getClientKeyFile()),
                "quarkus.kubernetes-client.namespace", "default",
                "quarkus.kubernetes-client.trust-certs", "false");
    }

    /** The API server's audit log: who made which request. */
    public static Path auditLog() {
        return server.auditLog();
    }

    /** The kubeconfig file of the running server, for tools such as kubectl. */
    public static Path kubeconfig() {
        return server.kubeconfig();
    }

    private static String base64(String data, String file) {
        if (data != null) {
            return data;
        }
        try {
            return Base64.getEncoder().encodeToString(Files.readAllBytes(Path.of(file)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void stop() {
        // One API server serves every test class of the run; the shutdown hook stops it.
    }
}
