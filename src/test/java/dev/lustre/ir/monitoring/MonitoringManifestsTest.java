package dev.lustre.ir.monitoring;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * The alerts and the dashboard ask only for series the operator exports (a renamed metric would
 * otherwise leave an alert that never fires and a panel that shows "No data"), and every alert says
 * how bad it is and what to do.
 */
class MonitoringManifestsTest {
    private static final Path DIR = Path.of("manifests", "monitoring");

    /** The operator's own figures (dev.lustre.ir.metrics.RoundMetrics), as Prometheus names them. */
    static final Set<String> OPERATOR_FAMILIES = Set.of(
            "lustre_ir_rounds_total",
            "lustre_ir_failover_to_window_closed_seconds",
            "lustre_ir_clients",
            "lustre_ir_evictions_total",
            "lustre_ir_dispatches_total",
            "lustre_ir_close_plans_awaiting_approval",
            "lustre_ir_rounds_active",
            "lustre_ir_round_phase_entered_timestamp_seconds");
    /**
     * Java Operator SDK's controller metrics as quarkus-operator-sdk binds them by default
     * (MicrometerMetricsV2; quarkus.operator-sdk.use-v1-metrics=true would switch to operator_sdk_*).
     */
    static final Set<String> JOSDK_FAMILIES = Set.of(
            "reconciliations_started_total",
            "reconciliations_success_total",
            "reconciliations_failure_total",
            "reconciliations_retries_total",
            "reconciliations_execution_duration_seconds",
            "reconciliations_queue",
            "reconciliations_active",
            "custom_resources",
            "events_received_total");
    /** Families exported as histograms: only their _bucket, _sum and _count series exist. */
    static final Set<String> HISTOGRAMS = Set.of(
            "lustre_ir_failover_to_window_closed_seconds", "reconciliations_execution_duration_seconds");
    /** What Prometheus records of every scrape. */
    static final Set<String> SCRAPE = Set.of("up");

    private static final Set<String> PROMQL_WORDS = Set.of(
            "and", "or", "unless", "by", "without", "on", "ignoring", "group_left", "group_right", "bool",
            "offset", "inf", "nan", "sum", "min", "max", "avg", "group", "stddev", "stdvar", "count",
            "count_values", "bottomk", "topk", "quantile", "limitk", "limit_ratio");
    private static final Pattern STRING = Pattern.compile("\"(?:[^\"\\\\]|\\\\.)*\"|'(?:[^'\\\\]|\\\\.)*'|`[^`]*`");
    private static final Pattern MATCHERS = Pattern.compile("\\{[^}]*\\}");
    private static final Pattern RANGE = Pattern.compile("\\[[^\\]]*\\]");
    private static final Pattern GROUPING = Pattern.compile("\\b(by|without|on|ignoring|group_left|group_right)\\s*\\([^)]*\\)");
    private static final Pattern NAME = Pattern.compile("(?<![\\w:$.])[a-zA-Z_:][\\w:]*+(?!\\s*\\()");

    @Test
    void theExtractorFindsMetricNamesAndNothingElse() {
        assertEquals(Set.of("a_bucket", "b_total"), metricNames(
                "histogram_quantile(0.95, sum by (le, x) (rate(a_bucket{job=\"$job\", c=~\"d|e\"}[$__rate_interval])))"
                        + " / on (x) group_left (y) (b_total offset 10m > bool 1e3) unless time() - 2"));
        assertEquals(Set.of("c"), metricNames("label_replace(c, \"namespace\", \"$1\", \"exported_namespace\", \"(.+)\")"));
    }

    @Test
    void alertsUseOnlyExportedSeriesAndSayHowBadAndWhatToDo() throws Exception {
        JsonNode rule = new YAMLMapper().readTree(DIR.resolve("prometheusrule.yaml").toFile());
        assertEquals("monitoring.coreos.com/v1", rule.path("apiVersion").asText());
        assertEquals("PrometheusRule", rule.path("kind").asText());

        Map<String, JsonNode> alerts = new LinkedHashMap<>();
        for (JsonNode group : rule.path("spec").path("groups")) {
            for (JsonNode r : group.path("rules")) {
                alerts.put(r.path("alert").asText(), r);
            }
        }
        assertTrue(alerts.size() >= 5, "the round, approval, failure, eviction and operator-down alerts: " + alerts.keySet());

        List<String> problems = new ArrayList<>();
        for (Map.Entry<String, JsonNode> a : alerts.entrySet()) {
            JsonNode r = a.getValue();
            if (r.path("labels").path("severity").asText().isBlank()) {
                problems.add(a.getKey() + ": no labels.severity");
            }
            for (String field : List.of("summary", "description")) {
                if (r.path("annotations").path(field).asText().isBlank()) {
                    problems.add(a.getKey() + ": no annotations." + field);
                }
            }
            problems.addAll(unknown(a.getKey(), r.path("expr").asText()));
        }
        assertEquals(List.of(), problems);
    }

