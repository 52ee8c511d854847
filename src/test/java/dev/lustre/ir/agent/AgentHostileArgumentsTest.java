package dev.lustre.ir.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.lustre.ir.lustre.CommandResult;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Hostile values for every option of the agent's command line (shell metacharacters, path
 * traversal, empty, huge, Unicode look-alikes, control characters): each run exits 2 with a
 * BadArguments report that names the option, and nothing reaches lctl, as proven by a runner
 * factory that records whether it was ever asked for a runner and every argv it would have run.
 */
class AgentHostileArgumentsTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String HUGE = "a".repeat(100_000);
    /** Values no option may accept: each is tried in every option that takes a value from a round. */
    private static final List<String> HOSTILE = List.of(
            "x;reboot", "$(id)", "`id`", "a\nb", "a && rm -rf /", "a | nc evil 1", "../../etc/passwd", "", " ", HUGE,
            "\u041e", "\uff10\uff11", "a\u0000b", "a\u202eb");

    /** (option, argv with {@code V} in place of the value) for each option that carries a value from a round. */
    private static final List<List<String>> TEMPLATES = List.of(
            List.of("--target", "reconnect --target V --nid 10.0.0.12@o2ib"),
            List.of("--nid", "reconnect --target lustre-OST0001 --nid V"),
            List.of("--nid", "reconnect --target lustre-OST0001 --nid 10.0.0.12@o2ib --nid V"),
            List.of("--instance", "reconnect --target lustre-OST0001 --nid 10.0.0.12@o2ib --instance V"),
            List.of("--timeout", "reconnect --target lustre-OST0001 --nid 10.0.0.12@o2ib --timeout V"),
            List.of("--target", "inspect-server --target V"),
            List.of("--fsname", "inspect-server --target lustre-OST0001 --fsname V"),
            List.of("--target", "close-window --target V --abort"),
            List.of("--evict-uuid", "close-window --target lustre-OST0001 --evict-uuid V"),
            List.of("--evict-uuid", "close-window --target lustre-OST0001 --evict-uuid 54b91eab-0ea9 --evict-uuid V"),
            List.of("--timeout", "close-window --target lustre-OST0001 --abort --timeout V"));

    private final List<String> factoryCalls = Collections.synchronizedList(new ArrayList<>());
    private final List<List<String>> lctlCalls = Collections.synchronizedList(new ArrayList<>());

    private AgentOutcome run(List<String> argv) {
        return Agent.run(argv, prefix -> {
            factoryCalls.add(String.join(" ", prefix));
            return args -> {
                lctlCalls.add(List.copyOf(args));
                return new CommandResult(0, "", "");
            };
        }, Sleeper.real(), Clock.systemUTC());
    }

    private static List<String> argv(String template, String value) {
        List<String> words = new ArrayList<>();
        for (String w : template.split(" ")) {
            words.add(w.equals("V") ? value : w);
        }
        return words;
    }

    @Test
    void everyHostileValueOfEveryOptionIsRefusedNamingTheOptionAndNothingRuns() throws Exception {
        int runs = 0;
        List<String> violations = new ArrayList<>();
        for (List<String> t : TEMPLATES) {
            String option = t.get(0);
            List<String> values = new ArrayList<>(HOSTILE);
            values.addAll(extras(option));
            for (String value : values) {
                List<String> argv = argv(t.get(1), value);
                AgentOutcome outcome = run(argv);
                runs++;
                JsonNode report = JSON.readTree(outcome.json());
                String message = report.path("message").asText();
                String shown = AgentArguments.printable(value);
                if (outcome.exitCode() != AgentOutcome.BAD_ARGUMENTS || !"BadArguments".equals(report.path("error").asText())) {
                    violations.add(option + " '" + shown + "': exit " + outcome.exitCode() + " " + outcome.json());
                } else if (!message.contains(option)) {
                    violations.add(option + " '" + shown + "': the message does not name " + option + ": " + message);
                } else if (outcome.json().length() > 4096) {
                    violations.add(option + " '" + shown + "': a report of " + outcome.json().length() + " bytes");
                } else if (message.chars().anyMatch(c -> c < 0x20)) {
                    violations.add(option + " '" + shown + "': a control character in the message");
                }
            }
        }
        System.out.printf("[agent-args] hostile command lines: %d, refused with exit 2 naming the option: %d, runners made: %d,"
                + " lctl calls: %d, violations: %d%n", runs, runs - violations.size(), factoryCalls.size(), lctlCalls.size(),
                violations.size());
        assertEquals(List.of(), violations);
        assertEquals(List.of(), factoryCalls, "no lctl runner was even made");
        assertEquals(List.of(), lctlCalls, "nothing reached lctl");
    }

    /** Values hostile for one option only (valid shapes elsewhere). */
    private static List<String> extras(String option) {
        return switch (option) {
            case "--target" -> List.of("lustre-\u041eST0001", "lustre-OST\uff10\uff10\uff10\uff11", "lustre-OST0001;id",
                    "lustre-OST0001/../x", "lustre-OST00001");
            case "--nid" -> List.of("10.0.0.12\uff20o2ib", "10.0.0.12@o2ib;id", "$(reboot)@tcp", "1".repeat(200) + "@tcp",
                    "10.0.0.12@O2IB");
            case "--instance" -> List.of("-1", "4294967296", "99999999999", "5;id", "\u0665", "1e3", "0x10");
            case "--timeout" -> List.of("1h;reboot", "-5s", "25h", "9".repeat(40) + "h", "\u0663s", "5", "1d");
            case "--fsname" -> List.of("lustre$(id)", "averylongname", "lustr\u0435");
            case "--evict-uuid" -> List.of("lustre-MDT0000-mdtlov_UUID", "a".repeat(40), "-leadingdash", "\uff41\uff42");
            default -> List.of();
        };
    }

    @Test
    void aResidentAgentsAndASitesNodeNameAndNamespaceAreCheckedTheSameWay() throws Exception {
        Path log = Files.createTempFile("termination", ".log");
        int runs = 0;
        for (String value : Stream.concat(HOSTILE.stream(), Stream.of("C001", "c001.", "-c001", "a".repeat(254))).toList()) {
            for (List<String> argv : List.of(List.of("serve", "--node", value, "--namespace", "lustre-ir"),
                    List.of("serve", "--node", "c001", "--namespace", value))) {
                ByteArrayOutputStream err = new ByteArrayOutputStream();
                int rc = ServeCommand.run(argv, new PrintStream(err, true, StandardCharsets.UTF_8), log);
                String option = argv.get(2).equals(value) ? "--node" : "--namespace";
                String text = err.toString(StandardCharsets.UTF_8);
                assertEquals(AgentOutcome.BAD_ARGUMENTS, rc, option + " " + AgentArguments.printable(value) + ": " + text);
                assertTrue(text.contains(option), option + ": " + text);
                runs++;
            }
            AgentOutcome facts = SiteCommands.run(List.of("facts", "--node", value), prefix -> {
                factoryCalls.add(String.join(" ", prefix));
                return args -> new CommandResult(0, "", "");
            }, Clock.systemUTC());
            assertEquals(AgentOutcome.BAD_ARGUMENTS, facts.exitCode(), facts.json());
            assertTrue(JSON.readTree(facts.json()).path("message").asText().contains("--node"), facts.json());
            runs++;
        }
        assertEquals(List.of(), factoryCalls, "no lctl runner was made");
        System.out.printf("[agent-args] hostile serve/facts command lines: %d, all refused with exit 2%n", runs);
    }
}
