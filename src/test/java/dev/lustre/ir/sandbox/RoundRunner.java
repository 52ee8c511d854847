package dev.lustre.ir.sandbox;

import dev.lustre.ir.api.LustreFailover;
import dev.lustre.ir.api.LustreFailoverStatus;
import dev.lustre.ir.sim.ClientView;
import dev.lustre.ir.sim.SimCluster;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

/** Runs one failover round in a sandbox environment, as an HA hook would start it, and measures it. */
public final class RoundRunner {
    private static final Duration LIMIT = Duration.ofMinutes(30);

    private RoundRunner() {
    }

    public static RoundResult run(SandboxEnvironment env, Scenario.Settings settings, String policyName,
            Consumer<String> progress) throws IOException, InterruptedException {
        KubernetesClient client = env.client();
        long requestsBefore = AuditCounts.requests(env.auditLog(), OperatorProcess.USER_AGENT);
        Scenario sc = Scenario.start(client, env.fleet(), settings);
        SimCluster sim = sc.sim();
        Instant failoverAt = sim.clock().instant();
        int live = settings.clients() - settings.dead();
        try (RoundTimeline timeline = new RoundTimeline(client, settings.namespace(), settings.name(), live)) {
            Instant applied = Instant.now();
            client.resource(sc.failover(policyName, null)).create();
            double cpuBefore = env.operator().cpuSeconds();
            LustreFailover lfo;
            while (true) {
                lfo = client.resources(LustreFailover.class).inNamespace(settings.namespace()).withName(settings.name()).get();
                env.operator().sampleHeap();
                progress.accept(ProgressLine.of(lfo, sim, Duration.between(applied, Instant.now())));
                if (lfo.getStatus() != null && lfo.getStatus().phase != null && lfo.getStatus().phase.isFinal()) {
                    break;
                }
                if (Duration.between(applied, Instant.now()).compareTo(LIMIT) > 0) {
                    break;
                }
                Thread.sleep(250);
            }
            Thread.sleep(1500); // the audit log is written in batches
            LustreFailoverStatus s = lfo.getStatus();
            Instant lastLive = sim.clients().stream().filter(ClientView::alive).map(ClientView::reconnectedAt)
                    .flatMap(Optional::stream).max(Instant::compareTo).orElse(failoverAt);
            Instant limit = settings.dead() == 0 ? lastLive : sim.recheckTickAtOrAfter(lastLive);
            return new RoundResult(
                    s == null || s.phase == null ? "None" : s.phase.name(),
                    s == null || s.closedBy == null ? null : s.closedBy.name(),
                    settings.clients(), settings.dead(),
                    s == null || s.clients == null ? 0 : s.clients.reconnected,
                    s == null || s.plan == null || s.plan.uuids == null ? List.of() : s.plan.uuids,
                    sim.target().evicted(),
                    seconds(failoverAt, sim.windowClosedAt().orElse(null)),
                    seconds(failoverAt, limit),
                    seconds(applied, timeline.allDispatchedAt()),
                    seconds(timeline.lastClientFinishedAt(), timeline.closeCreatedAt()),
                    seconds(applied, Instant.now()),
                    AuditCounts.requests(env.auditLog(), OperatorProcess.USER_AGENT) - requestsBefore,
                    Serialization.asJson(s).length(),
                    s == null ? null : s.message);
        }
    }

    private static double seconds(Instant from, Instant to) {
        return from == null || to == null ? Double.NaN : Duration.between(from, to).toMillis() / 1000.0;
    }
}