    @Test
    void operatorDownWatchesTheJobTheServiceMonitorCreates() throws Exception {
        // The Prometheus Operator names a ServiceMonitor's job after the Service unless jobLabel says otherwise.
        List<JsonNode> docs = new YAMLMapper().readerFor(JsonNode.class)
                .<JsonNode>readValues(DIR.resolve("servicemonitor.yaml").toFile()).readAll();
        JsonNode service = docs.stream().filter(d -> "Service".equals(d.path("kind").asText())).findFirst().orElseThrow();
        JsonNode monitor = docs.stream().filter(d -> "ServiceMonitor".equals(d.path("kind").asText())).findFirst().orElseThrow();
        assertTrue(monitor.path("spec").path("jobLabel").isMissingNode(), "servicemonitor.yaml sets no jobLabel");
        String job = "job=\"" + service.path("metadata").path("name").asText() + "\"";

        JsonNode rule = new YAMLMapper().readTree(DIR.resolve("prometheusrule.yaml").toFile());
        boolean watched = false;
        for (JsonNode group : rule.path("spec").path("groups")) {
            for (JsonNode r : group.path("rules")) {
                String expr = r.path("expr").asText();
                watched |= expr.contains("absent(up{") && expr.contains(job);
            }
        }
        assertTrue(watched, "an alert on absent(up{" + job + ", ...})");
    }

    @Test
    void theDashboardShowsEveryOperatorMetricAndOnlyExportedSeries() throws Exception {
        JsonNode dash = new ObjectMapper().readTree(DIR.resolve("grafana-dashboard.json").toFile());
        assertTrue(dash.path("schemaVersion").asInt() >= 39, "schemaVersion");
        boolean datasource = false;
        for (JsonNode v : dash.path("templating").path("list")) {
            datasource |= "datasource".equals(v.path("type").asText()) && "prometheus".equals(v.path("query").asText());
        }
        assertTrue(datasource, "a data source variable of type prometheus");

        List<String> exprs = new ArrayList<>();
        collectExprs(dash.path("panels"), exprs);
        assertFalse(exprs.isEmpty(), "panels with targets");

        List<String> problems = new ArrayList<>();
        Set<String> used = new TreeSet<>();
        for (String expr : exprs) {
            problems.addAll(unknown("dashboard", expr));
            used.addAll(metricNames(expr));
        }
        assertEquals(List.of(), problems);

        Set<String> shown = used.stream().map(MonitoringManifestsTest::family).collect(Collectors.toCollection(TreeSet::new));
        Set<String> missing = new TreeSet<>(OPERATOR_FAMILIES);
        missing.removeAll(shown);
        assertEquals(Set.of(), missing, "a panel for every metric of the operator");
        assertTrue(shown.contains("reconciliations_started_total") && shown.contains("reconciliations_failure_total"),
                "the controller's reconcile rate and errors: " + shown);
    }

    @Test
    void theKustomizationShipsTheRulesAndTheDashboard() throws Exception {
        JsonNode k = new YAMLMapper().readTree(DIR.resolve("kustomization.yaml").toFile());
        assertTrue(k.path("resources").toString().contains("prometheusrule.yaml"), k.toString());
        boolean dashboard = false;
        for (JsonNode g : k.path("configMapGenerator")) {
            dashboard |= g.path("files").toString().contains("grafana-dashboard.json")
                    && "1".equals(g.path("options").path("labels").path("grafana_dashboard").asText())
                    && g.path("options").path("disableNameSuffixHash").asBoolean();
        }
        assertTrue(dashboard, "a grafana_dashboard=\"1\" ConfigMap with a fixed name: " + k);
    }

    /** Names in {@code expr} that the operator does not export, each reported with {@code where}. */
    private static List<String> unknown(String where, String expr) {
        List<String> problems = new ArrayList<>();
        Set<String> names = metricNames(expr);
        if (names.isEmpty()) {
            problems.add(where + ": no metric in " + expr);
        }
        for (String name : names) {
            if (!exported(name)) {
                problems.add(where + ": " + name + " is not exported (" + expr.strip() + ")");
            }
        }
        return problems;
    }

    static boolean exported(String name) {
        if (SCRAPE.contains(name)) {
            return true;
        }
        String family = family(name);
        boolean known = OPERATOR_FAMILIES.contains(family) || JOSDK_FAMILIES.contains(family);
        return known && (HISTOGRAMS.contains(family) != family.equals(name));
    }

    /** The family a series name belongs to: a histogram's _bucket, _sum and _count are its family's. */
    static String family(String name) {
        for (String h : HISTOGRAMS) {
            for (String suffix : List.of("_bucket", "_sum", "_count")) {
                if (name.equals(h + suffix)) {
                    return h;
                }
            }
        }
        return name;
    }

    /** The metric names a PromQL expression selects (not functions, keywords, labels or durations). */
    static Set<String> metricNames(String expr) {
        String s = STRING.matcher(expr).replaceAll("\"\"");
        s = MATCHERS.matcher(s).replaceAll(" ");
        s = RANGE.matcher(s).replaceAll(" ");
        s = GROUPING.matcher(s).replaceAll("$1 ");
        Set<String> names = new TreeSet<>();
        Matcher m = NAME.matcher(s);
        while (m.find()) {
            if (!PROMQL_WORDS.contains(m.group())) {
                names.add(m.group());
            }
        }
        return names;
    }

    private static void collectExprs(JsonNode panels, List<String> exprs) {
        for (JsonNode p : panels) {
            for (JsonNode t : p.path("targets")) {
                if (t.hasNonNull("expr")) {
                    exprs.add(t.path("expr").asText());
                }
            }
            collectExprs(p.path("panels"), exprs);
        }
    }
}
