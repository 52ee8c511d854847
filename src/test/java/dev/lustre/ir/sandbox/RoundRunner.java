package dev.lustre.ir.sandbox;

import dev.lustre.ir.api.LustreFailover;
import dev.lustre.ir.api.LustreFailoverStatus;
import dev.lustre.ir.kube.Times;
import dev.lustre.ir.sim.ClientView;
import dev.lustre.ir.sim.SimCluster;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;

/** Runs one failover round in a sandbox environment, as an HA hook would start it, and measures it. */
public final class RoundRunner {
    static final Duration LIMIT = Duration.ofMinutes(30);

    private RoundRunner() {
    }

    public static RoundResult run(SandboxEnvironment env, Scenario.Settings settings, String policyName,
            Consumer<String> progress) throws IOException, InterruptedException {
        return run(env, settings, policyName, progress, LIMIT);
    }

    /**
     * @param limit how long to wait for the round to end; the figures are taken then whatever its phase
     */
    public static RoundResult run(SandboxEnvironment env, Scenario.Settings settings, String policyName,
            Consumer<String> progress, Duration limit) throws IOException, InterruptedException {
        KubernetesClient client = env.client();
        long requestsBefore = AuditCounts.requests(env.auditLog(), OperatorProcess.USER_AGENT);
        AtomicReference<SimResidentAgents> agents = new AtomicReference<>();
        Scenario sc = Scenario.start(client, env.fleet(), settings, sim -> {
            if (settings.dispatch() != Dispatch.JOBS) {
                agents.set(startAgents(env, sim, settings));
            }
        });
        SimCluster sim = sc.sim();
        Instant failoverAt = sim.clock().instant();
        int live = settings.clients() - settings.dead();
        try (RoundTimeline timeline = new RoundTimeline(client, settings.namespace(), settings.name(), live)) {
            // Registrations and Node writes are done: what is written from here on is the round's.
            Map<String, Long> writesBefore = AuditCounts.writesByUserAgent(env.auditLog());
            // The apply instant is recorded here: creationTimestamp has whole seconds only.
            Instant applied = Instant.now();
            client.resource(sc.failover(policyName, null)).create();
            LustreFailover lfo;
            while (true) {
                lfo = client.resources(LustreFailover.class).inNamespace(settings.namespace()).withName(settings.name()).get();
                env.operator().sampleHeap();
                progress.accept(ProgressLine.of(lfo, sim, Duration.between(applied, Instant.now()), timeline));
                if (lfo.getStatus() != null && lfo.getStatus().phase != null && lfo.getStatus().phase.isFinal()) {
                    break;
                }
                if (Duration.between(applied, Instant.now()).compareTo(limit) > 0) {
                    break;
                }
                Thread.sleep(250);
            }
            Thread.sleep(1500); // the watch may lag the status a little
            Map<String, Long> writes = AuditCounts.difference(writesBefore, AuditCounts.writesByUserAgent(env.auditLog()));
            LustreFailoverStatus s = lfo.getStatus();
            Instant lastLive = sim.clients().stream().filter(ClientView::alive).map(ClientView::reconnectedAt)
                    .flatMap(Optional::stream).max(Instant::compareTo).orElse(failoverAt);
            // The earliest any arbiter could close the window: at the last live client's replay, the dead
            // evicted before it (evicted after it, the window waits for the recovery thread's next re-check).
            Instant limitAt = lastLive;
            AgentStarts starts = AgentStarts.of(timeline.clientResults(), applied);
            Instant windowClosed = s == null ? null : Times.parse(s.windowClosedTime);
            Instant lastObserved = timeline.clientResults().stream().map(RoundTimeline.ClientResult::observedAt)
                    .filter(Objects::nonNull).max(Instant::compareTo).orElse(null);
            SimResidentAgents a = agents.get();
            return new RoundResult(
                    s == null || s.phase == null ? "None" : s.phase.name(),
                    s == null || s.closedBy == null ? null : s.closedBy.name(),
                    settings.clients(), settings.dead(),
                    s == null || s.clients == null ? 0 : s.clients.reconnected,
                    s == null || s.plan == null || s.plan.uuids == null ? List.of() : s.plan.uuids,
                    sim.target().evicted(),
                    seconds(failoverAt, sim.windowClosedAt().orElse(null)),
                    seconds(failoverAt, limitAt),
                    seconds(applied, timeline.allDispatchedAt()),
                    seconds(timeline.lastClientFinishedAt(), timeline.closeCreatedAt()),
                    seconds(applied, Instant.now()),
                    AuditCounts.requests(env.auditLog(), OperatorProcess.USER_AGENT) - requestsBefore,
                    Serialization.asJson(s).length(),
                    s == null ? null : s.message,
                    settings.dispatch().word(),
                    a == null ? 0 : a.agentNodes().size(),
                    a == null ? Double.NaN : a.registrationSeconds(),
                    a == null ? 0 : a.leaseDuration().toSeconds(),
                    timeline.agentResults(), timeline.jobsDispatched(),
                    starts.p99(), starts.max(), starts.resolution(),
                    seconds(lastObserved, windowClosed),
                    seconds(failoverAt.truncatedTo(ChronoUnit.SECONDS), windowClosed),
                    writes.entrySet().stream().filter(e -> !e.getKey().endsWith(AuditCounts.LEASE_SUFFIX))
                            .mapToLong(Map.Entry::getValue).sum(),
                    writes);
        }
    }

    private static SimResidentAgents startAgents(SandboxEnvironment env, SimCluster sim, Scenario.Settings settings) {
        try {
            return env.startAgents(sim, settings);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while the agents registered", e);
        }
    }

    static double seconds(Instant from, Instant to) {
        return from == null || to == null ? Double.NaN : Duration.between(from, to).toMillis() / 1000.0;
    }
}
