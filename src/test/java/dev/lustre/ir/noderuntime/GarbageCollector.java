package dev.lustre.ir.noderuntime;

import dev.lustre.ir.noderuntime.Monitors.Watched;
import io.fabric8.kubernetes.api.model.DeletionPropagation;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.OwnerReference;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.jboss.logging.Logger;

/**
 * kube-controller-manager's garbage collector (pkg/controller/garbagecollector, Kubernetes 1.20),
 * for objects of any kind: the work of its {@code attemptToDelete} and {@code attemptToOrphan}
 * workers on the objects {@link GraphEvents} queues. For each, from the API's current copy:
 * <ul>
 * <li>being deleted in the foreground ({@code foregroundDeletion} finalizer): its dependents that
 *     block it ({@code blockOwnerDeletion: true}) are queued to be deleted; once none is left in
 *     the cache the finalizer is removed and the API server deletes it
 *     ({@code processDeletingDependentsItem});</li>
 * <li>being deleted with {@code orphan}: the owner references to it are removed from its
 *     dependents, then the finalizer ({@code orphanDependents}, {@code removeFinalizer});</li>
 * <li>otherwise, if it has owner references, each owner is looked up in the API (not the cache:
 *     an owner a cache lags behind is never taken for gone) and classified solid, dangling (404, or
 *     another UID) or waiting (being deleted in the foreground) ({@code classifyReferences}):
 *     <ul>
 *     <li>a solid owner left: it stays; references to dangling and waiting owners are removed;</li>
 *     <li>an owner waiting and dependents of its own: it is deleted in the foreground, so the
 *         deletion propagates (and unblocks its own references first if a dependent of it waits
 *         too, the real collector's guard against cycles);</li>
 *     <li>otherwise: it is deleted, honouring an {@code orphan} or {@code foregroundDeletion}
 *         finalizer it already carries, in the background by default.</li>
 *     </ul></li>
 * </ul>
 * Deletes carry the object's UID as precondition (see {@link GcOperations}).
 *
 * <p>Left out: the absent-owner cache (every owner is looked up), and the rule of 1.20 that a
 * cluster-scoped object referring to a namespaced owner is never collected is applied only by
 * leaving such an object alone.
 */
final class GarbageCollector {
    private static final Logger LOG = Logger.getLogger(GarbageCollector.class);
    private static final Duration UNSYNCED_RETRY = Duration.ofMillis(200);

    private final ApiKinds kinds;
    private final Monitors monitors;
    private final GcOperations operations;
    private KeyQueue queue;

    GarbageCollector(ApiKinds kinds, Monitors monitors, GcOperations operations) {
        this.kinds = kinds;
        this.monitors = monitors;
        this.operations = operations;
    }

    void setQueue(KeyQueue queue) {
        this.queue = queue;
    }

    void attemptToDelete(ObjectRef ref) {
        queue.add(ref.key());
    }

    /** {@code attemptToDeleteItem}. */
    void sync(String key) {
        ObjectRef item = ObjectRef.parse(key);
        GenericKubernetesResource latest = operations.get(item);
        if (latest == null) {
            return; // gone: its delete event queues its dependents
        }
        if (Ownership.beingDeleted(latest)) {
            // "Being deleted" is a one-way trip: only the finalizers of the collector are its business.
            if (Ownership.hasFinalizer(latest, Ownership.FOREGROUND)) {
                processDeletingDependents(item, key);
            } else if (Ownership.hasFinalizer(latest, Ownership.ORPHAN)) {
                orphanDependents(item, key);
            }
            return;
        }
        List<OwnerReference> owners = Ownership.owners(latest);
        if (owners.isEmpty()) {
            return;
        }
        List<OwnerReference> solid = new ArrayList<>();
        List<OwnerReference> dangling = new ArrayList<>();
        List<OwnerReference> waiting = new ArrayList<>();
        for (OwnerReference ref : owners) {
            ObjectRef owner = kinds.owner(ref, item.namespace());
            if (!item.namespaced() && owner.namespaced()) {
                LOG.debugf("%s is cluster-scoped and refers to a namespaced owner %s: not collected", item, owner);
                return;
            }
            GenericKubernetesResource found = operations.get(owner);
            if (found == null) {
                dangling.add(ref);
            } else if (Ownership.deletingDependents(found)) {
                waiting.add(ref);
            } else {
                solid.add(ref);
            }
        }
        if (!solid.isEmpty()) {
            if (!dangling.isEmpty() || !waiting.isEmpty()) {
                Set<String> uids = new HashSet<>();
                dangling.forEach(r -> uids.add(r.getUid()));
                waiting.forEach(r -> uids.add(r.getUid()));
                LOG.debugf("%s keeps %d owner(s); dropping references to %s", item, solid.size(), uids);
                operations.removeOwnerReferences(item, uids);
            }
            return;
        }
        List<Watched> dependents = monitors.dependentsOf(item.uid());
        if (!waiting.isEmpty() && !dependents.isEmpty()) {
            if (dependents.stream().anyMatch(d -> Ownership.deletingDependents(d.object()))) {
                LOG.debugf("%s: an owner and a dependent both wait in the foreground; unblocking its references", item);
                operations.unblockOwnerReferences(item);
            }
            operations.delete(item, DeletionPropagation.FOREGROUND);
            return;
        }
        DeletionPropagation policy = Ownership.hasFinalizer(latest, Ownership.ORPHAN) ? DeletionPropagation.ORPHAN
                : Ownership.hasFinalizer(latest, Ownership.FOREGROUND) ? DeletionPropagation.FOREGROUND
                : DeletionPropagation.BACKGROUND;
        LOG.debugf("%s has no owner left (%d gone, %d waiting): deleting it", item, dangling.size(), waiting.size());
        operations.delete(item, policy);
    }

    /** {@code processDeletingDependentsItem}. */
    private void processDeletingDependents(ObjectRef item, String key) {
        if (!monitors.allSynced()) {
            queue.addAfter(key, UNSYNCED_RETRY); // a kind still listing may hold blocking dependents
            return;
        }
        List<Watched> blocking = monitors.dependentsOf(item.uid()).stream()
                .filter(d -> Ownership.blocks(d.object(), item.uid())).toList();
        if (blocking.isEmpty()) {
            LOG.debugf("%s: no blocking dependent left, removing %s", item, Ownership.FOREGROUND);
            operations.removeFinalizer(item, Ownership.FOREGROUND);
            return;
        }
        for (Watched dependent : blocking) {
            if (!Ownership.deletingDependents(dependent.object())) {
                attemptToDelete(dependent.ref());
            }
        }
    }

    /** The {@code attemptToOrphan} worker. */
    private void orphanDependents(ObjectRef item, String key) {
        if (!monitors.allSynced()) {
            queue.addAfter(key, UNSYNCED_RETRY);
            return;
        }
        for (Watched dependent : monitors.dependentsOf(item.uid())) {
            operations.removeOwnerReferences(dependent.ref(), Set.of(item.uid()));
        }
        LOG.debugf("%s: dependents orphaned, removing %s", item, Ownership.ORPHAN);
        operations.removeFinalizer(item, Ownership.ORPHAN);
    }
}
