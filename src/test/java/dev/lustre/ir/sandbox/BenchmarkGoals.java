package dev.lustre.ir.sandbox;

import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * The resident agents' goals and whether a run met them: one row per goal, one column per size of the
 * {@code agents} runs. The thresholds are the benchmark's working targets for "10,000 clients in
 * seconds", kept here in one place so that they are changed in one place.
 */
final class BenchmarkGoals {
    static final List<Integer> COLUMNS = List.of(1000, 5000, 10000);

    /**
     * @param figure the figure of a size's runs (NaN when not measured); {@code rows} are that size's
     *               agents runs, 0 % and 1 % dead
     */
    record Goal(String name, String unit, double limit, boolean atMost, Function<List<Map<String, Object>>, Double> figure) {
        String cell(List<Map<String, Object>> rows) {
            double v = figure.apply(rows);
            if (Double.isNaN(v)) {
                return "–";
            }
            boolean met = atMost ? v <= limit : v >= limit;
            return String.format("%s%s %s", format(v), unit, met ? "met" : "missed");
        }

        String target() {
            return (atMost ? "≤ " : "≥ ") + format(limit) + unit;
        }
    }

    static List<Goal> goals(IdleAgent.Usage idle) {
        return List.of(
                new Goal("apply → every live client agent started its reconnect, p99", " s", 5, true,
                        rows -> of(rows, 0, "applyToAgentsStartedP99")),
                new Goal("all alive: window closed after the last live reconnect", " s", 5, true,
                        rows -> of(rows, 0, "windowClosedAfterLastReconnectSeconds")),
                new Goal("1% dead: failover → window closed, against Lustre + IR", "x", 0.5, true,
                        rows -> of(rows, 1, "windowClosedVsLustreIr")),
                new Goal("API writes per client per round", "", 2, true, rows -> worst(rows, "writesPerClient")),
                new Goal("operator peak heap", " MiB", 512, true, rows -> worst(rows, "operatorPeakHeapMiB")),
                new Goal("status size", " KiB", 16, true, rows -> worst(rows, "statusBytes") / 1024),
                new Goal("one resident agent idle: RSS", " MiB", 128, true, rows -> idle == null ? Double.NaN : idle.rssMiB()),
                new Goal("one resident agent idle: CPU", " % of a core", 1, true,
                        rows -> idle == null ? Double.NaN : idle.cpuPercent()));
    }

    static String markdown(List<Map<String, Object>> rows, IdleAgent.Usage idle) {
        StringBuilder b = new StringBuilder("| goal | target |");
        COLUMNS.forEach(c -> b.append(' ').append(c).append(" clients |"));
        b.append("\n|---|---|").append("---:|".repeat(COLUMNS.size())).append('\n');
        for (Goal g : goals(idle)) {
            b.append("| ").append(g.name()).append(" | ").append(g.target()).append(" |");
            for (int size : COLUMNS) {
                List<Map<String, Object>> ofSize = rows.stream().filter(r -> "agents".equals(r.get("dispatch"))
                        && ((Number) r.get("clients")).intValue() == size).toList();
                b.append(' ').append(ofSize.isEmpty() ? "not run" : g.cell(ofSize)).append(" |");
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
