package dev.lustre.ir.sandbox;

import io.fabric8.kubeapitest.KubeAPIServer;
import io.fabric8.kubeapitest.KubeAPIServerConfigBuilder;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * etcd + kube-apiserver on loopback (through kube-api-test, offline), with an audit log so that
 * the requests of each client can be counted, and a kubeconfig file for the operator and kubectl.
 */
public final class LocalApiServer implements AutoCloseable {
    public static final String VERSION = "1.20.2";
    private final KubeAPIServer server;
    private final Path kubeconfig;
    private final Path auditLog;

    private LocalApiServer(KubeAPIServer server, Path kubeconfig, Path auditLog) {
        this.server = server;
        this.kubeconfig = kubeconfig;
        this.auditLog = auditLog;
    }

    public static LocalApiServer start(Path kubeApiTestDir, Path workDir) throws IOException {
        return start(kubeApiTestDir, workDir, true);
    }

    /**
     * @param ttlFeatureGate TTLAfterFinished is alpha in 1.20: without its feature gate the API server
     *     silently drops {@code ttlSecondsAfterFinished}; off only to show that trap
     */
    public static LocalApiServer start(Path kubeApiTestDir, Path workDir, boolean ttlFeatureGate) throws IOException {
        Files.createDirectories(workDir);
        Path policy = workDir.resolve("audit-policy.yaml");
        Files.writeString(policy, """
                apiVersion: audit.k8s.io/v1
                kind: Policy
                omitStages: [RequestReceived]
                rules:
                  - level: Metadata
                """);
        Path audit = workDir.resolve("audit.log").toAbsolutePath();
        try (Stream<Path> old = Files.list(workDir)) {
            // this log and the parts the API server rotated away in an earlier run
            for (Path f : old.filter(f -> f.getFileName().toString().matches("audit(-.*)?\\.log")).toList()) {
                Files.delete(f);
            }
        }
        List<String> flags = new ArrayList<>(List.of("--audit-policy-file=" + policy.toAbsolutePath(), "--audit-log-path=" + audit,
                // blocking: every request is written before it is answered, so a count read after a
                // round is exact (batch mode drops events when its buffer is full, and lags)
                "--audit-log-format=json", "--audit-log-mode=blocking"));
        if (ttlFeatureGate) {
            flags.add("--feature-gates=TTLAfterFinished=true");
        }
        KubeAPIServer server = new KubeAPIServer(KubeAPIServerConfigBuilder.anAPIServerConfig()
                .withOfflineMode(true).withTestDir(kubeApiTestDir.toString()).withApiServerVersion(VERSION)
                .withUpdateKubeConfig(false).withApiServerFlags(flags).build());
        server.start();
        Path kubeconfig = workDir.resolve("kubeconfig").toAbsolutePath();
        Files.writeString(kubeconfig, server.getKubeConfigYaml());
        return new LocalApiServer(server, kubeconfig, audit);
    }

    public Path kubeconfig() {
        return kubeconfig;
    }

    public Path auditLog() {
        return auditLog;
    }

    /** A client whose requests the audit log tells apart by its user agent. */
    public KubernetesClient client(String userAgent) throws IOException {
        Config config = Config.fromKubeconfig(Files.readString(kubeconfig));
        config.setUserAgent(userAgent);
        config.setMaxConcurrentRequests(256);
        config.setMaxConcurrentRequestsPerHost(256);
        return new KubernetesClientBuilder().withConfig(config).build();
    }

    /** Applies every CRD manifest of {@code dir} and waits until the API serves them. */
    public void applyCrds(KubernetesClient client, Path dir) throws IOException {
        List<Path> files;
        try (Stream<Path> s = Files.list(dir)) {
            files = s.filter(p -> p.getFileName().toString().endsWith(".ir.lustre.dev.yaml")).sorted().toList();
        }
        for (Path f : files) {
            try (InputStream in = Files.newInputStream(f)) {
                client.load(in).serverSideApply();
            }
        }
        for (Path f : files) {
            String name = f.getFileName().toString().replace(".yaml", "");
            client.apiextensions().v1().customResourceDefinitions().withName(name).waitUntilCondition(c -> c != null
                    && c.getStatus() != null && c.getStatus().getConditions().stream()
                            .anyMatch(x -> "Established".equals(x.getType()) && "True".equals(x.getStatus())), 30, TimeUnit.SECONDS);
        }
    }

    @Override
    public void close() {
        server.stop();
    }
}
