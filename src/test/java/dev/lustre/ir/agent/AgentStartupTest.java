package dev.lustre.ir.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.lustre.ir.sandbox.AgentStartup;
import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Spawns a real JVM running AgentMain against a tiny fake lctl (a shell script standing in for the
 * host's lctl): the agent runs on its own, from the test classpath and from only what it needs, and
 * prints one JSON line. How long it takes is the benchmark's figure, not this test's.
 */
class AgentStartupTest {
    @Test
    void theAgentRunsInAJvmOfItsOwnFromOnlyWhatItNeeds(@TempDir Path dir) throws Exception {
        Path lctl = AgentStartup.writeFakeLctl(dir);

        String out = runAgent(System.getProperty("java.class.path"), lctl);
        // The same with only what the agent needs: the test classpath holds ~270 jars, and the JVM
        // opens them in order while it looks for Jackson; an image should not pay for that.
        String minimal = String.join(File.pathSeparator, location(Agent.class), location(JsonFactory.class),
                location(ObjectMapper.class), location(JsonProperty.class));
        String out2 = runAgent(minimal, lctl);
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

    private static String runAgent(String classpath, Path lctl) throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> cmd = List.of(java, "-cp", classpath, "dev.lustre.ir.agent.AgentMain", "inspect-server",
                "--target", "lustre-OST0001", "--lctl", lctl.toString());
        Process p = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.INHERIT)
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null"))).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(60, TimeUnit.SECONDS));
        assertEquals(0, p.exitValue(), out);
        return out;
    }

    private static String location(Class<?> c) throws Exception {
        return Path.of(c.getProtectionDomain().getCodeSource().getLocation().toURI()).toString();
    }
}
