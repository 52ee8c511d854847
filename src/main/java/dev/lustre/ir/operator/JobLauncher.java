package dev.lustre.ir.operator;

import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * Creates Jobs, several at a time: a round at a thousand nodes should not wait on a thousand
 * sequential round trips. A Job that already exists was created by an earlier reconcile or an
 * earlier operator: it is adopted, never duplicated.
 */
class JobLauncher {
    private static final int PARALLEL_CREATES = 8;
    private final KubernetesClient client;
    /** Threads live only while Jobs are being created: an idle operator (or a discarded one) holds none. */
    private final ThreadPoolExecutor pool;

    JobLauncher(KubernetesClient client) {
        this.client = client;
        this.pool = new ThreadPoolExecutor(PARALLEL_CREATES, PARALLEL_CREATES, 10, TimeUnit.SECONDS, new LinkedBlockingQueue<>(), r -> {
            Thread t = new Thread(r, "lustre-ir-job-creator");
            t.setDaemon(true);
            return t;
        });
        pool.allowCoreThreadTimeOut(true);
    }

    void create(List<Job> jobs) {
        if (jobs.size() == 1) {
            createOne(jobs.get(0));
            return;
        }
        CompletableFuture.allOf(jobs.stream()
                .map(job -> CompletableFuture.runAsync(() -> createOne(job), pool))
                .toArray(CompletableFuture[]::new)).join();
    }

    private void createOne(Job job) {
        try {
            client.batch().v1().jobs().inNamespace(job.getMetadata().getNamespace()).resource(job).create();
        } catch (KubernetesClientException e) {
            if (e.getCode() != 409) {
                throw e;
            }
            // Adopt only a Job of the same failover: a name taken by anything else is not ours to read.
            Job existing = client.batch().v1().jobs().inNamespace(job.getMetadata().getNamespace())
                    .withName(job.getMetadata().getName()).get();
            if (existing != null && !OrderLauncher.controller(existing).equals(OrderLauncher.controller(job))) {
                throw new IllegalStateException("Job " + job.getMetadata().getName() + " already exists and belongs to "
                        + (OrderLauncher.controller(existing).isEmpty() ? "no failover" : "another object (uid " + OrderLauncher.controller(existing) + ")"));
            }
        }
    }

}
