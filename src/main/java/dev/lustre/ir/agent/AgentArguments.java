package dev.lustre.ir.agent;

import dev.lustre.ir.api.ApiGroup;
import dev.lustre.ir.api.Patterns;
import dev.lustre.ir.lustre.InvalidLustreValueException;
import dev.lustre.ir.lustre.LustreNames;
import dev.lustre.ir.lustre.TargetName;
import dev.lustre.ir.policy.Durations;
import dev.lustre.ir.report.AgentError;
import dev.lustre.ir.report.CloseWindowReport;
import dev.lustre.ir.report.InspectServerReport;
import dev.lustre.ir.report.ReconnectReport;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;
import java.util.regex.Pattern;

/**
 * Parses the agent's command line (the words after {@code agent}):
 * <pre>
 * reconnect      --target T --nid NID [--nid NID2…] [--instance N] [--timeout 60s] [--lctl "CMD…"]
 * inspect-server --target T [--fsname F] [--lctl "CMD…"]
 * close-window   --target T (--evict-uuid U …| --abort) [--timeout 120s] [--lctl "CMD…"]
 * serve          --node NAME --namespace NS [--kubeconfig FILE] [--lctl "CMD…"] [--interval 30s] [--lease-duration 40s]
 * facts          --node NAME [--lctl "CMD…"]
 * decide         --observations FILE [--policy FILE] [--now 2026-12-05T01:00:00Z]
 * </pre>
 * Options take {@code --opt value} or {@code --opt=value}. Anything unexpected is a
 * {@link AgentError#BadArguments} error.
 */
public final class AgentArguments {
    /** Runs the host's lctl from a privileged pod with hostPID: enter PID 1's namespaces. */
    public static final List<String> DEFAULT_LCTL_PREFIX =
            List.of("nsenter", "--target", "1", "--mount", "--uts", "--ipc", "--net", "--pid", "--", "lctl");

    private static final Duration MAX_DURATION = Duration.ofDays(1);
    public static final String USAGE = "usage: agent reconnect --target T --nid NID [--nid NID2...] [--instance N] "
            + "[--timeout 60s] [--lctl CMD] | agent inspect-server --target T [--fsname F] [--lctl CMD] | "
            + "agent close-window --target T (--evict-uuid U ...|--abort) [--timeout 120s] [--lctl CMD] | "
            + "agent serve --node NAME --namespace NS [--kubeconfig FILE] [--lctl CMD] [--interval 30s] "
            + "[--lease-duration 40s] | agent facts --node NAME [--lctl CMD] | "
            + "agent decide --observations FILE [--policy FILE] [--now RFC3339]";

    private static final Duration RECONNECT_TIMEOUT = Duration.ofSeconds(60);
    private static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(120);
    private static final Duration SERVE_INTERVAL = Duration.ofSeconds(30);
    /** Below this a resident agent would spend its node's CPU running lctl. */
    private static final Duration MIN_SERVE_INTERVAL = Duration.ofSeconds(1);
    /**
     * The Lease is renewed every quarter of its duration: below 4 s that is more than one write a
     * second; above an hour a dead agent would count as alive for longer than any round lasts.
     */
    private static final Duration MIN_LEASE_DURATION = Duration.ofSeconds(4);
    private static final Duration MAX_LEASE_DURATION = Duration.ofHours(1);
    private static final Pattern NODE_NAME = Pattern.compile(Patterns.NODE_NAME);
    private static final Pattern NAMESPACE = Pattern.compile(Patterns.NAMESPACE);
    /** Object names are at most 253 characters, and the Lease's name is the node's with a prefix. */
    private static final int MAX_NODE_NAME = 253 - ApiGroup.AGENT_LEASE_PREFIX.length();
    private static final Set<String> FLAGS = Set.of("abort");
    private static final Set<String> REPEATABLE = Set.of("nid", "evict-uuid");

    private AgentArguments() {
    }

    /** The subcommand word, if it is one we know; used to label error output. */
    public static String commandName(List<String> args) {
        if (args.isEmpty()) {
            return null;
        }
        String first = args.get(0);
        return Set.of(ReconnectReport.COMMAND, InspectServerReport.COMMAND, CloseWindowReport.COMMAND).contains(first)
                ? first : null;
    }

    public static AgentRequest parse(List<String> args) {
        if (args.isEmpty()) {
            throw bad("missing command. " + USAGE);
        }
        String command = args.get(0);
        Map<String, List<String>> options = options(args.subList(1, args.size()));
        try {
            return switch (command) {
                case ReconnectReport.COMMAND -> reconnect(options);
                case InspectServerReport.COMMAND -> inspectServer(options);
                case CloseWindowReport.COMMAND -> closeWindow(options);
                default -> throw bad("unknown command '" + printable(command) + "'. " + USAGE);
            };
        } catch (InvalidLustreValueException e) {
            throw bad(e.getMessage());
        }
    }

