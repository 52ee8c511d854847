package dev.lustre.ir.noderuntime;

import io.fabric8.kubernetes.api.model.DeleteOptions;
import io.fabric8.kubernetes.api.model.DeleteOptionsBuilder;
import io.fabric8.kubernetes.api.model.DeletionPropagation;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.UnaryOperator;
import org.jboss.logging.Logger;

/**
 * The garbage collector's writes (operations.go and patch.go of pkg/controller/garbagecollector),
 * on objects of any kind:
 * <ul>
 * <li>{@link #delete}: a delete with the object's UID as precondition, so that an object created
 *     since under the same name is left alone;</li>
 * <li>{@link #removeOwnerReferences}, {@link #unblockOwnerReferences}, {@link #removeFinalizer}:
 *     JSON merge patches of the metadata carrying the {@code resourceVersion} they were computed
 *     from, retried on conflict, as {@code deleteOwnerRefJSONMergePatch} and {@code removeFinalizer} do.</li>
 * </ul>
 * An object found gone, or replaced by another of the same name, is left as it is.
 */
final class GcOperations {
    private static final Logger LOG = Logger.getLogger(GcOperations.class);
    private static final int CONFLICT_RETRIES = 10;

    private final KubernetesClient client;
    private final ApiKinds kinds;

    GcOperations(KubernetesClient client, ApiKinds kinds) {
        this.client = client;
        this.kinds = kinds;
    }

    /** The object as the API has it now, or null if it is gone or another object holds its name. */
    GenericKubernetesResource get(ObjectRef ref) {
        GenericKubernetesResource latest = kinds.resource(ref).get();
        if (latest == null || (ref.uid() != null && !ref.uid().isEmpty() && !ref.uid().equals(latest.getMetadata().getUid()))) {
            return null;
        }
        return latest;
    }

    void delete(ObjectRef ref, DeletionPropagation policy) {
        LOG.debugf("deleting %s (propagation %s)", ref, policy);
        DeleteOptions options = new DeleteOptionsBuilder().withApiVersion("v1").withKind("DeleteOptions")
                .withPropagationPolicy(policy.toString()).withNewPreconditions().withUid(ref.uid()).endPreconditions().build();
        try {
            client.raw(kinds.path(ref), "DELETE", options);
        } catch (KubernetesClientException e) {
            // 404: gone already; 409: the UID precondition failed, another object holds the name.
            if (e.getCode() != 404 && e.getCode() != 409) {
                throw e;
            }
        }
    }

    /** {@code deleteOwnerRefJSONMergePatch}: drops the object's references to these owners. */
    void removeOwnerReferences(ObjectRef ref, Set<String> ownerUids) {
        patchOwnerReferences(ref, refs -> {
            List<OwnerReference> kept = new ArrayList<>(refs);
            kept.removeIf(o -> ownerUids.contains(o.getUid()));
            return kept;
        });
    }

    /** {@code unblockOwnerReferencesJSONMergePatch}: every owner reference of the object to {@code blockOwnerDeletion: false}. */
    void unblockOwnerReferences(ObjectRef ref) {
        patchOwnerReferences(ref, refs -> refs.stream()
                .map(o -> Boolean.TRUE.equals(o.getBlockOwnerDeletion()) ? new OwnerReferenceBuilder(o).withBlockOwnerDeletion(false).build() : o)
                .toList());
    }

    void removeFinalizer(ObjectRef ref, String finalizer) {
        retryOnConflict(() -> {
            GenericKubernetesResource fresh = get(ref);
            if (fresh == null || !Ownership.hasFinalizer(fresh, finalizer)) {
                return;
            }
            List<String> finalizers = new ArrayList<>(fresh.getMetadata().getFinalizers());
            finalizers.removeIf(finalizer::equals);
            LOG.debugf("removing finalizer %s of %s", finalizer, ref);
            patchMetadata(ref, fresh, "finalizers", finalizers);
        });
    }

    private void patchOwnerReferences(ObjectRef ref, UnaryOperator<List<OwnerReference>> change) {
        retryOnConflict(() -> {
            GenericKubernetesResource fresh = get(ref);
            if (fresh == null) {
                return;
            }
            List<OwnerReference> before = Ownership.owners(fresh);
            List<OwnerReference> after = change.apply(before);
            if (after.equals(before)) {
                return;
            }
            LOG.debugf("owner references of %s: %d -> %d", ref, before.size(), after.size());
            patchMetadata(ref, fresh, "ownerReferences", after);
        });
    }

    private void patchMetadata(ObjectRef ref, GenericKubernetesResource fresh, String field, Object value) {
        Map<String, Object> metadata = new LinkedHashMap<>();
        metadata.put("resourceVersion", fresh.getMetadata().getResourceVersion());
        metadata.put(field, value);
        String patch = client.getKubernetesSerialization().asJson(Map.of("metadata", metadata));
        try {
            kinds.resource(ref).patch(PatchContext.of(PatchType.JSON_MERGE), patch);
        } catch (KubernetesClientException e) {
            if (e.getCode() != 404) {
                throw e;
            }
        }
    }

    static void retryOnConflict(Runnable action) {
        for (int attempt = 1; ; attempt++) {
            try {
                action.run();
                return;
            } catch (KubernetesClientException e) {
                if (e.getCode() != 409 || attempt >= CONFLICT_RETRIES) {
                    throw e;
                }
            }
        }
    }
}
