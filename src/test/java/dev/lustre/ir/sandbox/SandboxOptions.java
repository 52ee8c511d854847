package dev.lustre.ir.sandbox;

import java.nio.file.Path;
import java.util.List;

/** The sandbox's command line. */
public record SandboxOptions(int clients, int dead, int slow, boolean ir, Path policy, boolean once, double timeScale,
        Path kubeApiTestDir, Path workDir, Path crds, Path operatorJar, Dispatch dispatch, boolean deadFenced) {

    static final String USAGE = """
            usage: sandbox [--clients N] [--dead K] [--slow K] [--ir on|off] [--policy FILE] [--once]
                           [--dispatch agents|jobs|mixed] [--fenced] [--time-scale X] [--kube-api-test-dir DIR] [--work DIR]
              --clients N      simulated client nodes (default 200)
              --dead K         of them dead: NotReady nodes whose client never reconnects (default 0)
              --slow K         of them slow: 20 s (simulated) extra to reconnect (default 0)
              --ir on|off      Lustre's own imperative recovery (MGS notifications) (default off)
              --policy FILE    a LustreRecoveryPolicy manifest (default: scripts/sandbox-policy.yaml)
              --dispatch MODE  agents: every live client and the server run resident agents (the server outside
                               Kubernetes, no Node object); jobs: none, every client gets a Job and the server is a
                               node; mixed: every other client runs an agent, the rest get Jobs (default agents)
              --fenced         the dead nodes are fenced too: tainted node.kubernetes.io/out-of-service
              --once           run one round, print a JSON summary, stop; exit 0 when Recovered
              --time-scale X   simulated Lustre time runs X times faster than the wall clock (default 1)
            """;

    public static SandboxOptions parse(List<String> args) {
        int clients = 200;
        int dead = 0;
        int slow = 0;
        boolean ir = false;
        Path policy = Path.of("scripts/sandbox-policy.yaml");
        boolean once = false;
        double scale = 1;
        Path kat = Path.of(System.getProperty("user.home"), ".cache/lustre-ir-operator/kube-api-test");
        Path work = Path.of("target/sandbox");
        Dispatch dispatch = Dispatch.AGENTS;
        boolean fenced = false;
        for (int i = 0; i < args.size(); i++) {
            String a = args.get(i);
            switch (a) {
                case "--clients" -> clients = positive(a, value(args, ++i, a));
                case "--dead" -> dead = nonNegative(a, value(args, ++i, a));
                case "--slow" -> slow = nonNegative(a, value(args, ++i, a));
                case "--ir" -> ir = switch (value(args, ++i, a)) {
                    case "on" -> true;
                    case "off" -> false;
                    default -> throw new IllegalArgumentException("--ir takes on or off");
                };
                case "--policy" -> policy = Path.of(value(args, ++i, a));
                case "--once" -> once = true;
                case "--dispatch" -> dispatch = Dispatch.parse(value(args, ++i, a));
                case "--fenced" -> fenced = true;
                case "--time-scale" -> scale = Double.parseDouble(value(args, ++i, a));
                case "--kube-api-test-dir" -> kat = Path.of(value(args, ++i, a));
                case "--work" -> work = Path.of(value(args, ++i, a));
                default -> throw new IllegalArgumentException("unknown option " + a);
            }
        }
        if (dead + slow > clients) {
            throw new IllegalArgumentException("--dead plus --slow exceed --clients");
        }
        if (scale <= 0) {
            throw new IllegalArgumentException("--time-scale must be positive");
        }
        return new SandboxOptions(clients, dead, slow, ir, policy, once, scale, kat, work, Path.of("crds"),
                Path.of("target/quarkus-app/quarkus-run.jar"), dispatch, fenced);
    }

    private static String value(List<String> args, int i, String option) {
        if (i >= args.size()) {
            throw new IllegalArgumentException(option + " needs a value");
        }
        return args.get(i);
    }

    private static int positive(String option, String v) {
        int n = nonNegative(option, v);
        if (n == 0) {
            throw new IllegalArgumentException(option + " must be at least 1");
        }
        return n;
    }

    private static int nonNegative(String option, String v) {
        try {
            int n = Integer.parseInt(v);
            if (n < 0) {
                throw new NumberFormatException();
            }
            return n;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(option + " takes a whole number, not '" + v + "'");
        }
    }
}
