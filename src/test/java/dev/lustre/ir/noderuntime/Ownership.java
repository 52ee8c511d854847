package dev.lustre.ir.noderuntime;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.OwnerReference;
import java.util.List;
import java.util.Optional;

/**
 * What the garbage collector reads from an object's metadata: its owner references and the two
 * finalizers the API server adds on a cascading delete ({@code propagationPolicy: Foreground} adds
 * {@code foregroundDeletion}, {@code Orphan} adds {@code orphan}; {@code Background}, the default of
 * kubectl and of fabric8, adds none and the object goes at once).
 */
final class Ownership {
    /** {@code metav1.FinalizerDeleteDependents}. */
    static final String FOREGROUND = "foregroundDeletion";
    /** {@code metav1.FinalizerOrphanDependents}. */
    static final String ORPHAN = "orphan";

    private Ownership() {
    }

    static List<OwnerReference> owners(HasMetadata object) {
        List<OwnerReference> refs = object.getMetadata().getOwnerReferences();
        return refs == null ? List.of() : refs;
    }

    static Optional<OwnerReference> referenceTo(HasMetadata dependent, String ownerUid) {
        return owners(dependent).stream().filter(o -> ownerUid.equals(o.getUid())).findFirst();
    }

    /** The dependent holds up its owner's foreground deletion ({@code blockOwnerDeletion: true}). */
    static boolean blocks(HasMetadata dependent, String ownerUid) {
        return referenceTo(dependent, ownerUid).map(o -> Boolean.TRUE.equals(o.getBlockOwnerDeletion())).orElse(false);
    }

    static boolean hasFinalizer(HasMetadata object, String finalizer) {
        List<String> finalizers = object.getMetadata().getFinalizers();
        return finalizers != null && finalizers.contains(finalizer);
    }

    static boolean beingDeleted(HasMetadata object) {
        return object.getMetadata().getDeletionTimestamp() != null;
    }

    /** Deleted in the foreground: it waits for its dependents. */
    static boolean deletingDependents(HasMetadata object) {
        return beingDeleted(object) && hasFinalizer(object, FOREGROUND);
    }

    /** Deleted with orphan propagation: its dependents are to be let go. */
    static boolean orphaningDependents(HasMetadata object) {
        return beingDeleted(object) && hasFinalizer(object, ORPHAN);
    }
}
