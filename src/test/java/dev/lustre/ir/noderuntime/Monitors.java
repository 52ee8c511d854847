package dev.lustre.ir.noderuntime;

import dev.lustre.ir.noderuntime.ObjectRef.Kind;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.Informable;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.Function;
import org.jboss.logging.Logger;

/**
 * The garbage collector's monitors (the informers of GraphBuilder): one informer per kind, indexed
 * by UID and by the UIDs of the owners each object refers to, so that "the object with this UID"
 * and "the dependents of this owner" are cache look-ups.
 *
 * <p>The real garbage collector monitors every deletable resource the API serves. Here the kinds
 * the runtime watches anyway (Pods, Jobs, ConfigMaps) are {@linkplain #adopt adopted}, and any other
 * kind gets a generic informer the first time an owner reference names it ({@link #watch}): that
 * covers every owner of the runtime's dependents, of any kind, CRDs included. An object of a kind
 * nothing has referred to yet is not watched, so a {@code foregroundDeletion} or {@code orphan}
 * finalizer on such an object with no dependents is not removed until one refers to its kind.
 */
final class Monitors implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(Monitors.class);
    static final String BY_UID = "gc-uid";
    static final String BY_OWNER_UID = "gc-owner-uid";
    /** How long a kind discovery did not know is left alone before it is looked up again. */
    private static final Duration RETRY_UNKNOWN = Duration.ofSeconds(2);

    /** What the monitors report to: the graph builder's event handling. */
    interface Listener {
        ResourceEventHandler<HasMetadata> handlerFor(Kind kind);

        /** A kind watched on demand has listed its objects. */
        void synced(Kind kind);
    }

    /** An object in a monitor's cache, with the name the garbage collector gives it. */
    record Watched(ObjectRef ref, HasMetadata object) {
    }

    private final ApiKinds kinds;
    private final String namespace;
    private final long resyncMillis;
    private final Map<Kind, SharedIndexInformer<? extends HasMetadata>> informers = new ConcurrentHashMap<>();
    private final Set<Kind> startedHere = ConcurrentHashMap.newKeySet();
    private final Set<Kind> starting = ConcurrentHashMap.newKeySet();
    private final Map<Kind, Instant> unknownUntil = new ConcurrentHashMap<>();
    private final ExecutorService starter = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "node-runtime-gc-monitors");
        t.setDaemon(true);
        return t;
    });
    private Listener listener;
    private volatile boolean closed;

    /**
     * @param namespace the runtime's namespace ({@code null}: all): namespaced owners can only be
     *                  in their dependents' namespace, cluster-scoped ones are watched cluster-wide
     */
    Monitors(ApiKinds kinds, String namespace, long resyncMillis) {
        this.kinds = kinds;
        this.namespace = namespace;
        this.resyncMillis = resyncMillis;
    }

    void setListener(Listener listener) {
        this.listener = listener;
    }

    static <T extends HasMetadata> Map<String, Function<T, List<String>>> indexers() {
        return Map.of(
                BY_UID, o -> List.of(o.getMetadata().getUid()),
                BY_OWNER_UID, o -> Ownership.owners(o).stream().map(OwnerReference::getUid).distinct().toList());
    }

    /** Monitors an informer the runtime runs itself; call before it runs. */
    <T extends HasMetadata> void adopt(Kind kind, SharedIndexInformer<T> informer) {
        informer.addIndexers(Monitors.<T>indexers());
        informer.addEventHandler(listener.handlerFor(kind));
        informers.put(kind, informer);
    }

    /** Starts monitoring a kind named by an owner reference, in the background, unless it is already. */
    void watch(Kind kind) {
        if (closed || informers.containsKey(kind)) {
            return;
        }
        Instant until = unknownUntil.get(kind);
        if (until != null && Instant.now().isBefore(until)) {
            return;
        }
        if (!starting.add(kind)) {
            return;
        }
        try {
            starter.execute(() -> {
                try {
                    start(kind);
                } finally {
                    starting.remove(kind);
                }
            });
        } catch (RejectedExecutionException e) {
            starting.remove(kind); // closing
        }
    }

    private void start(Kind kind) {
        if (closed || informers.containsKey(kind)) {
            return;
        }
        ResourceDefinitionContext context;
        try {
            context = kinds.resolve(kind);
        } catch (ApiKinds.UnknownKind | KubernetesClientException e) {
            LOG.debugf("cannot watch %s yet: %s", kind, e.getMessage());
            unknownUntil.put(kind, Instant.now().plus(RETRY_UNKNOWN));
            return;
        }
        var operation = kinds.operation(kind);
        Informable<GenericKubernetesResource> scoped = !context.isNamespaceScoped() ? operation
                : namespace == null ? operation.inAnyNamespace() : operation.inNamespace(namespace);
        SharedIndexInformer<GenericKubernetesResource> informer = scoped.runnableInformer(resyncMillis);
        informer.addIndexers(Monitors.<GenericKubernetesResource>indexers());
        informer.addEventHandler(listener.handlerFor(kind));
        informers.put(kind, informer);
        startedHere.add(kind);
        LOG.debugf("garbage collector watches %s", kind);
        informer.start().whenComplete((ignored, error) -> {
            if (closed) {
                return;
            }
            if (error != null) {
                LOG.warnf(error, "garbage collector cannot watch %s", kind);
                informers.remove(kind, informer);
                startedHere.remove(kind);
                informer.stop();
                unknownUntil.put(kind, Instant.now().plus(RETRY_UNKNOWN));
                return;
            }
            listener.synced(kind);
        });
    }

    /** Every monitor has listed its kind: the dependents known are all there are (up to watch lag). */
    boolean allSynced() {
        return informers.values().stream().allMatch(SharedIndexInformer::hasSynced);
    }

    /** The object of this kind and UID in the cache, if the kind is watched and listed. */
    Optional<Watched> cached(Kind kind, String uid) {
        SharedIndexInformer<? extends HasMetadata> informer = informers.get(kind);
        if (informer == null || !informer.hasSynced()) {
            return Optional.empty();
        }
        return informer.getIndexer().byIndex(BY_UID, uid).stream().findFirst()
                .map(o -> new Watched(ObjectRef.of(kind, o), o));
    }

    /** The cached objects, of every watched kind, with an owner reference to this UID. */
    List<Watched> dependentsOf(String ownerUid) {
        List<Watched> found = new ArrayList<>();
        informers.forEach((kind, informer) -> {
            for (HasMetadata o : informer.getIndexer().byIndex(BY_OWNER_UID, ownerUid)) {
                found.add(new Watched(ObjectRef.of(kind, o), o));
            }
        });
        return found;
    }

    /** Every cached object with an owner reference to an object of this kind. */
    List<Watched> referringTo(Kind ownerKind) {
        List<Watched> found = new ArrayList<>();
        informers.forEach((kind, informer) -> {
            for (HasMetadata o : informer.getStore().list()) {
                if (Ownership.owners(o).stream().anyMatch(r -> ownerKind.equals(Kind.of(r)))) {
                    found.add(new Watched(ObjectRef.of(kind, o), o));
                }
            }
        });
        return found;
    }

    @Override
    public void close() {
        closed = true;
        starter.shutdownNow();
        for (Kind kind : startedHere) {
            SharedIndexInformer<? extends HasMetadata> informer = informers.get(kind);
            if (informer != null) {
                informer.stop();
            }
        }
    }
}
