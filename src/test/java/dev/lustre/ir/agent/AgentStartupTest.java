package dev.lustre.ir.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Spawns a real JVM running AgentMain against a tiny fake lctl (a shell script standing in for the
 * host's lctl, so only the agent's own start-up is measured) and reports the time from JVM start
 * to JSON out. No timed assertion: the number is for the log.
 */
class AgentStartupTest {
    private static final String FAKE_LCTL = """
            #!/bin/sh
            case "$*" in
              "get_param obdfilter.lustre-OST0001.recovery_status")
                printf 'obdfilter.lustre-OST0001.recovery_status=\\nstatus: RECOVERING\\nrecovery_start: 1781484433\\ntime_remaining: 119\\nconnected_clients: 3/7\\nreq_replay_clients: 0\\nlock_repay_clients: 0\\ncompleted_clients: 3\\nevicted_clients: 0\\n' ;;
              "get_param -n obdfilter.lustre-OST0001.instance") echo 5 ;;
              "get_param -n obdfilter.lustre-OST0001.recovery_stale_clients") printf 'c1\\nc2\\n' ;;
              *) echo "error: get_param: param_path '$2': No such file or directory" >&2; exit 2 ;;
            esac
            """;

    @Test
    void agentStartUpIsMeasuredFromJvmStartToJsonOut(@TempDir Path dir) throws Exception {
        Path lctl = dir.resolve("lctl");
        Files.writeString(lctl, FAKE_LCTL);
        Files.setPosixFilePermissions(lctl, PosixFilePermissions.fromString("rwxr-xr-x"));

        String out = runAgent(System.getProperty("java.class.path"), lctl, "agent start-up: %d ms (JVM start to JSON out)");
        // The same with only what the agent needs: the test classpath holds ~270 jars, and the JVM
        // opens them in order while it looks for Jackson; an image should not pay for that.
        String minimal = String.join(File.pathSeparator, location(Agent.class), location(JsonFactory.class),
                location(ObjectMapper.class), location(JsonProperty.class));
        String out2 = runAgent(minimal, lctl,
                "agent start-up: %d ms (JVM start to JSON out; classpath = agent classes + Jackson)");
        assertEquals(out, out2);

        assertEquals(1, out.strip().lines().count(), "exactly one JSON line: " + out);
        JsonNode json = new ObjectMapper().readTree(out);
        assertEquals("inspect-server", json.get("command").asText());
        assertTrue(json.get("ok").asBoolean());
        assertEquals("RECOVERING", json.get("recovery").get("status").asText());
        assertEquals(7, json.get("recovery").get("total").asInt());
        assertEquals(5, json.get("instance").asInt());
        assertEquals(List.of("c1", "c2"), List.of(json.get("staleClients").get(0).asText(),
                json.get("staleClients").get(1).asText()));
        assertTrue(json.get("irState").isNull(), "no MGS on this node");
    }

    private static String runAgent(String classpath, Path lctl, String report) throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> cmd = List.of(java, "-cp", classpath, "dev.lustre.ir.agent.AgentMain", "inspect-server",
                "--target", "lustre-OST0001", "--lctl", lctl.toString());
        long start = System.nanoTime();
        Process p = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.INHERIT)
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null"))).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(60, TimeUnit.SECONDS));
        long ms = (System.nanoTime() - start) / 1_000_000;
        System.out.println(String.format(report, ms));
        assertEquals(0, p.exitValue(), out);
        return out;
    }

    private static String location(Class<?> c) throws Exception {
        return Path.of(c.getProtectionDomain().getCodeSource().getLocation().toURI()).toString();
    }
}
