package dev.lustre.ir.sim;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The stand-alone lctl over a JSON state file, as shell and Ansible tests use it. */
class SimLctlMainTest {

    @TempDir
    Path dir;

    private record Run(int rc, String out, String err) {
    }

    private Run run(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int rc = SimLctlMain.run(args, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        return new Run(rc, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    @Test
    void stateFilePersistsBetweenInvocations() throws Exception {
        String state = dir.resolve("sim.json").toString();
        Run init = run("init", "--state", state, "--clients", "4", "--dead", "1", "--ir", "off", "--seed", "7", "--failover");
        assertEquals(0, init.rc, init.err);
        assertTrue(Files.size(Path.of(state)) > 0);

        Run status = run("--state", state, "--node", "oss2", "get_param", "-n", "obdfilter.lustre-OST0001.recovery_status");
        assertEquals(0, status.rc, status.err);
        assertEquals("status: WAITING_FOR_CLIENTS\n", status.out);

        Run inst = run("--state", state, "--node", "oss2", "get_param", "-n", "obdfilter.lustre-OST0001.instance");
        assertEquals("5\n", inst.out);

        Run dl = run("--state", state, "--node", "c001", "dl");
        assertEquals(0, dl.rc);
        String dev = dl.out.lines().filter(l -> l.contains(" osc ")).findFirst().orElseThrow().trim().split(" +")[3];

        Run set = run("--state", state, "--node", "c001", "set_param", "osc." + dev + ".import=connection=10.0.0.12@tcp::5");
        assertEquals(0, set.rc, set.err);
        assertEquals("osc." + dev + ".import=connection=10.0.0.12@tcp::5\n", set.out);

        Thread.sleep(400); // wall clock drives the state file: the 200 ms connect is done
        Run after = run("--state", state, "--node", "oss2", "get_param", "-n", "obdfilter.lustre-OST0001.recovery_status");
        assertTrue(after.out.startsWith("status: RECOVERING\n"), after.out);
        assertTrue(after.out.contains("connected_clients: 1/4\n"), after.out);

        Run st = run("status", "--state", state);
        assertEquals(0, st.rc, st.err);
        JsonNode json = new ObjectMapper().readTree(st.out);
        assertEquals("RECOVERING", json.get("status").asText());
        assertEquals(1, json.get("connected").asInt());

        JsonNode dead = null;
        for (JsonNode c : json.get("clients")) {
            if (!c.get("alive").asBoolean()) {
                dead = c;
            }
        }
        Run deadLctl = run("--state", state, "--node", dead.get("node").asText(), "dl");
        assertEquals(255, deadLctl.rc);
        assertTrue(deadLctl.err.contains("node is down"), deadLctl.err);

        Run evict = run("--state", state, "--node", "oss2", "set_param", "obdfilter.lustre-OST0001.evict_client=uuid:" + dead.get("uuid").asText());
        assertEquals(0, evict.rc, evict.err);
        Run evicted = run("--state", state, "--node", "oss2", "get_param", "-n", "obdfilter.lustre-OST0001.recovery_status");
        assertTrue(evicted.out.contains("evicted_clients: 1\n"), evicted.out);

        Run bad = run("--state", state, "--node", "oss2", "get_param", "obdfilter.lustre-OST0001.nope");
        assertEquals(2, bad.rc);
        assertEquals("error: get_param: param_path 'obdfilter/lustre-OST0001/nope': No such file or directory\n", bad.err);
    }

    @Test
    void timeScaleMakesTheWindowPassQuickly() throws Exception {
        String state = dir.resolve("fast.json").toString();
        assertEquals(0, run("init", "--state", state, "--clients", "3", "--ir", "on", "--time-scale", "200", "--failover").rc);
        Thread.sleep(150); // 30 s simulated: IR brought everyone back within 10 s
        Run status = run("--state", state, "--node", "oss2", "get_param", "-n", "obdfilter.*.recovery_status");
        assertTrue(status.out.startsWith("status: COMPLETE\n"), status.out);
        assertTrue(status.out.contains("IR: ENABLED\n"), status.out);
        Run failover = run("failover", "--state", state);
        assertEquals(0, failover.rc, failover.err);
        assertTrue(failover.out.contains("to oss1 (instance 6)"), failover.out);
    }

    @Test
    void atMaxZeroKeepsClientsWithoutHelpAwayFor105Seconds() throws Exception {
        // time scale 400: 150 ms of wall clock are 60 s simulated. With adaptive timeouts (the default)
        // every client is back within 41.2 s (103 ms wall); with --at-max 0 nobody is before
        // 105 s (262 ms wall), which leaves ~110 ms for the invocations themselves
        String adaptive = dir.resolve("at.json").toString();
        String fixed = dir.resolve("at0.json").toString();
        Run a = run("init", "--state", adaptive, "--clients", "3", "--ir", "off", "--time-scale", "400", "--seed", "3", "--failover");
        assertEquals(0, a.rc, a.err);
        Run f = run("init", "--state", fixed, "--clients", "3", "--ir", "off", "--time-scale", "400", "--seed", "3", "--at-max", "0", "--failover");
        assertEquals(0, f.rc, f.err);
        Thread.sleep(150);
        JsonNode fixedStatus = new ObjectMapper().readTree(run("status", "--state", fixed).out);
        JsonNode adaptiveStatus = new ObjectMapper().readTree(run("status", "--state", adaptive).out);
        assertEquals(0, fixedStatus.get("connected").asInt(), fixedStatus.toString());
        assertEquals("WAITING_FOR_CLIENTS", fixedStatus.get("status").asText());
        assertTrue(!adaptiveStatus.get("status").asText().equals("WAITING_FOR_CLIENTS"), adaptiveStatus.toString());
        assertEquals(1, run("init", "--state", dir.resolve("bad.json").toString(), "--at-max", "-1").rc, "at_max < 0 is refused");
    }

    @Test
    void usageErrors() {
        assertEquals(1, run().rc);
        assertEquals(1, run("--state", dir.resolve("x.json").toString()).rc);
        assertEquals(1, run("init", "--clients", "3").rc);
    }
}
