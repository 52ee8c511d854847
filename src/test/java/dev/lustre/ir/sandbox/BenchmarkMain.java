package dev.lustre.ir.sandbox;

import dev.lustre.ir.api.LustreFailover;
import dev.lustre.ir.api.LustreRecoveryPolicy;
import dev.lustre.ir.api.RecoveryPolicySpec;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The recovery benchmark: for each dispatch mode, size and dead fraction, the time from failover to
 * the window closed with Lustre alone (no IR), Lustre with IR, and with the operator, side by side,
 * plus the operator's own costs, the resident agents' figures (read from what the API server holds
 * and from its audit log) and the goals they meet or miss. Prints the tables and writes them as
 * Markdown and JSON.
 */
public final class BenchmarkMain {
    private BenchmarkMain() {
    }

    /** scripts/benchmark.sh runs this from the fixtures' classpath; the operator runs from the product jar. */
    public static void main(String[] args) {
        try {
            System.exit(run(args));
        } catch (Exception e) {
            System.err.println("benchmark: failed: " + e);
            // Where it failed matters more than the message: a client's "An error has occurred" says nothing.
            e.printStackTrace();
            System.exit(1);
        }
    }

    /** What to run: every dispatch mode at its sizes, each with every dead fraction. */
    record Plan(List<Dispatch> dispatch, List<Integer> sizes, List<Integer> compareSizes, List<Double> deadPercents,
            boolean deadFenced, Duration roundTimeout, Duration idleWindow) {
        /** The agents mode runs at every size; the others, for comparison, at {@code compareSizes} only. */
        List<Integer> sizesOf(Dispatch d) {
            return d == Dispatch.AGENTS ? sizes : sizes.stream().filter(compareSizes::contains).toList();
        }
    }

