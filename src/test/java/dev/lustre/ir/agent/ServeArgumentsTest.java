package dev.lustre.ir.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lustre.ir.report.AgentError;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** {@code agent serve}'s command line: validated like the other agent commands, every refusal naming its option. */
class ServeArgumentsTest {
    @TempDir
    Path dir;

    private static List<String> words(String line) {
        return List.of(line.trim().split(" +"));
    }

    @Test
    void defaults() {
        ServeRequest r = AgentArguments.parseServe(words("serve --node c001 --namespace lustre-ir"));
        assertEquals("c001", r.node());
        assertEquals("lustre-ir", r.namespace());
        assertNull(r.kubeconfig(), "in a pod: the service account");
        assertEquals(AgentArguments.DEFAULT_LCTL_PREFIX, r.lctlPrefix());
        assertEquals(Duration.ofSeconds(30), r.interval());
        assertEquals("lustre-ir-agent-c001", r.leaseName());
        assertEquals(Duration.ofSeconds(40), r.leaseDuration());
        assertEquals(Duration.ofSeconds(10), r.leaseRenewEvery(), "a quarter of it");
    }

    @Test
    void aLongerLeaseForManyAgentsIsRenewedEveryQuarterOfIt() {
        ServeRequest r = AgentArguments.parseServe(words("serve --node c001 --namespace ir --lease-duration 10m"));
        assertEquals(Duration.ofMinutes(10), r.leaseDuration());
        assertEquals(Duration.ofSeconds(150), r.leaseRenewEvery());
    }

    @Test
    void everything() throws Exception {
        Path kubeconfig = Files.writeString(dir.resolve("agent.kubeconfig"), "apiVersion: v1\n");
        ServeRequest r = AgentArguments.parseServe(List.of("serve", "--node=oss2.example.org", "--namespace", "ir",
                "--kubeconfig", kubeconfig.toString(), "--lctl", "/opt/fake/lctl --node oss2", "--interval", "2m"));
        assertEquals("oss2.example.org", r.node());
        assertEquals(kubeconfig, r.kubeconfig());
        assertEquals(List.of("/opt/fake/lctl", "--node", "oss2"), r.lctlPrefix());
        assertEquals(Duration.ofMinutes(2), r.interval());
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "--node                 | serve --namespace lustre-ir",
            "--node                 | serve --node C001 --namespace lustre-ir",
            "--node                 | serve --node c001;reboot --namespace lustre-ir",
            "--node                 | serve --node $(id) --namespace lustre-ir",
            "--namespace            | serve --node c001",
            "--namespace            | serve --node c001 --namespace lustre.ir",
            "--namespace            | serve --node c001 --namespace -ir",
            "--kubeconfig           | serve --node c001 --namespace ir --kubeconfig /no/such/kubeconfig",
            "--interval             | serve --node c001 --namespace ir --interval 500ms",
            "--interval             | serve --node c001 --namespace ir --interval 25h",
            "--interval             | serve --node c001 --namespace ir --interval often",
            "--lctl                 | serve --node c001 --namespace ir --lctl",
            "--target               | serve --node c001 --namespace ir --target lustre-OST0001",
            "--node                 | serve --node c001 --node c002 --namespace ir",
            "--lease-duration       | serve --node c001 --namespace ir --lease-duration 3s",
            "--lease-duration       | serve --node c001 --namespace ir --lease-duration 2h",
            "--lease-duration       | serve --node c001 --namespace ir --lease-duration 10500ms",
            "--lease-duration       | serve --node c001 --namespace ir --lease-duration long",
    })
    void refusesNamingTheOption(String option, String line) {
        AgentException e = assertThrows(AgentException.class, () -> AgentArguments.parseServe(words(line)));
        assertEquals(AgentError.BadArguments, e.error());
        assertTrue(e.getMessage().contains(option), "names " + option + ": " + e.getMessage());
    }

    @Test
    void aNodeNameTooLongForItsLeaseIsRefused() {
        String fits = "n".repeat(237);
        assertEquals(fits, AgentArguments.parseServe(List.of("serve", "--node", fits, "--namespace", "ir")).node());
        AgentException e = assertThrows(AgentException.class,
                () -> AgentArguments.parseServe(List.of("serve", "--node", fits + "n", "--namespace", "ir")));
        assertTrue(e.getMessage().contains("--node") && e.getMessage().contains("237"), e.getMessage());
    }

    @Test
    void theProcessRefusesBadArgumentsWithExitCodeTwoBeforeConnectingAnywhere() throws Exception {
        Path terminationLog = Files.createFile(dir.resolve("termination-log"));
        ByteArrayOutputStream log = new ByteArrayOutputStream();
        List<String> args = new ArrayList<>(words("serve --node c001 --namespace ir --interval 0s"));
        int rc = ServeCommand.run(args, new PrintStream(log, true, StandardCharsets.UTF_8), terminationLog);
        String printed = log.toString(StandardCharsets.UTF_8);
        assertEquals(AgentOutcome.BAD_ARGUMENTS, rc, printed);
        assertTrue(printed.startsWith("agent serve: --interval"), printed);
        assertEquals(printed.strip(), Files.readString(terminationLog), "the pod's termination message says why");
    }
}