    /** {@code serve …}: the resident agent's command line (the words after {@code agent}). */
    public static ServeRequest parseServe(List<String> args) {
        if (args.isEmpty() || !args.get(0).equals(ServeRequest.COMMAND)) {
            throw bad("not a serve command. " + USAGE);
        }
        Map<String, List<String>> o = options(args.subList(1, args.size()));
        allow(o, ServeRequest.COMMAND, "node", "namespace", "kubeconfig", "lctl", "interval", "lease-duration");
        String node = required(o, "node");
        if (node.length() > MAX_NODE_NAME || !NODE_NAME.matcher(node).matches()) {
            throw bad("--node '" + printable(node) + "' is not a Kubernetes node name (a DNS-1123 subdomain of at most "
                    + MAX_NODE_NAME + " characters, so that its Lease's name fits)");
        }
        String namespace = required(o, "namespace");
        if (!NAMESPACE.matcher(namespace).matches()) {
            throw bad("--namespace '" + printable(namespace) + "' is not a namespace name (a DNS-1123 label)");
        }
        Path kubeconfig = null;
        String file = single(o, "kubeconfig");
        if (file != null) {
            kubeconfig = Path.of(file);
            if (file.isEmpty() || !Files.isRegularFile(kubeconfig) || !Files.isReadable(kubeconfig)) {
                throw bad("--kubeconfig '" + printable(file) + "' is not a readable file");
            }
        }
        String every = single(o, "interval");
        Duration interval = every == null ? SERVE_INTERVAL : duration("--interval", every);
        if (interval.compareTo(MIN_SERVE_INTERVAL) < 0) {
            throw bad("--interval " + printable(every) + " is shorter than " + MIN_SERVE_INTERVAL.toSeconds() + "s");
        }
        String lease = single(o, "lease-duration");
        Duration leaseDuration = lease == null ? ServeRequest.DEFAULT_LEASE_DURATION : duration("--lease-duration", lease);
        if (leaseDuration.compareTo(MIN_LEASE_DURATION) < 0 || leaseDuration.compareTo(MAX_LEASE_DURATION) > 0
                || leaseDuration.toMillis() % 1000 != 0) {
            throw bad("--lease-duration " + printable(lease) + " is not whole seconds from "
                    + MIN_LEASE_DURATION.toSeconds() + "s to " + MAX_LEASE_DURATION.toHours() + "h");
        }
        return new ServeRequest(node, namespace, kubeconfig, lctl(o), interval, leaseDuration, null);
    }

    /** {@code facts …}: the node's Lustre facts, printed for a site that keeps its own inventory. */
    public static FactsRequest parseFacts(List<String> args) {
        Map<String, List<String>> o = options(args.subList(1, args.size()));
        allow(o, FactsRequest.COMMAND, "node", "lctl");
        String node = required(o, "node");
        if (node.length() > 253 || !NODE_NAME.matcher(node).matches()) {
            throw bad("--node '" + printable(node) + "' is not a host name (a DNS-1123 subdomain)");
        }
        return new FactsRequest(node, lctl(o));
    }

    /** {@code decide …}: the round's decision from observations gathered without Kubernetes. */
    public static DecideRequest parseDecide(List<String> args) {
        Map<String, List<String>> o = options(args.subList(1, args.size()));
        allow(o, DecideCommand.COMMAND, "observations", "policy", "now");
        Path observations = Path.of(required(o, "observations"));
        String policy = single(o, "policy");
        String now = single(o, "now");
        Instant at;
        try {
            at = now == null ? null : Instant.parse(now);
        } catch (DateTimeParseException e) {
            throw bad("--now '" + printable(now) + "' is not an RFC 3339 time in UTC (e.g. 2026-12-05T01:00:00Z)");
        }
        return new DecideRequest(observations, policy == null ? null : Path.of(policy), at);
    }

    private static AgentRequest reconnect(Map<String, List<String>> o) {
        allow(o, "reconnect", "target", "nid", "instance", "timeout", "lctl");
        TargetName target = option("target", () -> TargetName.parse(required(o, "target")));
        List<String> nids = o.getOrDefault("nid", List.of());
        if (nids.isEmpty()) {
            throw bad("reconnect needs at least one --nid");
        }
        List<String> validNids = new ArrayList<>(new LinkedHashSet<>(nids));
        validNids.forEach(nid -> option("nid", () -> LustreNames.nid(nid)));
        Long instance = null;
        String inst = single(o, "instance");
        if (inst != null) {
            if (!inst.matches("[0-9]{1,10}")) {
                throw bad("--instance expects a non-negative integer, not '" + printable(inst) + "'");
            }
            instance = option("instance", () -> LustreNames.instance(Long.parseLong(inst)));
        }
        return new AgentRequest.Reconnect(target, List.copyOf(validNids), instance,
                timeout(o, RECONNECT_TIMEOUT), lctl(o));
    }

    private static AgentRequest inspectServer(Map<String, List<String>> o) {
        allow(o, "inspect-server", "target", "fsname", "lctl");
        TargetName target = option("target", () -> TargetName.parse(required(o, "target")));
        String fs = single(o, "fsname");
        if (fs != null) {
            String given = fs;
            option("fsname", () -> LustreNames.fsName(given));
        } else {
            fs = target.fsName();
        }
        return new AgentRequest.InspectServer(target, fs, lctl(o));
    }