    public static int run(String[] args) throws Exception {
        List<Integer> sizes = List.of(100, 1000, 5000, 10000);
        List<Integer> compare = List.of(1000);
        List<Dispatch> dispatch = List.of(Dispatch.AGENTS, Dispatch.JOBS);
        List<Double> deadPercents = List.of(0.0, 1.0);
        boolean fenced = true;
        Duration roundTimeout = RoundRunner.LIMIT;
        Duration idle = Duration.ofSeconds(30);
        Path out = Path.of("docs");
        List<String> rest = new ArrayList<>();
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--sizes" -> sizes = ints(args[++i]);
                case "--compare-sizes" -> compare = ints(args[++i]);
                case "--dispatch" -> dispatch = Arrays.stream(args[++i].split(",")).map(Dispatch::parse).toList();
                case "--dead-percent" -> deadPercents = Arrays.stream(args[++i].split(",")).map(Double::parseDouble).toList();
                case "--dead-not-fenced" -> fenced = false;
                case "--round-timeout" -> roundTimeout = Duration.ofSeconds(Long.parseLong(args[++i].replaceFirst("s$", "")));
                case "--idle-seconds" -> idle = Duration.ofSeconds(Long.parseLong(args[++i]));
                case "--out" -> out = Path.of(args[++i]);
                default -> rest.add(args[i]);
            }
        }
        Plan plan = new Plan(dispatch, sizes, compare, deadPercents, fenced, roundTimeout, idle);
        SandboxOptions o = SandboxOptions.parse(rest);
        double agentStartMs = possible("agent start-up", AgentStartup.medianMillis(o.operatorJar(), o.workDir(), 5));
        List<Map<String, Object>> rows = new ArrayList<>();
        IdleAgent.Usage idleAgent;
        try (SandboxEnvironment env = SandboxEnvironment.start(o, m -> System.err.println("benchmark: " + m))) {
            System.err.printf("benchmark: one resident agent idle for %d s (the product jar, agent serve)%n", idle.toSeconds());
            idleAgent = IdleAgent.measure(o.operatorJar(), env.kubeconfig(), env.client(), "default", o.workDir(), idle);
            System.err.println("benchmark: " + Serialization.asJson(idleAgent));
            LustreRecoveryPolicy policy = new LustreRecoveryPolicy();
            policy.setMetadata(new ObjectMetaBuilder().withName("benchmark").withNamespace("default").build());
            RecoveryPolicySpec spec = new RecoveryPolicySpec();
            spec.maxConcurrentJobs = 10000; // dispatch every client at once: the benchmark measures the whole fan-out
            spec.rosterComplete = true; // true of the simulated cluster: every client of the target is a roster node
            policy.setSpec(spec);
            env.client().resource(policy).serverSideApply();
            int n = 0;
            for (Dispatch mode : plan.dispatch()) {
                for (int size : plan.sizesOf(mode)) {
                    for (double pct : plan.deadPercents()) {
                        int dead = (int) Math.round(size * pct / 100.0);
                        String name = "bench" + (++n);
                        System.err.printf("benchmark: %d clients, %d dead%s, dispatch %s%n", size, dead,
                                dead > 0 && fenced ? " (fenced)" : "", mode.word());
                        double noIr = LustreAlone.windowSeconds(size, dead, false, 42);
                        double withIr = LustreAlone.windowSeconds(size, dead, true, 42);
                        env.operator().resetPeakHeap();
                        double cpu0 = env.operator().cpuSeconds();
                        RoundResult r;
                        try {
                            r = round(env, name, size, dead, mode, plan);
                        } catch (KubernetesClientException e) {
                            // This 2-core machine's API server sometimes drops a request of the set-up
                            // (1,000s of Nodes and registrations): the round is run again once, and said so.
                            System.err.println("benchmark: the round's set-up failed, running it again: " + e);
                            e.printStackTrace();
                            name = name + "-again";
                            r = round(env, name, size, dead, mode, plan);
                        }
                        double cpu = env.operator().cpuSeconds() - cpu0;
                        rows.add(row(size, dead, noIr, withIr, r, cpu, env.operator().peakHeapBytes()));
                        System.err.println("benchmark: " + Serialization.asJson(rows.get(rows.size() - 1)));
                    }
                }
            }
        }
        String md = markdown(rows, agentStartMs, idleAgent, plan);
        System.out.println(md);
        Files.createDirectories(out);
        Files.writeString(out.resolve("benchmark.md"), md);
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("agentStartMillis", agentStartMs);
        json.put("idleAgent", idleAgent);
        json.put("rounds", rows);
        Files.writeString(out.resolve("benchmark.json"), Serialization.asJson(json) + "\n");
        return 0;
    }

    private static RoundResult round(SandboxEnvironment env, String name, int size, int dead, Dispatch mode, Plan plan)
            throws IOException, InterruptedException {
        Scenario.Settings settings = Scenario.Settings.of(name, size, dead).withDispatch(mode).withDeadFenced(plan.deadFenced());
        try {
            return RoundRunner.run(env, settings, "benchmark", line -> { }, plan.roundTimeout());
        } finally {
            env.client().resources(LustreFailover.class).inNamespace("default").withName(name).delete();
            env.stopAgents();
        }
    }

    private static List<Integer> ints(String list) {
        return Arrays.stream(list.split(",")).map(Integer::parseInt).toList();
    }

    private static Map<String, Object> row(int size, int dead, double noIr, double withIr, RoundResult r, double cpu, long heap) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("dispatch", r.dispatch());
        m.put("clients", size);
        m.put("dead", dead);
        m.put("phase", r.phase());
        m.put("lustreNoIrSeconds", possible("Lustre alone, no IR", noIr));
        m.put("lustreIrSeconds", possible("Lustre + IR", withIr));
        m.put("operatorSeconds", possible("operator", r.failoverToWindowClosed()));
        m.put("speedupVsNoIr", noIr / r.failoverToWindowClosed());
        m.put("lustreLimitSeconds", possible("Lustre's own limit", r.lustreLimit()));
        m.put("beyondLimitSeconds", r.failoverToWindowClosed() - r.lustreLimit());
        m.put("applyToAllDispatchedSeconds", possible("apply → all Jobs dispatched", r.applyToAllDispatched()));
        // Signed: an early eviction's close comes before the last live reconnect.
        if (Double.isInfinite(r.lastReconnectToFirstClose())) {
            throw impossible("last live reconnect → first close", r.lastReconnectToFirstClose());
        }
        m.put("lastReconnectToFirstCloseSeconds", r.lastReconnectToFirstClose());
        if (r.operatorRequests() <= 0) {
            throw impossible("operator API requests", r.operatorRequests());
        }
        m.put("apiRequestsPerClient", (double) r.operatorRequests() / size);
        m.put("operatorCpuSeconds", possible("operator CPU", cpu));
        if (heap <= 0) {
            throw impossible("operator peak heap", heap);
        }
        m.put("operatorPeakHeapMiB", heap / 1048576.0);
        m.put("statusBytes", r.statusBytes());
        m.put("evicted", r.serverEvicted());
        m.put("agents", r.agents());
        m.put("registrationSeconds", possible("agents' registration", r.registrationSeconds()));
        m.put("leaseSeconds", r.leaseSeconds());
        m.put("agentResults", r.agentResults());
        m.put("jobsDispatched", r.jobsDispatched());
        m.put("applyToAgentsStartedP99", possible("apply → agents started, p99", r.applyToAgentsStartedP99()));
        m.put("applyToAgentsStartedMax", possible("apply → agents started, last", r.applyToAgentsStartedMax()));
        m.put("startedAtResolution", r.startedAtResolution());
        // Signed: status.windowClosedTime and the results' observedAt are whole seconds, so a close in the
        // same second as the last reconnect may read as up to a second before it.
        m.put("windowClosedAfterLastReconnectSeconds", r.windowClosedAfterLastReconnect());
        m.put("failoverToWindowClosedFromApiServer", r.windowClosedFromApiServer());
        m.put("timesSoonerThanLustreIr", withIr / r.failoverToWindowClosed());
        if (r.writesDuringRound() <= 0) {
            throw impossible("API writes during the round", r.writesDuringRound());
        }
        m.put("writesPerClient", (double) r.writesDuringRound() / size);
        m.put("writesByUserAgent", r.writesByUserAgent());
        return m;
    }

    /**
     * A measured duration or amount: unknown (NaN, printed as "–") or at least zero. A negative or
     * infinite figure means the measurement itself failed; the benchmark refuses it and writes nothing,
     * rather than print it or leave it to be mended by hand.
     */
    static double possible(String figure, double value) {
        if (Double.isInfinite(value) || value < 0) {
            throw impossible(figure, value);
        }
        return value;
    }

    private static IllegalStateException impossible(String figure, Object value) {
        return new IllegalStateException("impossible figure for '" + figure + "': " + value
                + "; the measurement failed, so docs/benchmark.* are not written");
    }

    private static String markdown(List<Map<String, Object>> rows, double agentStartMs, IdleAgent.Usage idle, Plan plan) {
        StringBuilder b = new StringBuilder();
        b.append("Benchmark of ").append(LocalDate.now()).append(", ").append(Runtime.getRuntime().availableProcessors())
                .append(" cores, Java ").append(System.getProperty("java.version"))
                .append(" (scripts/benchmark.sh; seconds from failover to window closed)\n\n")
                .append(String.format("Node agent start-up, JVM start to JSON report from the product jar: %.0f ms (median of 5)%n%n", agentStartMs))
                .append(String.format("One resident agent idle (agent serve from the product jar, %.0f s once registered): RSS %.1f MiB "
                        + "(peak %.1f MiB), CPU %.2f %% of a core%n%n", idle.seconds(), idle.rssMiB(), idle.peakRssMiB(), idle.cpuPercent()))
                .append("Dead clients are ").append(plan.deadFenced() ? "fenced (NotReady and tainted node.kubernetes.io/out-of-service)"
                        : "NotReady only (not fenced)").append(".\n\n");
        b.append("| dispatch | clients | dead | Lustre alone, no IR | Lustre + IR | operator | speed-up vs no IR | Lustre's own limit | operator beyond limit "
                + "| apply → all dispatched | last reconnect → first close (< 0: early) | API requests / client | operator CPU s | operator peak heap MiB | status bytes |\n");
        b.append("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n");
        for (Map<String, Object> r : rows) {
            b.append(String.format("| %s | %d | %d | %s | %s | %s | %s | %s | %s | %s | %s | %s | %s | %s | %d |%n",
                    r.get("dispatch"), r.get("clients"), r.get("dead"), f(r.get("lustreNoIrSeconds")), f(r.get("lustreIrSeconds")),
                    f(r.get("operatorSeconds")) + ("Recovered".equals(r.get("phase")) ? "" : " (" + r.get("phase") + ")"),
                    f(r.get("speedupVsNoIr")) + "x", f(r.get("lustreLimitSeconds")), f(r.get("beyondLimitSeconds")),
                    f(r.get("applyToAllDispatchedSeconds")), f(r.get("lastReconnectToFirstCloseSeconds")),
                    f(r.get("apiRequestsPerClient")), f(r.get("operatorCpuSeconds")), f(r.get("operatorPeakHeapMiB")),
                    ((Number) r.get("statusBytes")).longValue()));
        }
        b.append("\nResident agents: registration before the failover (apart from the round), and the round's path and cost. "
                + "Writes are everyone's (operator, agents, node runtime), apply to the end of the round; writes / client leaves "
                + "out Lease renewals, which are listed apart (\"… leases\") and run at their own rate whatever the round.\n\n");
        b.append("| dispatch | clients | dead | agents | Lease s | registration s | results by agents | Jobs | apply → agents started p99 s "
                + "| last started s | window closed after last reconnect s | times sooner than Lustre + IR | writes / client | writes by client |\n");
        b.append("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|\n");
        for (Map<String, Object> r : rows) {
            b.append(String.format("| %s | %d | %d | %d | %d | %s | %d | %d | %s | %s | %s | %s | %s | %s |%n",
                    r.get("dispatch"), r.get("clients"), r.get("dead"), r.get("agents"), r.get("leaseSeconds"),
                    f(r.get("registrationSeconds")), r.get("agentResults"), r.get("jobsDispatched"),
                    f(r.get("applyToAgentsStartedP99")) + ("1s".equals(r.get("startedAtResolution")) ? " (±1)" : ""),
                    f(r.get("applyToAgentsStartedMax")), f(r.get("windowClosedAfterLastReconnectSeconds")),
                    f(r.get("timesSoonerThanLustreIr")) + "x", f(r.get("writesPerClient")), r.get("writesByUserAgent")));
        }
        b.append("\nGoals (the agents runs):\n\n").append(BenchmarkGoals.markdown(rows, idle));
        return b.toString();
    }

    private static String f(Object v) {
        double d = ((Number) v).doubleValue();
        return Double.isNaN(d) ? "–" : String.format("%.1f", d);
    }
}
