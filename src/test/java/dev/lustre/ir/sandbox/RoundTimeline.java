package dev.lustre.ir.sandbox;

import dev.lustre.ir.operator.JobView;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/** When a round's Jobs appeared and finished, seen from outside the operator through a watch. */
public final class RoundTimeline implements AutoCloseable {
    private final SharedIndexInformer<Job> informer;
    private final int liveClients;
    private final Set<String> clientJobs = ConcurrentHashMap.newKeySet();
    private final Set<String> finishedClientJobs = ConcurrentHashMap.newKeySet();
    private volatile Instant allDispatchedAt;
    private volatile Instant lastClientFinishedAt;
    private volatile Instant closeCreatedAt;

    public RoundTimeline(KubernetesClient client, String namespace, String failover, int liveClients) {
        this.liveClients = liveClients;
        this.informer = client.batch().v1().jobs().inNamespace(namespace).withLabel("ir.lustre.dev/failover", failover).inform();
        informer.addEventHandler(new ResourceEventHandler<>() {
            @Override
            public void onAdd(Job job) {
                seen(job);
            }

            @Override
            public void onUpdate(Job oldJob, Job newJob) {
                seen(newJob);
            }

            @Override
            public void onDelete(Job job, boolean unknown) {
            }
        });
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
        if (clientJobs.add(name) && clientJobs.size() >= liveClients && allDispatchedAt == null) {
            allDispatchedAt = now;
        }
        if (new JobView(job, List.of()).finished() && finishedClientJobs.add(name)) {
            lastClientFinishedAt = now;
        }
    }

    public Instant allDispatchedAt() {
        return allDispatchedAt;
    }

    public Instant lastClientFinishedAt() {
        return lastClientFinishedAt;
    }

    public Instant closeCreatedAt() {
        return closeCreatedAt;
    }

    @Override
    public void close() {
        informer.close();
    }
}
