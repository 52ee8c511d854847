package dev.lustre.ir.sandbox;

import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * The resident agents' goals and whether a run met them: one row per goal, one column per size of the
 * {@code agents} runs. The thresholds are the benchmark's working targets for "10,000 clients in
 * seconds" from the issue that asked for them, kept here in one place.
 */
final class BenchmarkGoals {
    static final List<Integer> COLUMNS = List.of(1000, 5000, 10000);

    /**
     * @param limits one per column of {@link #COLUMNS}; NaN where the goal is only to report the figure
     * @param figure the figure of a size's runs (NaN when not measured); {@code rows} are that size's
     *               agents runs, 0 % and 1 % dead
     */
    record Goal(String name, String unit, double[] limits, boolean atMost, Function<List<Map<String, Object>>, Double> figure) {
        String cell(List<Map<String, Object>> rows, int column) {
            double v = figure.apply(rows);
            if (Double.isNaN(v)) {
                return "–";
            }
            double limit = limits[column];
            if (Double.isNaN(limit)) {
                return format(v) + unit;
            }
            boolean met = atMost ? v <= limit : v >= limit;
            return String.format("%s%s (%s %s%s) %s", format(v), unit, atMost ? "≤" : "≥", format(limit), unit, met ? "met" : "missed");
        }
    }

    private static double[] all(double limit) {
        return new double[] {limit, limit, limit};
    }

    /** The goals of the resident-agents work, as the issue states them, per size. */
    static List<Goal> goals(IdleAgent.Usage idle) {
        double report = Double.NaN;
        return List.of(
                new Goal("apply → every live client agent started its reconnect, p99", " s", new double[] {2, 4, 8}, true,
                        rows -> of(rows, 0, "applyToAgentsStartedP99")),
                new Goal("all alive: window closed after the last live reconnect", " s", new double[] {2, 2, 3}, true,
                        rows -> of(rows, 0, "windowClosedAfterLastReconnectSeconds")),
                new Goal("1% dead: failover → window closed, times sooner than Lustre + IR (150 s soft timer)", "x",
                        new double[] {10, 8, 6}, false, rows -> of(rows, 1, "timesSoonerThanLustreIr")),
                new Goal("API writes per client per round (success path)", "", all(1.5), true, rows -> of(rows, 0, "writesPerClient")),
                new Goal("operator peak heap", " MiB", new double[] {report, report, 512}, true, rows -> worst(rows, "operatorPeakHeapMiB")),
                new Goal("status size", " KiB", all(16), true, rows -> worst(rows, "statusBytes") / 1024),
                new Goal("one resident agent idle: RSS", " MiB", all(96), true, rows -> idle == null ? Double.NaN : idle.rssMiB()),
                new Goal("one resident agent idle: CPU", " % of a core", all(1), true,
                        rows -> idle == null ? Double.NaN : idle.cpuPercent()));
    }

    static String markdown(List<Map<String, Object>> rows, IdleAgent.Usage idle) {
        StringBuilder b = new StringBuilder("| goal |");
        COLUMNS.forEach(c -> b.append(' ').append(c).append(" clients |"));
        b.append("\n|---|").append("---:|".repeat(COLUMNS.size())).append('\n');
        for (Goal g : goals(idle)) {
            b.append("| ").append(g.name()).append(" |");
            for (int column = 0; column < COLUMNS.size(); column++) {
                int size = COLUMNS.get(column);
                List<Map<String, Object>> ofSize = rows.stream().filter(r -> "agents".equals(r.get("dispatch"))
                        && ((Number) r.get("clients")).intValue() == size).toList();
                b.append(' ').append(ofSize.isEmpty() ? "not run" : g.cell(ofSize, column)).append(" |");
            }
            b.append('\n');
        }
        return b.toString();
    }

    /** The figure of the run with no dead (0) or with dead (1). */
    private static double of(List<Map<String, Object>> rows, int withDead, String key) {
        return rows.stream().filter(r -> (((Number) r.get("dead")).intValue() > 0 ? 1 : 0) == withDead)
                .map(r -> ((Number) r.get(key)).doubleValue()).findFirst().orElse(Double.NaN);
    }

    private static double worst(List<Map<String, Object>> rows, String key) {
        return rows.stream().mapToDouble(r -> ((Number) r.get(key)).doubleValue()).filter(d -> !Double.isNaN(d)).max()
                .orElse(Double.NaN);
    }

    static String format(double v) {
        return Math.abs(v) >= 100 || v == Math.rint(v) ? String.format("%.0f", v) : String.format("%.1f", v);
    }
}
