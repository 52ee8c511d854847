package dev.lustre.ir.sandbox;

import dev.lustre.ir.api.LustreNode;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * What one resident agent costs its node while nothing happens: a real {@code java -jar
 * quarkus-run.jar agent serve …} process (the product jar, as the DaemonSet and the systemd unit run
 * it) against the API server, its lctl the fake script of {@link AgentStartup}, measured once it has
 * registered: resident memory at the end, and CPU over the window (one lctl read, Lease renewals).
 */
final class IdleAgent {
    static final String NODE = "benchmark-idle-agent";

    /**
     * @param rssMiB     resident set at the end of the window
     * @param cpuPercent CPU over the window, in percent of one core
     */
    record Usage(double rssMiB, double peakRssMiB, double cpuPercent, double seconds) {
    }

    static final Path UNIT = Path.of("manifests", "agents", "systemd", "lustre-ir-agent.service");

    private IdleAgent() {
    }

    /** The unit's environment (its {@code Environment=NAME=value} lines): the JVM flags and malloc's arenas. */
    static Map<String, String> unitEnvironment() throws IOException {
        String prefix = "Environment=";
        Map<String, String> env = new LinkedHashMap<>();
        for (String l : Files.readAllLines(UNIT)) {
            if (l.startsWith(prefix) && l.indexOf('=', prefix.length()) > 0) {
                int eq = l.indexOf('=', prefix.length());
                env.put(l.substring(prefix.length(), eq), l.substring(eq + 1));
            }
        }
        if (!env.containsKey("JAVA_TOOL_OPTIONS")) {
            throw new IOException(UNIT + " sets no JAVA_TOOL_OPTIONS");
        }
        return env;
    }

    static Usage measure(Path productJar, Path kubeconfig, KubernetesClient client, String namespace, Path workDir, Duration window)
            throws IOException, InterruptedException {
        Path lctl = AgentStartup.writeFakeLctl(workDir);
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        ProcessBuilder b = new ProcessBuilder(java, "-jar", productJar.toAbsolutePath().toString(), "agent", "serve", "--node", NODE,
                "--namespace", namespace, "--kubeconfig", kubeconfig.toAbsolutePath().toString(), "--lctl", lctl.toString());
        // The environment the systemd unit ships with: what is measured is what a server runs.
        b.environment().putAll(unitEnvironment());
        Process p = b.redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                .redirectOutput(workDir.resolve("idle-agent.log").toFile()).redirectErrorStream(true).start();
        try {
            Instant until = Instant.now().plusSeconds(60);
            while (!registered(client, namespace)) {
                if (!p.isAlive() || Instant.now().isAfter(until)) {
                    throw new IOException("the idle agent did not register (see idle-agent.log)");
                }
                Thread.sleep(200);
            }
            double cpu0 = cpuSeconds(p.pid());
            long start = System.nanoTime();
            Thread.sleep(window.toMillis());
            double cpu = cpuSeconds(p.pid()) - cpu0;
            double seconds = (System.nanoTime() - start) / 1e9;
            return new Usage(statusKiB(p.pid(), "VmRSS:") / 1024.0, statusKiB(p.pid(), "VmHWM:") / 1024.0,
                    100 * cpu / seconds, seconds);
        } finally {
            p.destroy();
            if (!p.waitFor(15, TimeUnit.SECONDS)) {
                p.destroyForcibly();
            }
            client.resources(LustreNode.class).inNamespace(namespace).withName(NODE).delete();
        }
    }

    private static boolean registered(KubernetesClient client, String namespace) {
        LustreNode n = client.resources(LustreNode.class).inNamespace(namespace).withName(NODE).get();
        return n != null && n.getStatus() != null;
    }

    /** User + system CPU seconds of a process (Linux /proc, 100 ticks a second). */
    static double cpuSeconds(long pid) throws IOException {
        String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
        String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        return (Long.parseLong(f[11]) + Long.parseLong(f[12])) / 100.0;
    }

    private static long statusKiB(long pid, String field) throws IOException {
        return Files.readAllLines(Path.of("/proc", Long.toString(pid), "status")).stream().filter(l -> l.startsWith(field))
                .map(l -> l.substring(field.length()).trim().split("\\s+")[0]).mapToLong(Long::parseLong).findFirst()
                .orElseThrow(() -> new IOException("no " + field + " in /proc/" + pid + "/status"));
    }
}
