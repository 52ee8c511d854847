package dev.lustre.ir.noderuntime;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import org.jboss.logging.Logger;

/**
 * The simulated node runtime: kubelet + scheduler + Job controller (+ TTL-after-finished controller,
 * pod GC and the garbage collector of owner references) for a real API server that has none of them. It behaves,
 * as seen through the API, like those components of Kubernetes 1.20 do for Jobs; what a container
 * does is the {@link ContainerExecutor}'s business.
 *
 * <pre>{@code
 * try (NodeRuntime runtime = new NodeRuntime(client, "lustre-ir", executor, RuntimeOptions.defaults()).start()) {
 *     ... create Nodes (SimNodes) and Jobs; Pods appear, run and finish ...
 * }
 * }</pre>
 *
 * <p>State lives in the API (Pod phases, container IDs, Job conditions), so a new instance after
 * {@link #close()} carries on where the old one stopped: finished Jobs stay finished, unfinished
 * ones are picked up, and a Pod is never run twice. Run one instance per cluster (or per namespace
 * when given one) at a time.
 */
public final class NodeRuntime implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(NodeRuntime.class);

    private final KubernetesClient client;
    private final String namespace;
    private final RuntimeOptions options;
    private final RuntimeStats stats = new RuntimeStats();
    private final ScheduledExecutorService timers;
    private final ClusterCache cache;
    private final PodExpectations expectations;
    private final Monitors monitors;
    private final JobController jobs;
    private final PodScheduler scheduler;
    private final SimKubelet kubelet;
    private final KeyQueue jobQueue;
    private final KeyQueue podQueue;
    private final KeyQueue gcQueue;
    private boolean started;
    private boolean closed;

    /**
     * @param client    a client of the API server (the runtime's own identity: it writes Pods, their
     *                  status, bindings and Job status)
     * @param namespace the namespace whose Jobs and Pods to run, or {@code null} for all namespaces
     * @param executor  what containers do
     * @param options   parallelism and timings
     */
    public NodeRuntime(KubernetesClient client, String namespace, ContainerExecutor executor, RuntimeOptions options) {
        this.client = Objects.requireNonNull(client, "client");
        this.namespace = namespace;
        this.options = Objects.requireNonNull(options, "options");
        Objects.requireNonNull(executor, "executor");
        this.timers = newTimers();
        this.cache = new ClusterCache(client, namespace);
        this.expectations = new PodExpectations(cache);
        ApiKinds kinds = new ApiKinds(client);
        this.monitors = new Monitors(kinds, namespace, options.resyncPeriod().toMillis());
        GarbageCollector gc = new GarbageCollector(kinds, monitors, new GcOperations(client, kinds));
        this.jobs = new JobController(client, cache, expectations, new FinishedJobTtl(client), options, stats);
        this.scheduler = new PodScheduler(client, cache, stats);
        this.kubelet = new SimKubelet(client, cache, executor, options, stats, new PodGarbageCollector(client, options), timers);
        this.jobQueue = new KeyQueue("jobs", options.controllerWorkers(), timers, jobs::sync);
        this.podQueue = new KeyQueue("pods", options.controllerWorkers(), timers, this::syncPod);
        this.gcQueue = new KeyQueue("gc", options.controllerWorkers(), timers, gc::sync);
        jobs.setQueue(jobQueue);
        kubelet.setQueue(podQueue);
        gc.setQueue(gcQueue);
        monitors.setListener(new GraphEvents(monitors, gc::attemptToDelete));
    }

    public NodeRuntime(KubernetesClient client, String namespace, ContainerExecutor executor) {
        this(client, namespace, executor, RuntimeOptions.defaults());
    }

    /** Starts watching; returns once the caches are filled and the controllers are working. */
    public synchronized NodeRuntime start() {
        if (started) {
            throw new IllegalStateException("already started");
        }
        started = true;
        cache.start(new NodeEvents(), new JobEvents(), new PodEvents(), monitors, options.resyncPeriod().toMillis());
        watchCustomKinds();
        jobQueue.start();
        podQueue.start();
        gcQueue.start();
        LOG.infof("node runtime %s started (namespace %s, parallelism %d)", kubelet.instanceId(),
                namespace == null ? "<all>" : namespace, options.parallelism());
        return this;
    }

    /**
     * The real garbage collector monitors every deletable kind the API serves, so a dependent whose
     * own kind nothing else refers to (a custom resource owned by another) is still collected when
     * its owner goes. Here: every custom resource kind served when the runtime starts.
     */
    private void watchCustomKinds() {
        try {
            for (var crd : client.apiextensions().v1().customResourceDefinitions().list().getItems()) {
                for (var v : crd.getSpec().getVersions()) {
                    if (Boolean.TRUE.equals(v.getServed())) {
                        monitors.watch(new ObjectRef.Kind(crd.getSpec().getGroup() + "/" + v.getName(), crd.getSpec().getNames().getKind()));
                    }
                }
            }
        } catch (KubernetesClientException e) {
            LOG.warnf("cannot list the custom resource kinds to collect: %s", e.getMessage());
        }
    }

    public RuntimeStats stats() {
        return stats;
    }

    public RuntimeOptions options() {
        return options;
    }

    /** Identifies this instance in the container IDs it writes ({@code sim://<instance>/<id>}). */
    public String instanceId() {
        return kubelet.instanceId();
    }

    /**
     * Stops watching and kills running containers (their executor threads are interrupted and their
     * outcome is not written), as if every node's kubelet stopped at once.
     */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        gcQueue.close();
        jobQueue.close();
        podQueue.close();
        kubelet.close();
        monitors.close();
        cache.close();
        timers.shutdownNow();
        LOG.infof("node runtime %s stopped: %s", kubelet.instanceId(), stats);
    }

    private void syncPod(String key) {
        Pod pod = cache.pod(key);
        if (pod == null) {
            return;
        }
        if (residentAgent(pod)) {
            // The resident agents' Pods: the tests run their agents in-process (SimResidentAgents).
            return;
        }
        if (ClusterCache.UNBOUND.equals(ClusterCache.nodeNameOf(pod))) {
            scheduler.schedule(pod);
        } else {
            kubelet.sync(pod);
        }
    }

    private static boolean residentAgent(Pod pod) {
        Map<String, String> labels = pod.getMetadata().getLabels();
        return labels != null && "lustre-ir-agent".equals(labels.get("app.kubernetes.io/name"))
                && "resident".equals(labels.get("app.kubernetes.io/component"));
    }

    private static ScheduledExecutorService newTimers() {
        ScheduledThreadPoolExecutor t = (ScheduledThreadPoolExecutor) Executors.newScheduledThreadPool(1, r -> {
            Thread thread = new Thread(r, "node-runtime-timers");
            thread.setDaemon(true);
            return thread;
        });
        t.setRemoveOnCancelPolicy(true);
        return t;
    }

    private final class PodEvents implements ResourceEventHandler<Pod> {
        @Override
        public void onAdd(Pod pod) {
            changed(pod);
        }

        @Override
        public void onUpdate(Pod oldPod, Pod newPod) {
            changed(newPod);
        }

        @Override
        public void onDelete(Pod pod, boolean finalStateUnknown) {
            kubelet.podDeleted(pod);
            ClusterCache.jobKeyOf(pod).ifPresent(jobKey -> {
                expectations.observeDeleted(jobKey, pod);
                jobQueue.add(jobKey);
            });
        }

        private void changed(Pod pod) {
            podQueue.add(ClusterCache.key(pod));
            ClusterCache.jobKeyOf(pod).ifPresent(jobQueue::add);
        }
    }

    private final class JobEvents implements ResourceEventHandler<Job> {
        @Override
        public void onAdd(Job job) {
            jobQueue.add(ClusterCache.key(job));
        }

        @Override
        public void onUpdate(Job oldJob, Job newJob) {
            jobQueue.add(ClusterCache.key(newJob));
        }

        @Override
        public void onDelete(Job job, boolean finalStateUnknown) {
            jobQueue.add(ClusterCache.key(job));
        }
    }

    private final class NodeEvents implements ResourceEventHandler<Node> {
        @Override
        public void onAdd(Node node) {
            podsOn(node);
            unboundPods();
        }

        @Override
        public void onUpdate(Node oldNode, Node newNode) {
            podsOn(newNode);
            if (!NodeFingerprint.of(oldNode).equals(NodeFingerprint.of(newNode))) {
                unboundPods();
            }
        }

        @Override
        public void onDelete(Node node, boolean finalStateUnknown) {
            podsOn(node);
        }

        private void podsOn(Node node) {
            cache.podsOnNode(node.getMetadata().getName()).forEach(p -> podQueue.add(ClusterCache.key(p)));
        }

        private void unboundPods() {
            cache.unboundPods().forEach(p -> podQueue.add(ClusterCache.key(p)));
        }
    }
}
