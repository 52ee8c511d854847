package dev.lustre.ir.noderuntime;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.Informable;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.fabric8.kubernetes.client.informers.cache.Cache;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The informer caches of Nodes, Pods, Jobs and ConfigMaps the runtime's controllers read, with the
 * indexes they need: Pods by owning Job UID and by node. Pods, Jobs and ConfigMaps are also the
 * garbage collector's {@link Monitors} for their kinds. Reading the cache keeps API traffic at what
 * a real control plane generates; writes go to the API with optimistic concurrency, so a stale
 * read costs a retry, never a wrong write.
 */
final class ClusterCache implements AutoCloseable {
    static final String BY_OWNER_UID = "owner-uid";
    static final String BY_NODE = "node";
    /** The {@link #BY_NODE} key of pods not bound to a node yet. */
    static final String UNBOUND = "";

    private final KubernetesClient client;
    private final String namespace;
    private SharedIndexInformer<Node> nodes;
    private SharedIndexInformer<Pod> pods;
    private SharedIndexInformer<Job> jobs;
    private SharedIndexInformer<ConfigMap> configMaps;

    ClusterCache(KubernetesClient client, String namespace) {
        this.client = client;
        this.namespace = namespace;
    }

    /**
     * Starts the informers (nodes, then jobs, then pods, then config maps) and returns once all
     * have synced. All exist, and are handed to the garbage collector's monitors, before any runs,
     * so a handler may read every cache from the first event on.
     */
    void start(ResourceEventHandler<Node> nodeEvents, ResourceEventHandler<Job> jobEvents,
               ResourceEventHandler<Pod> podEvents, Monitors monitors, long resyncMillis) {
        nodes = client.nodes().runnableInformer(resyncMillis);
        jobs = scoped(client.batch().v1().jobs().inAnyNamespace(), client.batch().v1().jobs().inNamespace(orDefault()))
                .runnableInformer(resyncMillis);
        pods = scoped(client.pods().inAnyNamespace(), client.pods().inNamespace(orDefault())).runnableInformer(resyncMillis);
        configMaps = scoped(client.configMaps().inAnyNamespace(), client.configMaps().inNamespace(orDefault()))
                .runnableInformer(resyncMillis);
        pods.addIndexers(Map.of(
                BY_OWNER_UID, p -> controllerOf(p).map(o -> List.of(o.getUid())).orElse(List.of()),
                BY_NODE, p -> List.of(nodeNameOf(p))));
        nodes.addEventHandler(nodeEvents);
        jobs.addEventHandler(jobEvents);
        pods.addEventHandler(podEvents);
        monitors.adopt(ObjectRef.Kind.JOB, jobs);
        monitors.adopt(ObjectRef.Kind.POD, pods);
        monitors.adopt(ObjectRef.Kind.CONFIG_MAP, configMaps);
        nodes.run();
        jobs.run();
        pods.run();
        configMaps.run();
    }

    private <T> Informable<T> scoped(Informable<T> all, Informable<T> one) {
        return namespace == null ? all : one;
    }

    private String orDefault() {
        return namespace == null ? "default" : namespace;
    }

    Node node(String name) {
        return name == null || name.isEmpty() ? null : nodes.getStore().getByKey(name);
    }

    int nodeCount() {
        return nodes.getStore().list().size();
    }

    Collection<Node> allNodes() {
        return nodes.getStore().list();
    }

    Pod pod(String key) {
        return pods.getStore().getByKey(key);
    }

    List<Pod> podsOwnedBy(String jobUid) {
        return new ArrayList<>(pods.getIndexer().byIndex(BY_OWNER_UID, jobUid));
    }

    List<Pod> podsOnNode(String nodeName) {
        return new ArrayList<>(pods.getIndexer().byIndex(BY_NODE, nodeName));
    }

    List<Pod> unboundPods() {
        return podsOnNode(UNBOUND);
    }

    Job job(String key) {
        return jobs.getStore().getByKey(key);
    }

    static String key(HasMetadata object) {
        return Cache.metaNamespaceKeyFunc(object);
    }

    static String key(String namespace, String name) {
        return namespace == null || namespace.isEmpty() ? name : namespace + "/" + name;
    }

    static String nodeNameOf(Pod pod) {
        String n = pod.getSpec() == null ? null : pod.getSpec().getNodeName();
        return n == null ? UNBOUND : n;
    }

    /** The controller owner reference of a pod, if it is a Job's. */
    static Optional<OwnerReference> controllerOf(Pod pod) {
        if (pod.getMetadata().getOwnerReferences() == null) {
            return Optional.empty();
        }
        return pod.getMetadata().getOwnerReferences().stream()
                .filter(o -> Boolean.TRUE.equals(o.getController()))
                .filter(o -> "Job".equals(o.getKind()) && o.getApiVersion() != null && o.getApiVersion().startsWith("batch/"))
                .findFirst();
    }

    /** The key of the Job that controls a pod, if any. */
    static Optional<String> jobKeyOf(Pod pod) {
        return controllerOf(pod).map(o -> key(pod.getMetadata().getNamespace(), o.getName()));
    }

    @Override
    public void close() {
        for (SharedIndexInformer<?> informer : new SharedIndexInformer<?>[] {configMaps, pods, jobs, nodes}) {
            if (informer != null) {
                informer.stop();
            }
        }
    }
}
