package dev.lustre.ir.sandbox;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The operator, as users run it: the product's own jar in its own JVM, pointed at the sandbox's
 * API server by a kubeconfig. Being a process of its own, its CPU time and heap are its own.
 */
public final class OperatorProcess implements AutoCloseable {
    public static final String USER_AGENT = "lustre-ir-operator";
    private final Process process;
    private final int port;
    private final HttpClient http = HttpClient.newHttpClient();
    private volatile long peakHeapBytes;

    private OperatorProcess(Process process, int port) {
        this.process = process;
        this.port = port;
    }

    /**
     * The sandbox's one operator, without leader election: with a single replica there is nobody to
     * hand over to, and on this machine's loaded API server a Lease renewal that misses its 10 s
     * deadline would stop the only operator mid-round (as it should stop one of two replicas).
     */
    public static OperatorProcess start(Path jar, Path kubeconfig, Path log) throws IOException, InterruptedException {
        OperatorProcess op = launch(jar, kubeconfig, log, false);
        op.awaitHealth("ready", Duration.ofSeconds(60));
        return op;
    }

    /** One of two or more replicas, with leader election as deployed; awaited until it is ready. */
    public static OperatorProcess startReplica(Path jar, Path kubeconfig, Path log) throws IOException, InterruptedException {
        OperatorProcess op = launch(jar, kubeconfig, log, true);
        op.awaitHealth("ready", Duration.ofSeconds(60));
        return op;
    }

    /**
     * A second replica: it runs and answers health checks, but reconciles nothing until it holds the
     * leader's Lease, so only its liveness is awaited.
     */
    public static OperatorProcess startStandby(Path jar, Path kubeconfig, Path log) throws IOException, InterruptedException {
        OperatorProcess op = launch(jar, kubeconfig, log, true);
        op.awaitHealth("live", Duration.ofSeconds(60));
        return op;
    }

    private static OperatorProcess launch(Path jar, Path kubeconfig, Path log, boolean leaderElection) throws IOException {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx1g", "-Dquarkus.http.port=" + port, "-Dquarkus.http.host=127.0.0.1",
                "-Dquarkus.kubernetes-client.namespace=default",
                // The sandbox's objects are in default, not in the operator's own namespace of a cluster.
                "-Dquarkus.operator-sdk.controllers.lustrefailover.namespaces=default",
                // Each replica's requests told apart in the audit log (counted together by the prefix).
                "-Dkubernetes.user.agent=" + USER_AGENT + "/operator-" + port,
                // Each process its own name in the leader's Lease, whatever HOSTNAME says.
                "-Dlustre-ir.leader-election.identity=operator-" + port,
                // Leader election is active in the prod profile only (LeaderElection).
                "-Dquarkus.profile=" + (leaderElection ? "prod" : "single-replica"),
                "-jar", jar.toAbsolutePath().toString()));
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile());
        pb.environment().put("KUBECONFIG", kubeconfig.toString());

        return new OperatorProcess(pb.start(), port);
    }

    /** This process's user agent: {@link #USER_AGENT}, a slash, its identity. */
    public String userAgent() {
        return USER_AGENT + "/" + identity();
    }

    /** This process's name in the leader's Lease. */
    public String identity() {
        return "operator-" + port;
    }

    /** SIGKILL, as a node failure or the OOM killer ends it: no shutdown hook, no Lease released. */
    public void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor();
    }

    private void awaitHealth(String check, Duration within) throws InterruptedException, IOException {
        Instant until = Instant.now().plus(within);
        while (Instant.now().isBefore(until)) {
            if (!process.isAlive()) {
                throw new IOException("the operator exited with " + process.exitValue() + " (see its log)");
            }
            try {
                HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/q/health/" + check)).build(),
                        HttpResponse.BodyHandlers.ofString());
                if (r.statusCode() == 200) {
                    return;
                }
            } catch (IOException e) {
                // not listening yet
            }
            Thread.sleep(200);
        }
        throw new IOException("the operator was not " + check + " within " + within);
    }

    /** Samples the heap in use from the operator's own metrics; keeps the peak. */
    public void sampleHeap() {
        try {
            String metrics = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/q/metrics")).build(),
                    HttpResponse.BodyHandlers.ofString()).body();
            long used = metrics.lines().filter(l -> l.startsWith("jvm_memory_used_bytes{") && l.contains("area=\"heap\""))
                    .mapToLong(l -> (long) Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1))).sum();
            peakHeapBytes = Math.max(peakHeapBytes, used);
        } catch (IOException | RuntimeException e) {
            // a missed sample only lowers the peak's precision
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    public void resetPeakHeap() {
        peakHeapBytes = 0;
    }

    public long peakHeapBytes() {
        return peakHeapBytes;
    }

    /** User + system CPU seconds of the operator process so far (Linux /proc). */
    public double cpuSeconds() {
        try {
            String stat = Files.readString(Path.of("/proc", Long.toString(process.pid()), "stat"));
            String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            long ticks = Long.parseLong(f[11]) + Long.parseLong(f[12]);
            return ticks / 100.0;
        } catch (IOException | RuntimeException e) {
            return Double.NaN;
        }
    }

    public int port() {
        return port;
    }

    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
    }
}
