package dev.lustre.ir.testing;

import io.fabric8.kubeapitest.KubeAPIServer;
import io.fabric8.kubeapitest.KubeAPIServerConfigBuilder;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import java.io.InputStream;
import java.util.concurrent.TimeUnit;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.Map;

/**
 * Starts a real etcd + kube-apiserver v1.20.2 (laid out by scripts/kube-apiserver.sh) through
 * kube-api-test in offline mode, and points the operator's Kubernetes client at it.
 */
public class KubeApiTestResource implements QuarkusTestResourceLifecycleManager {
    public static final String API_SERVER_VERSION = "1.20.2";
    private static KubeAPIServer server;
    private static Path kubeconfig;

    @Override
    public synchronized Map<String, String> start() {
        if (server == null) {
            String dir = System.getProperty("kube-api-test.dir");
            if (dir == null || !Files.isDirectory(Path.of(dir, "k8s", API_SERVER_VERSION + "-linux-amd64"))) {
                throw new IllegalStateException("no kube-apiserver " + API_SERVER_VERSION + " under " + dir
                        + ": run scripts/kube-apiserver.sh (the test command in README.md does)");
            }
            server = new KubeAPIServer(KubeAPIServerConfigBuilder.anAPIServerConfig()
                    .withOfflineMode(true).withTestDir(dir).withApiServerVersion(API_SERVER_VERSION)
                    .withUpdateKubeConfig(false)
                    // Job ttlSecondsAfterFinished is alpha in 1.20: without the gate the field is dropped.
                    .withApiServerFlag("--feature-gates", "TTLAfterFinished=true")
                    .build());
            server.start();
            Runtime.getRuntime().addShutdownHook(new Thread(server::stop));
            try {
                kubeconfig = Files.createTempFile("lustre-ir-test-kubeconfig", ".yaml");
                Files.writeString(kubeconfig, server.getKubeConfigYaml());
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            applyCommittedCrds();
            System.out.println("[test] real kube-apiserver v" + API_SERVER_VERSION + " started; kubeconfig " + kubeconfig);
        }
        Config config = Config.fromKubeconfig(server.getKubeConfigYaml());
        return Map.of(
                "quarkus.kubernetes-client.api-server-url", config.getMasterUrl(),
                "quarkus.kubernetes-client.ca-cert-data", base64(config.getCaCertData(), config.getCaCertFile()),
                "quarkus.kubernetes-client.client-cert-data", base64(config.getClientCertData(), config.getClientCertFile()),
                "quarkus.kubernetes-client.client-key-data", base64(config.getClientKeyData(), config.getClientKeyFile()),
                "quarkus.kubernetes-client.namespace", "default",
                "quarkus.kubernetes-client.trust-certs", "false");
    }

    /** Tests run against the CRDs users install, not a copy made for the test. */
    private static void applyCommittedCrds() {
        try (KubernetesClient client = new KubernetesClientBuilder().withConfig(Config.fromKubeconfig(server.getKubeConfigYaml())).build()) {
            for (String name : CrdFiles.KINDS.keySet()) {
                try (InputStream in = Files.newInputStream(CrdFiles.committed(name))) {
                    client.load(in).serverSideApply();
                }
            }
            for (String name : CrdFiles.KINDS.keySet()) {
                client.apiextensions().v1().customResourceDefinitions().withName(name)
                        .waitUntilCondition(c -> c != null && c.getStatus() != null && c.getStatus().getConditions().stream()
                                .anyMatch(x -> "Established".equals(x.getType()) && "True".equals(x.getStatus())), 30, TimeUnit.SECONDS);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The kubeconfig file of the running server, for tools such as kubectl. */
    public static Path kubeconfig() {
        return kubeconfig;
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
