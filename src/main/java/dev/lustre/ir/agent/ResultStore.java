package dev.lustre.ir.agent;

import dev.lustre.ir.api.LustreRoundResult;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;

/**
 * Reads and writes LustreRoundResults; every write carries what it expects, so none overwrites another's,
 * and is sealed by the agent's Pod (when it runs in one) just before it is sent.
 */
final class ResultStore {
    static final int CONFLICT = 409;
    private final KubernetesClient client;
    private final PodIdentity pod;

    /** @param pod the agent's Pod, which seals every write; null outside a Pod */
    ResultStore(KubernetesClient client, PodIdentity pod) {
        this.client = client;
        this.pod = pod;
    }

    private LustreRoundResult sealed(LustreRoundResult result) {
        if (pod != null && result.getSpec() != null) {
            result.getSpec().seal = pod.seal(result.getSpec());
        }
        return result;
    }

    LustreRoundResult get(String namespace, String name) {
        return client.resources(LustreRoundResult.class).inNamespace(namespace).withName(name).get();
    }

    /** The object created, or null when one of that name exists already (written before a restart). */
    LustreRoundResult createOnce(LustreRoundResult result) {
        try {
            return client.resources(LustreRoundResult.class).inNamespace(result.getMetadata().getNamespace())
                    .resource(sealed(result)).create();
        } catch (KubernetesClientException e) {
            if (e.getCode() == CONFLICT) {
                return null;
            }
            throw e;
        }
    }

    /** An update with the resourceVersion the object carries: a concurrent write makes it fail with 409. */
    LustreRoundResult update(LustreRoundResult result) {
        return client.resources(LustreRoundResult.class).inNamespace(result.getMetadata().getNamespace())
                .resource(sealed(result)).update();
    }

    /** Writes {@code result}'s spec over the object as it is now: after a conflict, from a fresh read. */
    LustreRoundResult updateFromFresh(LustreRoundResult result) {
        LustreRoundResult current = get(result.getMetadata().getNamespace(), result.getMetadata().getName());
        if (current == null) {
            result.getMetadata().setResourceVersion(null);
            LustreRoundResult created = createOnce(result);
            if (created != null) {
                return created;
            }
            current = get(result.getMetadata().getNamespace(), result.getMetadata().getName());
        }
        current.setSpec(result.getSpec());
        return update(current);
    }

    static boolean isConflict(KubernetesClientException e) {
        return e.getCode() == CONFLICT;
    }
}
