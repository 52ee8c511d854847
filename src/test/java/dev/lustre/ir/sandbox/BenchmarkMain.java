package dev.lustre.ir.sandbox;

import dev.lustre.ir.api.LustreFailover;
import dev.lustre.ir.api.LustreRecoveryPolicy;
import dev.lustre.ir.api.RecoveryPolicySpec;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.client.utils.Serialization;
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
 * The recovery benchmark: for each size and dead fraction, the time from failover to the window
 * closed with Lustre alone (no IR), Lustre with IR, and with the operator, side by side, plus the
 * operator's own costs. Prints a table and writes it as Markdown and JSON.
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
            System.exit(1);
        }
    }

    public static int run(String[] args) throws Exception {
        List<Integer> sizes = List.of(100, 1000, 5000);
        List<Double> deadPercents = List.of(0.0, 1.0);
        Path out = Path.of("docs");
        List<String> rest = new ArrayList<>();
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--sizes" -> sizes = Arrays.stream(args[++i].split(",")).map(Integer::parseInt).toList();
                case "--dead-percent" -> deadPercents = Arrays.stream(args[++i].split(",")).map(Double::parseDouble).toList();
                case "--out" -> out = Path.of(args[++i]);
                default -> rest.add(args[i]);
            }
        }
        SandboxOptions o = SandboxOptions.parse(rest);
        double agentStartMs = possible("agent start-up", AgentStartup.medianMillis(o.operatorJar(), o.workDir(), 5));
        List<Map<String, Object>> rows = new ArrayList<>();
        try (SandboxEnvironment env = SandboxEnvironment.start(o, m -> System.err.println("benchmark: " + m))) {
            LustreRecoveryPolicy policy = new LustreRecoveryPolicy();
            policy.setMetadata(new ObjectMetaBuilder().withName("benchmark").withNamespace("default").build());
            RecoveryPolicySpec spec = new RecoveryPolicySpec();
            spec.maxConcurrentJobs = 10000; // dispatch every client at once: the benchmark measures the whole fan-out
            spec.rosterComplete = true; // true of the simulated cluster: every client of the target is a roster node
            policy.setSpec(spec);
            env.client().resource(policy).serverSideApply();
            int n = 0;
            for (int size : sizes) {
                for (double pct : deadPercents) {
                    int dead = (int) Math.round(size * pct / 100.0);
                    String name = "bench" + (++n);
                    System.err.printf("benchmark: %d clients, %d dead%n", size, dead);
                    double noIr = LustreAlone.windowSeconds(size, dead, false, 42);
                    double withIr = LustreAlone.windowSeconds(size, dead, true, 42);
                    env.operator().resetPeakHeap();
                    double cpu0 = env.operator().cpuSeconds();
                    RoundResult r = RoundRunner.run(env, Scenario.Settings.of(name, size, dead), "benchmark", line -> { });
                    double cpu = env.operator().cpuSeconds() - cpu0;
                    rows.add(row(size, dead, noIr, withIr, r, cpu, env.operator().peakHeapBytes()));
                    System.err.println("benchmark: " + Serialization.asJson(rows.get(rows.size() - 1)));
                    env.client().resources(LustreFailover.class).inNamespace("default").withName(name).delete();
                }
            }
        }
        String md = markdown(rows, agentStartMs);
        System.out.println(md);
        Files.createDirectories(out);
        Files.writeString(out.resolve("benchmark.md"), md);
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("agentStartMillis", agentStartMs);
        json.put("rounds", rows);
        Files.writeString(out.resolve("benchmark.json"), Serialization.asJson(json) + "\n");
        return 0;
    }

    private static Map<String, Object> row(int size, int dead, double noIr, double withIr, RoundResult r, double cpu, long heap) {
        Map<String, Object> m = new LinkedHashMap<>();
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
        m.put("policyHeldToCloseJobSeconds", possible("policy held → close Job", r.policyHeldToCloseJob()));
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

    private static String markdown(List<Map<String, Object>> rows, double agentStartMs) {
        StringBuilder b = new StringBuilder();
        b.append("Benchmark of ").append(LocalDate.now()).append(", ").append(Runtime.getRuntime().availableProcessors())
                .append(" cores, Java ").append(System.getProperty("java.version"))
                .append(" (scripts/benchmark.sh; seconds from failover to window closed)\n\n")
                .append(String.format("Node agent start-up, JVM start to JSON report from the product jar: %.0f ms (median of 5)%n%n", agentStartMs));
        b.append("| clients | dead | Lustre alone, no IR | Lustre + IR | operator | speed-up vs no IR | Lustre's own limit | operator beyond limit "
                + "| apply → all Jobs dispatched | policy held → close Job | API requests / client | operator CPU s | operator peak heap MiB | status bytes |\n");
        b.append("|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n");
        for (Map<String, Object> r : rows) {
            b.append(String.format("| %d | %d | %s | %s | %s | %s | %s | %s | %s | %s | %s | %s | %s | %d |%n",
                    r.get("clients"), r.get("dead"), f(r.get("lustreNoIrSeconds")), f(r.get("lustreIrSeconds")),
                    f(r.get("operatorSeconds")) + ("Recovered".equals(r.get("phase")) ? "" : " (" + r.get("phase") + ")"),
                    f(r.get("speedupVsNoIr")) + "x", f(r.get("lustreLimitSeconds")), f(r.get("beyondLimitSeconds")),
                    f(r.get("applyToAllDispatchedSeconds")), f(r.get("policyHeldToCloseJobSeconds")),
                    f(r.get("apiRequestsPerClient")), f(r.get("operatorCpuSeconds")), f(r.get("operatorPeakHeapMiB")),
                    ((Number) r.get("statusBytes")).longValue()));
        }
        return b.toString();
    }

    private static String f(Object v) {
        double d = ((Number) v).doubleValue();
        return Double.isNaN(d) ? "–" : String.format("%.1f", d);
    }
}
