package dev.lustre.ir.sandbox;

import dev.lustre.ir.api.ApiGroup;
import dev.lustre.ir.api.LustreRoundResult;
import dev.lustre.ir.api.LustreRoundResultSpec;
import dev.lustre.ir.kube.Times;
import dev.lustre.ir.operator.JobView;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import java.util.regex.Pattern;

/**
 * A round seen from outside the operator, through watches: when its Jobs appeared and finished, and
 * the results its resident agents wrote. Together they are the path each client took.
 */
public final class RoundTimeline implements AutoCloseable {
    private final SharedIndexInformer<Job> informer;
    private final SharedIndexInformer<LustreRoundResult> results;
    private final Pattern roundOfFailover;
    private final int liveClients;
    private final Set<String> clientJobs = ConcurrentHashMap.newKeySet();
    private final Set<String> finishedClientJobs = ConcurrentHashMap.newKeySet();
    private final Map<String, ClientResult> clientResults = new ConcurrentHashMap<>();
    /** Nodes reached by a Job or an agent: a node reached both ways counts once. */
    private final Set<String> reachedNodes = ConcurrentHashMap.newKeySet();
    private volatile Instant allDispatchedAt;
    private volatile Instant lastClientFinishedAt;
    private volatile Instant closeCreatedAt;
    private volatile Instant serverReportedAt;

    /**
     * One client agent's result as the API server holds it.
     *
     * @param startedAt  when the agent began its reconnect (its own clock, as it wrote it)
     * @param observedAt when it saw its imports reconnected
     * @param seenAt     when this watch saw the result (this process's clock)
     */
    public record ClientResult(String node, String outcome, Instant startedAt, Instant observedAt, Instant seenAt) {
    }

    public RoundTimeline(KubernetesClient client, String namespace, String failover, int liveClients) {
        this.liveClients = liveClients;
        // Rounds are <failover>-r<round>: a result answers this failover's round when its round is named so.
        this.roundOfFailover = Pattern.compile(Pattern.quote(failover) + "-r[0-9]+");
        this.informer = client.batch().v1().jobs().inNamespace(namespace).withLabel("ir.lustre.dev/failover", failover)
                .inform(added(this::seen));
        this.results = client.resources(LustreRoundResult.class).inNamespace(namespace).inform(added(this::seen));
    }

    private static <T extends HasMetadata> ResourceEventHandler<T> added(Consumer<T> seen) {
        return new ResourceEventHandler<>() {
            @Override
            public void onAdd(T obj) {
                seen.accept(obj);
            }

            @Override
            public void onUpdate(T oldObj, T newObj) {
                seen.accept(newObj);
            }

            @Override
            public void onDelete(T obj, boolean unknown) {
            }
        };
    }

    private void seen(Job job) {
        Instant now = Instant.now();
        String role = job.getMetadata().getLabels().get("ir.lustre.dev/role");
        String name = job.getMetadata().getName();
        if ("close".equals(role) && closeCreatedAt == null) {
            closeCreatedAt = now;
        }
        if (!"client".equals(role)) {
            return;
        }
        if (clientJobs.add(name)) {
            dispatched(job.getMetadata().getLabels().getOrDefault(ApiGroup.NODE_LABEL, name));
        }
        if (new JobView(job, List.of()).finished() && finishedClientJobs.add(name)) {
            lastClientFinishedAt = now;
        }
    }

    private void seen(LustreRoundResult result) {
        LustreRoundResultSpec s = result.getSpec();
        if (s == null || s.round == null || !roundOfFailover.matcher(s.round).matches() || s.role == null) {
            return;
        }
        Instant now = Instant.now();
        switch (s.role) {
            case Client -> {
                if (clientResults.putIfAbsent(s.node, new ClientResult(s.node, s.outcome, instant(s.startedAt),
                        instant(s.observedAt), now)) == null) {
                    lastClientFinishedAt = now;
                    dispatched(s.node);
                }
            }
            case Server -> {
                if (serverReportedAt == null) {
                    serverReportedAt = now;
                }
            }
            case Close -> {
                if (closeCreatedAt == null) {
                    closeCreatedAt = now;
                }
            }
        }
    }

    /** Every live client reached: by a Job, or by its agent's result (an agent needs no dispatch). */
    private synchronized void dispatched(String node) {
        if (reachedNodes.add(node) && allDispatchedAt == null && reachedNodes.size() >= liveClients) {
            allDispatchedAt = Instant.now();
        }
    }

    private static Instant instant(String t) {
        try {
            return Times.parse(t);
        } catch (DateTimeParseException e) {
            return null;
        }
    }

    public Instant allDispatchedAt() {
        return allDispatchedAt;
    }

    public Instant lastClientFinishedAt() {
        return lastClientFinishedAt;
    }

    /** The first close: its Job, or the server agent's result for a LustreClose. */
    public Instant closeCreatedAt() {
        return closeCreatedAt;
    }

    public Instant serverReportedAt() {
        return serverReportedAt;
    }

    /** Client Jobs the operator created so far. */
    public int jobsDispatched() {
        return clientJobs.size();
    }

    /** Client results written by resident agents so far. */
    public int agentResults() {
        return clientResults.size();
    }

    public List<ClientResult> clientResults() {
        return List.copyOf(clientResults.values());
    }

    @Override
    public void close() {
        informer.close();
        results.close();
    }
}
