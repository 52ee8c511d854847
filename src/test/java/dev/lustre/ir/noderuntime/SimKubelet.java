package dev.lustre.ir.noderuntime;

import dev.lustre.ir.kube.Times;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.jboss.logging.Logger;

/**
 * kubelet for every simulated node at once. A Pod bound to a Ready node is started on the container
 * pool ({@link RuntimeOptions#parallelism()} at a time), its containers run through the
 * {@link ContainerExecutor}, and the outcome is written to the Pod status as kubelet writes it.
 *
 * <p>A Pod runs at most once: the transition Pending → Running is written with the Pod's
 * resourceVersion, so of two runtimes (or a stale cache) only one wins, and the container IDs it
 * writes name this runtime instance. A Running Pod whose container IDs name another instance was
 * started by a runtime that has since stopped: its container is gone, and it is reported as kubelet
 * reports a container it cannot find (exit 137, {@code ContainerStatusUnknown}), never re-run.
 *
 * <p>A node that is not Ready has no working kubelet: nothing starts there, a result that comes in
 * is held until the node is Ready again (the Pod stays Running meanwhile), and a Pod deleted there
 * stays Terminating. A node that is deleted takes its running containers with it.
 */
final class SimKubelet implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(SimKubelet.class);
    private static final int WRITE_RETRIES = 8;
    static final String CONTAINER_ID_SCHEME = "sim://";
    static final int LOST_EXIT_CODE = 137;
    static final String LOST_REASON = "ContainerStatusUnknown";
    static final String LOST_MESSAGE = "The container could not be located: the node runtime that started it has stopped";

    private final KubernetesClient client;
    private final ClusterCache cache;
    private final ContainerExecutor executor;
    private final RuntimeOptions options;
    private final RuntimeStats stats;
    private final PodGarbageCollector podGc;
    private final ScheduledExecutorService timers;
    private final String instanceId;
    private final ExecutorService pool;
    /** Pods this instance is running (or about to), by pod UID. */
    private final Map<String, Execution> executions = new ConcurrentHashMap<>();
    /** Outcomes not written yet because the node was not Ready (or the write failed), by pod UID. */
    private final Map<String, Report> unreported = new ConcurrentHashMap<>();
    private volatile boolean closed;
    private KeyQueue podQueue;

    /** One pod's containers being run by this instance, from the claim to the written outcome. */
    private static final class Execution {
        final String key;
        final String uid;
        /** Containers (init first) still to run; for OnFailure, the ones being restarted. */
        final List<String> pending = new ArrayList<>();
        final List<ContainerRun> initRuns = new ArrayList<>();
        final List<ContainerRun> runs = new ArrayList<>();
        volatile Future<?> future;
        volatile boolean cancelled;
        /** The pod as this execution last wrote it: the likely current version for the next write. */
        volatile Pod lastWritten;

        Execution(String key, String uid) {
            this.key = key;
            this.uid = uid;
        }
    }

    /** An outcome to write: the final status, or (restart = true) an OnFailure restart. */
    private record Report(String key, String uid, List<ContainerRun> initRuns, List<ContainerRun> runs, boolean restart) {
    }

    SimKubelet(KubernetesClient client, ClusterCache cache, ContainerExecutor executor, RuntimeOptions options,
               RuntimeStats stats, PodGarbageCollector podGc, ScheduledExecutorService timers) {
        this.client = client;
        this.cache = cache;
        this.executor = executor;
        this.options = options;
        this.stats = stats;
        this.podGc = podGc;
        this.timers = timers;
        this.instanceId = HexFormat.of().formatHex(randomBytes(6));
        AtomicInteger n = new AtomicInteger();
        this.pool = Executors.newFixedThreadPool(options.parallelism(), r -> {
            Thread t = new Thread(r, "node-runtime-container-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
    }

    void setQueue(KeyQueue podQueue) {
        this.podQueue = podQueue;
    }

    String instanceId() {
        return instanceId;
    }

    /** Brings a bound pod one step further; called for every event on it and on its node. */
    void sync(Pod pod) {
        String uid = pod.getMetadata().getUid();
        String key = ClusterCache.key(pod);
        Node node = cache.node(ClusterCache.nodeNameOf(pod));
        if (node == null) {
            // The machine is gone, and its containers with it; pod GC removes the pod.
            cancel(uid);
            unreported.remove(uid);
            podGc.collectIfNodeGone(pod).ifPresent(left -> podQueue.addAfter(key, left));
            return;
        }
        podGc.forgetPod(pod);
        boolean kubeletUp = NodeFit.isReady(node);
        if (PodPhases.isDeleting(pod)) {
            if (!kubeletUp) {
                return; // nobody confirms the deletion: the pod stays Terminating
            }
            cancel(uid);
            unreported.remove(uid);
            deleteNow(pod);
            return;
        }
        if (PodPhases.isTerminal(pod)) {
            unreported.remove(uid);
            return;
        }
        if (!kubeletUp) {
            return;
        }
        Report held = unreported.get(uid);
        if (held != null) {
            writeReport(held, null);
            return;
        }
        if (executions.containsKey(uid)) {
            return;
        }
        if (PodPhases.RUNNING.equals(PodPhases.phase(pod))) {
            if (!startedByThisInstance(pod)) {
                reportLostContainers(pod);
            }
            // Otherwise its outcome is written and the cache has not caught up yet.
            return;
        }
        if ("Always".equals(PodPhases.restartPolicy(pod))) {
            LOG.debugf("pod %s has restartPolicy Always: long-running pods are not simulated", key);
            return;
        }
        start(pod);
    }

    /** The pod is gone from the API: kill whatever still runs for it. */
    void podDeleted(Pod pod) {
        cancel(pod.getMetadata().getUid());
        unreported.remove(pod.getMetadata().getUid());
        podGc.forgetPod(pod);
    }

    private void start(Pod pod) {
        Execution ex = new Execution(ClusterCache.key(pod), pod.getMetadata().getUid());
        if (pod.getSpec().getInitContainers() != null) {
            pod.getSpec().getInitContainers().forEach(c -> ex.pending.add(c.getName()));
        }
        pod.getSpec().getContainers().forEach(c -> ex.pending.add(c.getName()));
        if (executions.putIfAbsent(ex.uid, ex) != null) {
            return;
        }
        submitAfter(ex, options.podStartDelay());
    }

    private void submitAfter(Execution ex, Duration delay) {
        Runnable submit = () -> {
            try {
                ex.future = pool.submit(() -> runPod(ex));
            } catch (RejectedExecutionException e) {
                executions.remove(ex.uid, ex); // closing
            }
        };
        if (delay.isZero()) {
            submit.run();
        } else {
            try {
                timers.schedule(submit, delay.toMillis(), TimeUnit.MILLISECONDS);
            } catch (RejectedExecutionException e) {
                executions.remove(ex.uid, ex);
            }
        }
    }

    private void runPod(Execution ex) {
        try {
            Claim claim = claim(ex);
            if (claim == null) {
                executions.remove(ex.uid, ex);
                return;
            }
            Pod pod = claim.pod;
            boolean onFailure = "OnFailure".equals(PodPhases.restartPolicy(pod));
            List<String> toRun = new ArrayList<>(ex.pending);
            ex.pending.clear();
            List<String> failed = new ArrayList<>();
            boolean initFailed = false;
            for (String name : toRun) {
                boolean isInit = isInit(pod, name);
                if (initFailed) {
                    break; // containers wait until every init container has succeeded
                }
                ContainerRun run = runContainer(ex, claim, container(pod, name), claim.containerIds.get(name));
                if (run == null) {
                    return; // cancelled: the pod is being deleted or the runtime is closing
                }
                replace(isInit ? ex.initRuns : ex.runs, run);
                if (!run.result().isSuccess()) {
                    failed.add(name);
                    initFailed = isInit;
                }
            }
            if (onFailure && !failed.isEmpty()) {
                List<ContainerRun> failedRuns = new ArrayList<>();
                for (String name : failed) {
                    (isInit(pod, name) ? ex.initRuns : ex.runs).stream().filter(r -> r.containerName().equals(name)).forEach(failedRuns::add);
                }
                // An init container that failed blocks the rest: restart it and run everything after it again.
                List<String> next = new ArrayList<>(failed);
                if (initFailed) {
                    int from = toRun.indexOf(failed.get(failed.size() - 1)) + 1;
                    toRun.subList(from, toRun.size()).stream().filter(n -> !next.contains(n)).forEach(next::add);
                }
                ex.pending.addAll(next);
                deliver(new Report(ex.key, ex.uid, List.of(), failedRuns, true), ex);
                return;
            }
            deliver(new Report(ex.key, ex.uid, List.copyOf(ex.initRuns), List.copyOf(ex.runs), false), ex);
        } catch (RuntimeException e) {
            executions.remove(ex.uid, ex);
            if (closed || ex.cancelled) {
                return; // interrupted on purpose: the pod is being deleted or the runtime stops
            }
            LOG.warnf(e, "running pod %s failed, will look at it again", ex.key);
            podQueue.addAfter(ex.key, Duration.ofSeconds(1));
        }
    }

    private record Claim(Pod pod, Node node, Map<String, String> containerIds) {
    }

    /**
     * Writes the pod Running with this instance's container IDs, from Pending (first start) or
     * from our own Running status (an OnFailure restart). Optimistic concurrency makes this the
     * single point where a pod is taken: whoever writes first runs it.
     */
    private Claim claim(Execution ex) {
        for (int attempt = 0; attempt < WRITE_RETRIES; attempt++) {
            if (closed || ex.cancelled) {
                return null;
            }
            String[] nsName = ex.key.split("/", 2);
            // The cached copy is good enough to try with: a stale one fails on its resourceVersion.
            Pod fresh = attempt > 0 ? null : ex.lastWritten != null ? ex.lastWritten : cache.pod(ex.key);
            if (fresh == null) {
                fresh = client.pods().inNamespace(nsName[0]).withName(nsName[1]).get();
            }
            if (fresh == null || !ex.uid.equals(fresh.getMetadata().getUid()) || PodPhases.isDeleting(fresh) || PodPhases.isTerminal(fresh)) {
                return null;
            }
            Node node = cache.node(ClusterCache.nodeNameOf(fresh));
            if (!NodeFit.isReady(node)) {
                return null; // the node's event brings the pod back when it is Ready
            }
            boolean firstStart = PodPhases.PENDING.equals(PodPhases.phase(fresh)) && !startedByThisInstance(fresh);
            boolean restart = PodPhases.RUNNING.equals(PodPhases.phase(fresh)) && startedByThisInstance(fresh);
            if (!firstStart && !restart) {
                return null;
            }
            Map<String, String> ids = new LinkedHashMap<>();
            for (String name : ex.pending) {
                ids.put(name, newContainerId());
            }
            Instant now = Instant.now();
            Pod running;
            if (firstStart) {
                Map<String, String> all = new LinkedHashMap<>(ids);
                fresh.getSpec().getContainers().forEach(c -> all.putIfAbsent(c.getName(), newContainerId()));
                ids = all;
                running = KubeletStatus.running(fresh, node, ids, now);
            } else {
                running = KubeletStatus.resumed(fresh, ids, now);
            }
            try {
                Pod written = client.pods().inNamespace(nsName[0]).resource(running).updateStatus();
                ex.lastWritten = written;
                return new Claim(written, node, ids);
            } catch (KubernetesClientException e) {
                if (e.getCode() == 404) {
                    return null;
                }
                if (e.getCode() != 409) {
                    throw e;
                }
            }
        }
        podQueue.addAfter(ex.key, Duration.ofMillis(500));
        return null;
    }

    /** Runs one container through the executor; null when the run was cancelled. */
    private ContainerRun runContainer(Execution ex, Claim claim, Container container, String containerId) {
        Pod pod = claim.pod;
        String hostIp = pod.getStatus().getHostIP();
        Map<String, String> env = ContainerEnv.resolve(pod, container, hostIp, pod.getStatus().getPodIP());
        RunRequest request = new RunRequest(ClusterCache.nodeNameOf(pod), pod.getMetadata().getNamespace(), pod.getMetadata().getName(),
                ClusterCache.controllerOf(pod).map(o -> o.getName()).orElse(null),
                ContainerEnv.expandAll(container.getCommand(), env), ContainerEnv.expandAll(container.getArgs(), env),
                pod.getMetadata().getLabels(), env, container.getName(), deadlineOf(pod));
        Instant started = Instant.now();
        stats.containerStarted();
        ContainerResult result;
        try {
            result = executor.run(request);
            if (result == null) {
                result = new ContainerResult(1, "the container executor returned no result");
            }
        } catch (InterruptedException e) {
            if (ex.cancelled || closed) {
                stats.containerAbandoned();
                return null;
            }
            result = new ContainerResult(1, messageOf(e));
        } catch (VirtualMachineError e) {
            throw e;
        } catch (Throwable e) {
            // A bug or failure in one container must not take the node runtime down.
            result = new ContainerResult(1, messageOf(e));
        }
        if (ex.cancelled || closed) {
            stats.containerAbandoned();
            return null;
        }
        Thread.interrupted(); // an interrupt that was not a cancellation must not break the status write
        stats.containerEnded(result.isSuccess());
        return new ContainerRun(container.getName(), containerId, started, Instant.now(), result);
    }

    private static String messageOf(Throwable e) {
        return e.getMessage() != null ? e.getMessage() : e.toString();
    }

    /** When the owning Job's activeDeadlineSeconds runs out, if it has one. */
    private Instant deadlineOf(Pod pod) {
        Optional<String> jobKey = ClusterCache.jobKeyOf(pod);
        Job job = jobKey.map(cache::job).orElse(null);
        if (job == null || job.getSpec().getActiveDeadlineSeconds() == null || job.getStatus() == null
                || job.getStatus().getStartTime() == null) {
            return null;
        }
        return Times.parse(job.getStatus().getStartTime()).plusSeconds(job.getSpec().getActiveDeadlineSeconds());
    }

    /** Writes the outcome now if the node's kubelet can, or holds it until the node is Ready. */
    private void deliver(Report report, Execution ex) {
        Node node = cache.node(nodeOf(report.key));
        if (node == null) {
            executions.remove(ex.uid, ex);
            return;
        }
        if (!NodeFit.isReady(node)) {
            unreported.put(report.uid, report);
            executions.remove(ex.uid, ex);
            podQueue.add(report.key); // in case the node came back in between
            return;
        }
        try {
            writeReport(report, ex.lastWritten);
        } catch (RuntimeException e) {
            LOG.debugf(e, "writing the outcome of pod %s failed, will retry", report.key);
            unreported.put(report.uid, report);
            executions.remove(ex.uid, ex);
            podQueue.addAfter(report.key, Duration.ofSeconds(1));
        }
    }

    private String nodeOf(String podKey) {
        Pod cached = cache.pod(podKey);
        return cached == null ? null : ClusterCache.nodeNameOf(cached);
    }

    /** Writes an outcome, starting from {@code likelyCurrent} if given and re-reading after a conflict. */
    private void writeReport(Report report, Pod likelyCurrent) {
        String[] nsName = report.key.split("/", 2);
        for (int attempt = 0; attempt < WRITE_RETRIES; attempt++) {
            if (closed) {
                return;
            }
            Pod fresh = attempt == 0 && likelyCurrent != null ? likelyCurrent
                    : client.pods().inNamespace(nsName[0]).withName(nsName[1]).get();
            if (fresh == null || !report.uid.equals(fresh.getMetadata().getUid()) || PodPhases.isDeleting(fresh)
                    || PodPhases.isTerminal(fresh)) {
                unreported.remove(report.uid);
                executions.remove(report.uid);
                return;
            }
            Instant now = Instant.now();
            Pod out;
            Duration backoff = Duration.ZERO;
            if (report.restart) {
                int restarts = PodPhases.restarts(fresh) + 1;
                backoff = options.retryBackoffAfter(restarts);
                out = KubeletStatus.restarting(fresh, report.runs, "back-off " + backoff.toSeconds() + "s", now);
            } else {
                out = KubeletStatus.terminated(fresh, report.initRuns, report.runs, now);
            }
            Pod written;
            try {
                written = client.pods().inNamespace(nsName[0]).resource(out).updateStatus();
            } catch (KubernetesClientException e) {
                if (e.getCode() == 409) {
                    continue;
                }
                if (e.getCode() == 404) {
                    unreported.remove(report.uid);
                    executions.remove(report.uid);
                    return;
                }
                throw e;
            }
            unreported.remove(report.uid);
            if (report.restart) {
                Execution ex = executions.computeIfAbsent(report.uid, u -> restartExecution(report));
                ex.lastWritten = written;
                submitAfter(ex, backoff);
            } else {
                executions.remove(report.uid);
            }
            return;
        }
        throw new IllegalStateException("pod " + report.key + " kept changing while its status was written");
    }

    /** An execution re-created for a restart whose report was held while the node was down. */
    private Execution restartExecution(Report report) {
        Execution ex = new Execution(report.key, report.uid);
        report.runs.forEach(r -> ex.pending.add(r.containerName()));
        return ex;
    }

    /**
     * A Running pod started by another runtime instance: its containers are gone. Running ones are
     * reported as kubelet reports containers it cannot find; finished ones keep their outcome.
     */
    private void reportLostContainers(Pod pod) {
        Instant now = Instant.now();
        List<ContainerRun> runs = new ArrayList<>();
        List<ContainerRun> lost = new ArrayList<>();
        for (Container c : pod.getSpec().getContainers()) {
            ContainerStatus s = pod.getStatus().getContainerStatuses() == null ? null : pod.getStatus().getContainerStatuses().stream()
                    .filter(x -> c.getName().equals(x.getName())).findFirst().orElse(null);
            if (s != null && s.getState() != null && s.getState().getTerminated() != null) {
                var t = s.getState().getTerminated();
                runs.add(new ContainerRun(c.getName(), t.getContainerID(), orNow(t.getStartedAt(), now), orNow(t.getFinishedAt(), now),
                        new ContainerResult(t.getExitCode() == null ? 0 : t.getExitCode(), t.getMessage()), t.getReason()));
                continue;
            }
            String started = s != null && s.getState() != null && s.getState().getRunning() != null ? s.getState().getRunning().getStartedAt() : null;
            ContainerRun run = new ContainerRun(c.getName(), s == null ? null : s.getContainerID(), orNow(started, now), now,
                    new ContainerResult(LOST_EXIT_CODE, LOST_MESSAGE), LOST_REASON);
            runs.add(run);
            lost.add(run);
        }
        LOG.debugf("pod %s was running under another runtime instance; reporting its containers as lost", ClusterCache.key(pod));
        boolean onFailure = "OnFailure".equals(PodPhases.restartPolicy(pod));
        writeReport(onFailure ? new Report(ClusterCache.key(pod), pod.getMetadata().getUid(), List.of(), lost, true)
                : new Report(ClusterCache.key(pod), pod.getMetadata().getUid(), List.of(), runs, false), pod);
    }

    private static Instant orNow(String time, Instant now) {
        Instant parsed = Times.parse(time);
        return parsed == null ? now : parsed;
    }

    private boolean startedByThisInstance(Pod pod) {
        if (pod.getStatus() == null || pod.getStatus().getContainerStatuses() == null) {
            return false;
        }
        String prefix = CONTAINER_ID_SCHEME + instanceId + "/";
        return pod.getStatus().getContainerStatuses().stream()
                .anyMatch(s -> s.getContainerID() != null && s.getContainerID().startsWith(prefix));
    }

    private String newContainerId() {
        return CONTAINER_ID_SCHEME + instanceId + "/" + HexFormat.of().formatHex(randomBytes(16));
    }

    private void deleteNow(Pod pod) {
        try {
            client.pods().inNamespace(pod.getMetadata().getNamespace()).withName(pod.getMetadata().getName()).withGracePeriod(0).delete();
        } catch (KubernetesClientException e) {
            if (e.getCode() != 404) {
                throw e;
            }
        }
    }

    private void cancel(String uid) {
        Execution ex = executions.remove(uid);
        if (ex != null) {
            ex.cancelled = true;
            Future<?> f = ex.future;
            if (f != null) {
                f.cancel(true);
            }
        }
    }

    private static boolean isInit(Pod pod, String name) {
        return pod.getSpec().getInitContainers() != null && pod.getSpec().getInitContainers().stream().anyMatch(c -> c.getName().equals(name));
    }

    private static Container container(Pod pod, String name) {
        List<Container> all = new ArrayList<>(pod.getSpec().getContainers());
        if (pod.getSpec().getInitContainers() != null) {
            all.addAll(pod.getSpec().getInitContainers());
        }
        return all.stream().filter(c -> c.getName().equals(name)).findFirst().orElseThrow();
    }

    private static void replace(List<ContainerRun> runs, ContainerRun run) {
        runs.removeIf(r -> r.containerName().equals(run.containerName()));
        runs.add(run);
    }

    private static byte[] randomBytes(int n) {
        byte[] b = new byte[n];
        ThreadLocalRandom.current().nextBytes(b);
        return b;
    }

    @Override
    public void close() {
        closed = true;
        executions.values().forEach(ex -> ex.cancelled = true);
        pool.shutdownNow();
    }
}
