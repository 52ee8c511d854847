package dev.lustre.ir.e2e;

import static dev.lustre.ir.e2e.RoundSupport.apply;
import static dev.lustre.ir.e2e.RoundSupport.awaitPhase;
import static dev.lustre.ir.e2e.RoundSupport.scenario;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lustre.ir.api.LustreFailover;
import dev.lustre.ir.api.Phase;
import dev.lustre.ir.sandbox.Scenario;
import dev.lustre.ir.testing.RealApiServerProfile;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import java.io.IOException;
import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The operator's figures on /q/metrics, scraped as Prometheus would, before and after a round with
 * dead clients on the real API server: the round, its close, its evictions and its dispatches are
 * counted, no series names a client, and the framework's controller metrics are there too.
 */
@QuarkusTest
@TestProfile(RealApiServerProfile.class)
class RoundMetricsTest {
    @Inject
    KubernetesClient client;

    @TestHTTPResource("/q/metrics")
    URL metrics;

    @Test
    void aRoundWithDeadClientsShowsInTheMetrics() throws Exception {
        Map<String, Double> before = scrape();
        Scenario sc = scenario(client, Scenario.Settings.of("metrics", 12, 2).withTimeScale(10));
        sc.recordInventory(client);
        apply(client, sc, null);
        LustreFailover lfo = awaitPhase(client, "metrics", Phase.Recovered, Duration.ofSeconds(90));
        String closedBy = lfo.getStatus().closedBy.name();
        int evicted = lfo.getStatus().plan.count != null ? lfo.getStatus().plan.count : lfo.getStatus().plan.uuids.size();
        int early = lfo.getStatus().evictedEarly == null ? 0 : lfo.getStatus().evictedEarly.count;
        assertTrue(evicted + early >= 2, "the two dead were evicted: " + lfo.getStatus().plan.uuids);

        Map<String, Double> after = scrape();
        assertEquals(1.0, delta(before, after, "lustre_ir_rounds_total{closed_by=\"" + closedBy + "\",outcome=\"Recovered\"}"));
        assertEquals(evicted, delta(before, after, "lustre_ir_evictions_total{method=\"EvictDead\",stage=\"close\"}"));
        assertEquals(early, delta(before, after, "lustre_ir_evictions_total{method=\"EvictDead\",stage=\"early\"}"));
        assertEquals(1.0, delta(before, after, "lustre_ir_failover_to_window_closed_seconds_count"));
        assertEquals(lfo.getStatus().clients.viaJob, delta(before, after, "lustre_ir_dispatches_total{path=\"job\"}"));
        assertTrue(after.containsKey("lustre_ir_clients{state=\"pending\"}"), "clients by state");
        assertTrue(after.containsKey("lustre_ir_close_plans_awaiting_approval"));
        assertTrue(after.keySet().stream().noneMatch(k -> k.startsWith("lustre_ir_round_phase_entered_timestamp_seconds")
                && k.contains("name=\"metrics\"")), "a round that ended leaves no phase series");
        assertTrue(after.keySet().stream().anyMatch(k -> k.startsWith("reconciliations_started_total")), "JOSDK's controller metrics");
        for (String node : sc.sim().clientNodes()) {
            assertFalse(after.keySet().stream().anyMatch(k -> k.startsWith("lustre_ir_") && k.contains("\"" + node + "\"")),
                    "no series names a client: " + node);
        }
    }

    private static double delta(Map<String, Double> before, Map<String, Double> after, String series) {
        assertTrue(after.containsKey(series), series + " is exported: " + after.keySet().stream()
                .filter(k -> k.startsWith("lustre_ir_")).sorted().toList());
        return after.get(series) - before.getOrDefault(series, 0.0);
    }

    /** The text exposition format: one {@code name{labels} value} per line, comments skipped. */
    private Map<String, Double> scrape() throws IOException, InterruptedException {
        HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(metrics.toString())).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(200, r.statusCode());
        Map<String, Double> out = new HashMap<>();
        for (String line : r.body().split("\n")) {
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            int space = line.lastIndexOf(' ');
            out.put(line.substring(0, space), Double.parseDouble(line.substring(space + 1)));
        }
        return out;
    }
}
