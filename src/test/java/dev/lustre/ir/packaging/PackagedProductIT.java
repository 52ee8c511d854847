package dev.lustre.ir.packaging;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import java.util.zip.ZipFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The product as it is packaged (target/quarkus-app, what the image holds and what runs privileged
 * on nodes): the operator and the agent, and none of the fixtures the tests and the sandbox use.
 * Runs after {@code package}, under failsafe.
 */
class PackagedProductIT {
    private static final Path APP = Path.of("target", "quarkus-app");
    private static final List<String> FIXTURE_PACKAGES = List.of(
            "dev/lustre/ir/sim/", "dev/lustre/ir/noderuntime/", "dev/lustre/ir/sandbox/", "dev/lustre/ir/testing/",
            "dev/lustre/ir/e2e/", "io/fabric8/kubeapitest/");
    private static final List<String> TEST_ONLY_JARS = List.of("kube-api-test", "junit", "awaitility", "quarkus-junit");

    @Test
    void theQuarkusAppHoldsNoFixtureClassOrTestJar() throws IOException {
        List<Path> jars = jarsUnder(APP);
        assertTrue(jars.stream().anyMatch(j -> j.getFileName().toString().startsWith("lustre-ir-operator")),
                "the product's own jar is packaged: " + jars);
        List<String> found = new ArrayList<>();
        for (Path jar : jars) {
            String name = jar.getFileName().toString();
            TEST_ONLY_JARS.stream().filter(name::contains).forEach(t -> found.add(jar + " (a test-scope library)"));
            try (ZipFile zip = new ZipFile(jar.toFile())) {
                // Files only: a build over an older tree may leave an empty package directory behind.
                zip.stream().filter(e -> !e.isDirectory()).map(e -> e.getName())
                        .filter(entry -> FIXTURE_PACKAGES.stream().anyMatch(entry::startsWith))
                        .forEach(entry -> found.add(jar.getFileName() + "!" + entry));
            }
        }
        assertEquals(List.of(), found, "fixtures or test libraries in the product");
        try (ZipFile zip = new ZipFile(productJar().toFile())) {
            assertTrue(zip.getEntry("dev/lustre/ir/agent/AgentMain.class") != null, "the agent is in the product");
            assertTrue(zip.getEntry("dev/lustre/ir/operator/LustreFailoverReconciler.class") != null, "the operator is in the product");
        }
    }

    @Test
    void theProductJarRunsTheAgentWithoutBootingTheOperator() throws Exception {
        Process p = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-jar", APP.resolve("quarkus-run.jar").toString(), "agent", "reconnect", "--target", "not a target")
                .redirectErrorStream(false).start();
        assertTrue(p.waitFor(30, TimeUnit.SECONDS), "the agent answers at once");
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        JsonNode json = new ObjectMapper().readTree(out);
        assertFalse(json.path("ok").asBoolean(true), out);
        assertTrue(json.path("message").asText().contains("invalid target"), "names the bad argument: " + out);
        assertTrue(p.exitValue() != 0, "a refused argument is a failure");
    }

    /**
     * {@code agent serve} from the packaged jar, outside Quarkus: the fabric8 client is built and makes
     * its requests (to an API server that is not there, so each fails and is retried at its next turn),
     * and SIGTERM stops it.
     */
    @Test
    void theProductJarServesWithTheKubernetesClientAndStopsOnSigterm(@TempDir Path dir) throws Exception {
        int closedPort;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closedPort = s.getLocalPort();
        }
        Path kubeconfig = Files.writeString(dir.resolve("agent.kubeconfig"), """
                apiVersion: v1
                kind: Config
                clusters: [{name: c, cluster: {server: "https://127.0.0.1:%d", insecure-skip-tls-verify: true}}]
                users: [{name: agent, user: {token: not-a-token}}]
                contexts: [{name: agent, context: {cluster: c, user: agent}}]
                current-context: agent
                """.formatted(closedPort));
        Path log = dir.resolve("agent.log");
        Process p = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-jar", APP.resolve("quarkus-run.jar").toString(), "agent", "serve", "--node", "c001",
                "--namespace", "lustre-ir", "--kubeconfig", kubeconfig.toString(), "--lctl", "/bin/false")
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        try {
            await().atMost(Duration.ofSeconds(60)).until(() -> Files.readString(log).contains("cannot renew the Lease") || !p.isAlive());
            assertTrue(p.isAlive(), "a failed request does not stop it: " + Files.readString(log));
            p.destroy();
            assertTrue(p.waitFor(30, TimeUnit.SECONDS), "stops on SIGTERM");
        } finally {
            p.destroyForcibly();
        }
        String printed = Files.readString(log);
        assertTrue(printed.contains("cannot renew the Lease lustre-ir-agent-c001"), printed);
        assertTrue(printed.contains("agent serve: stopped"), printed);
        assertFalse(printed.contains("Quarkus"), "the operator did not boot: " + printed);
        assertEquals(143, p.exitValue(), printed);
    }

    @Test
    void theProductJarRefusesABadServeArgumentNamingIt() throws Exception {
        Process p = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-jar", APP.resolve("quarkus-run.jar").toString(), "agent", "serve", "--node", "c001;reboot",
                "--namespace", "lustre-ir").redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(30, TimeUnit.SECONDS));
        assertEquals(2, p.exitValue(), out);
        assertTrue(out.contains("agent serve: --node 'c001;reboot' is not a Kubernetes node name"), out);
    }

    /** What the image's smoke test runs: the agent's usage, every command in it, exit 0. */
    @Test
    void theProductJarPrintsTheAgentsUsage() throws Exception {
        Process p = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-jar", APP.resolve("quarkus-run.jar").toString(), "agent", "--help").redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(30, TimeUnit.SECONDS));
        assertEquals(0, p.exitValue(), out);
        for (String command : List.of("reconnect", "inspect-server", "close-window", "serve", "facts", "decide")) {
            assertTrue(out.contains("agent " + command + " "), command + " in: " + out);
        }
    }

    private static Path productJar() throws IOException {
        return jarsUnder(APP.resolve("app")).stream().findFirst().orElseThrow();
    }

    private static List<Path> jarsUnder(Path dir) throws IOException {
        try (Stream<Path> s = Files.walk(dir)) {
            return s.filter(p -> p.toString().endsWith(".jar")).sorted().toList();
        }
    }
}
