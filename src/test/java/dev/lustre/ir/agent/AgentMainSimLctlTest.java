package dev.lustre.ir.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;

import dev.lustre.ir.sim.SimLctlMain;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The real entry point with real processes: AgentMain runs lctl through ProcessBuilder, and
 * {@code --lctl} points at the simulator's stand-alone lctl wrapper (scripts/lctl-sim) over a state
 * file, as a Job on a sandbox node would.
 */
class AgentMainSimLctlTest {
    @Test
    void reconnectAndInspectThroughTheLctlSimWrapper(@TempDir Path dir) throws Exception {
        Path state = dir.resolve("sim.json");
        // The simulated target runs on the wall clock: the second client the target waits for is one
        // that never comes back (outside the roster, down), so a slow machine cannot let it reconnect
        // on its own before the inspection below.
        assertEquals(0, SimLctlMain.run(new String[] {"init", "--state", state.toString(), "--clients", "1",
                "--outside-clients", "1:down", "--ir", "off", "--failover"}));
        Path wrapper = Path.of("scripts", "lctl-sim").toAbsolutePath();
        assertTrue(Files.isExecutable(wrapper), "scripts/lctl-sim is executable");
        String cp = System.getProperty("java.class.path");
        assertTrue(!cp.isEmpty() && !cp.matches(".*\\s.*"), "--lctl is split on whitespace: the classpath must have none");
        String lctl = "env LUSTRE_IR_CLASSPATH=" + cp + " " + wrapper + " --state " + state + " --node ";
        Path terminationLog = Files.createFile(dir.resolve("termination-log"));

        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int rc = AgentMain.run(new String[] {"reconnect", "--target", "lustre-OST0001", "--nid", "10.0.0.12@tcp",
                "--instance", "5", "--lctl", lctl + "c001"}, new PrintStream(out, true, StandardCharsets.UTF_8),
                terminationLog);

        String printed = out.toString(StandardCharsets.UTF_8);
        assertEquals(0, rc, printed);
        assertEquals(printed.strip(), Files.readString(terminationLog), "the same JSON goes to the termination log");
        JsonNode j = SimAgentSupport.parse(printed);
        assertTrue(j.get("ok").asBoolean());
        JsonNode d = j.get("devices").get(0);
        assertEquals("import", d.get("action").asText());
        assertEquals("10.0.0.12@tcp", d.get("connection").asText());
        assertEquals(1, j.get("uuids").size());

        ByteArrayOutputStream out2 = new ByteArrayOutputStream();
        int rc2 = AgentMain.run(new String[] {"inspect-server", "--target", "lustre-OST0001", "--lctl", lctl + "oss2"},
                new PrintStream(out2, true, StandardCharsets.UTF_8), dir.resolve("absent-termination-log"));
        JsonNode k = SimAgentSupport.parse(out2.toString(StandardCharsets.UTF_8));
        assertEquals(0, rc2, k.toString());
        assertEquals("RECOVERING", k.get("recovery").get("status").asText());
        assertEquals(1, k.get("recovery").get("connected").asInt());
        assertEquals(2, k.get("recovery").get("total").asInt());
        assertEquals(1, k.get("staleCount").asInt());
        assertTrue(Files.notExists(dir.resolve("absent-termination-log")), "only written when it exists");
    }

    @Test
    void lctlThatCannotBeStartedIsAnLctlFailure(@TempDir Path dir) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int rc = AgentMain.run(new String[] {"inspect-server", "--target", "lustre-OST0001", "--lctl",
                dir.resolve("no-such-lctl").toString()}, new PrintStream(out, true, StandardCharsets.UTF_8), null);
        JsonNode j = SimAgentSupport.parse(out.toString(StandardCharsets.UTF_8));
        assertEquals(1, rc);
        assertEquals("LctlFailed", j.get("error").asText());
        assertTrue(j.get("message").asText().contains("cannot run"), j.get("message").asText());
    }
}