    private static AgentRequest closeWindow(Map<String, List<String>> o) {
        allow(o, "close-window", "target", "evict-uuid", "abort", "timeout", "lctl");
        TargetName target = option("target", () -> TargetName.parse(required(o, "target")));
        List<String> uuids = new ArrayList<>(new LinkedHashSet<>(o.getOrDefault("evict-uuid", List.of())));
        boolean abort = o.containsKey("abort");
        if (abort == !uuids.isEmpty()) {
            throw bad("close-window needs either --evict-uuid (one or more) or --abort, not "
                    + (abort ? "both" : "neither"));
        }
        uuids.forEach(u -> option("evict-uuid", () -> LustreNames.uuid(u)));
        for (String u : uuids) {
            if (LustreNames.isServerUuid(u)) {
                // A target's own export (an MDT on an OST): evicting it breaks the file system, not a client.
                throw bad("--evict-uuid " + u + " names a Lustre target's export, never a client: refused");
            }
        }
        return new AgentRequest.CloseWindow(target, List.copyOf(uuids), abort, timeout(o, CLOSE_TIMEOUT), lctl(o));
    }

    private static Map<String, List<String>> options(List<String> words) {
        Map<String, List<String>> out = new LinkedHashMap<>();
        for (int i = 0; i < words.size(); i++) {
            String w = words.get(i);
            if (!w.startsWith("--") || w.length() == 2) {
                throw bad("unexpected argument '" + printable(w) + "'");
            }
            String name = w.substring(2);
            String value;
            int eq = name.indexOf('=');
            if (eq >= 0) {
                value = name.substring(eq + 1);
                name = name.substring(0, eq);
                if (FLAGS.contains(name)) {
                    throw bad("--" + name + " takes no value");
                }
            } else if (FLAGS.contains(name)) {
                value = "";
            } else {
                if (i + 1 >= words.size()) {
                    throw bad("--" + printable(name) + " needs a value");
                }
                value = words.get(++i);
            }
            List<String> values = out.computeIfAbsent(name, k -> new ArrayList<>());
            if (!values.isEmpty() && !REPEATABLE.contains(name)) {
                throw bad("--" + printable(name) + " given more than once");
            }
            values.add(value);
        }
        return out;
    }

    private static void allow(Map<String, List<String>> o, String command, String... names) {
        Set<String> allowed = Set.of(names);
        for (String k : o.keySet()) {
            if (!allowed.contains(k)) {
                throw bad("unknown option --" + printable(k) + " for " + command);
            }
        }
    }

    private static String required(Map<String, List<String>> o, String name) {
        String v = single(o, name);
        if (v == null) {
            throw bad("missing --" + name);
        }
        return v;
    }

    private static String single(Map<String, List<String>> o, String name) {
        List<String> v = o.get(name);
        return v == null ? null : v.get(0);
    }

    private static Duration timeout(Map<String, List<String>> o, Duration dflt) {
        String v = single(o, "timeout");
        return v == null ? dflt : duration("--timeout", v);
    }

    /** The CRD's duration grammar ({@code 500ms}, {@code 60s}, {@code 1h30m}, {@code 1.5s}), at most 24h. */
    static Duration duration(String option, String text) {
        Duration d;
        try {
            d = Durations.parse(text == null || text.length() > 32 ? null : text);
        } catch (IllegalArgumentException e) {
            throw bad(option + " expects a duration such as 500ms, 60s, 2m or 1h30m, not '"
                    + (text == null ? "" : printable(text)) + "'");
        }
        if (d.compareTo(MAX_DURATION) > 0) {
            throw bad(option + " " + text + " is longer than 24h");
        }
        return d;
    }

    /** Split on whitespace, never through a shell: quoting inside the prefix is not supported. */
    private static List<String> lctl(Map<String, List<String>> o) {
        String v = single(o, "lctl");
        if (v == null) {
            return DEFAULT_LCTL_PREFIX;
        }
        List<String> words = Arrays.stream(v.trim().split("\\s+")).filter(s -> !s.isEmpty()).toList();
        if (words.isEmpty()) {
            throw bad("--lctl needs a command");
        }
        return words;
    }

    /**
     * A value checked for its option: a refusal names the option (--target: invalid target '...'),
     * so that whoever wrote the command line, or the object it was built from, sees which word is wrong.
     */
    private static <T> T option(String name, Supplier<T> check) {
        try {
            return check.get();
        } catch (InvalidLustreValueException e) {
            throw bad("--" + name + ": " + e.getMessage());
        }
    }

    private static AgentException bad(String message) {
        return new AgentException(AgentError.BadArguments, message);
    }

    static String printable(String s) {
        String p = s.replaceAll("\\p{Cntrl}", "?");
        return p.length() > 60 ? p.substring(0, 60) + "..." : p;
    }
}
