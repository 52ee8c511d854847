package dev.lustre.ir.noderuntime;

import dev.lustre.ir.noderuntime.Monitors.Watched;
import dev.lustre.ir.noderuntime.ObjectRef.Kind;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * The event side of the garbage collector (GraphBuilder.processGraphChanges of
 * pkg/controller/garbagecollector): from what the monitors see, it decides which objects the
 * collector must look at, and queues them ({@code attemptToDelete}). The collector confirms
 * everything against the API before it writes, so a queued object is a question, never a verdict.
 * <ul>
 * <li>an object is observed whose owner is not in the cache (gone, or the cache lags, or its kind
 *     was not watched yet): the object is queued, and the owner's kind is watched from then on;</li>
 * <li>an object is observed whose owner is being deleted in the foreground: the object is queued;</li>
 * <li>an object starts being deleted in the foreground ({@code foregroundDeletion}): it and its
 *     dependents are queued; with {@code orphan}: it is queued;</li>
 * <li>an object is deleted: its dependents are queued, and its owners that wait in the foreground;</li>
 * <li>an object drops a reference, or stops blocking it ({@code blockOwnerDeletion} true to false):
 *     the owner is queued if it waits in the foreground;</li>
 * <li>a kind watched on demand finishes its first list: the objects referring to an owner of
 *     that kind it did not list are queued (the owner went before the kind was watched).</li>
 * </ul>
 * At the runtime's start, the monitors' first lists are the sweep: every object whose owner is
 * missing then (deleted while the runtime was down) is queued by the first rule.
 */
final class GraphEvents implements Monitors.Listener {
    private final Monitors monitors;
    private final Consumer<ObjectRef> attemptToDelete;

    GraphEvents(Monitors monitors, Consumer<ObjectRef> attemptToDelete) {
        this.monitors = monitors;
        this.attemptToDelete = attemptToDelete;
    }

    @Override
    public ResourceEventHandler<HasMetadata> handlerFor(Kind kind) {
        return new ResourceEventHandler<>() {
            @Override
            public void onAdd(HasMetadata object) {
                changed(kind, null, object);
            }

            @Override
            public void onUpdate(HasMetadata old, HasMetadata object) {
                changed(kind, old, object);
            }

            @Override
            public void onDelete(HasMetadata object, boolean finalStateUnknown) {
                deleted(object);
            }
        };
    }

    @Override
    public void synced(Kind ownerKind) {
        for (Watched dependent : monitors.referringTo(ownerKind)) {
            boolean missing = Ownership.owners(dependent.object()).stream()
                    .filter(r -> ownerKind.equals(Kind.of(r)))
                    .anyMatch(r -> monitors.cached(ownerKind, r.getUid()).isEmpty());
            if (missing) {
                attemptToDelete.accept(dependent.ref());
            }
        }
    }

    private void changed(Kind kind, HasMetadata old, HasMetadata object) {
        ObjectRef self = ObjectRef.of(kind, object);
        if (Ownership.deletingDependents(object) && (old == null || !Ownership.deletingDependents(old))) {
            attemptToDelete.accept(self);
            monitors.dependentsOf(self.uid()).forEach(d -> attemptToDelete.accept(d.ref()));
        }
        if (Ownership.orphaningDependents(object) && (old == null || !Ownership.orphaningDependents(old))) {
            attemptToDelete.accept(self);
        }
        for (OwnerReference ref : Ownership.owners(object)) {
            Kind ownerKind = Kind.of(ref);
            monitors.watch(ownerKind);
            Optional<Watched> owner = monitors.cached(ownerKind, ref.getUid());
            if (owner.isEmpty() || Ownership.deletingDependents(owner.get().object())) {
                attemptToDelete.accept(self);
            } else if (Ownership.orphaningDependents(owner.get().object())) {
                attemptToDelete.accept(owner.get().ref());
            }
        }
        if (old != null) {
            for (OwnerReference was : Ownership.owners(old)) {
                boolean stillBlocks = Ownership.blocks(object, was.getUid());
                if (Boolean.TRUE.equals(was.getBlockOwnerDeletion()) && !stillBlocks) {
                    queueIfWaiting(was);
                }
            }
        }
    }

    private void deleted(HasMetadata object) {
        monitors.dependentsOf(object.getMetadata().getUid()).forEach(d -> attemptToDelete.accept(d.ref()));
        Ownership.owners(object).forEach(this::queueIfWaiting);
    }

    /** An owner deleted in the foreground may have lost its last blocking dependent. */
    private void queueIfWaiting(OwnerReference ref) {
        monitors.cached(Kind.of(ref), ref.getUid())
                .filter(owner -> Ownership.deletingDependents(owner.object()))
                .ifPresent(owner -> attemptToDelete.accept(owner.ref()));
    }
}
