package dev.lustre.ir.operator;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.util.function.Consumer;

/**
 * Creates a round's LustreRound and LustreCloses. Each is created once under a deterministic name:
 * one that already exists was issued by an earlier reconcile or an earlier operator and is left as
 * it is (what was issued is what runs), unless it belongs to another object.
 */
class OrderLauncher {
    private final KubernetesClient client;
    private final Consumer<HasMetadata> created;

    /** @param created told of each object created, so the next reconcile sees it before its watch event arrives */
    OrderLauncher(KubernetesClient client, Consumer<HasMetadata> created) {
        this.client = client;
        this.created = created;
    }

    <T extends HasMetadata> void create(T order) {
        try {
            created.accept(client.resource(order).create());
        } catch (KubernetesClientException e) {
            if (e.getCode() != 409) {
                throw e;
            }
            HasMetadata existing = client.resource(order).get();
            if (existing != null && !controller(existing).equals(controller(order))) {
                throw new IllegalStateException(order.getKind() + " " + order.getMetadata().getName()
                        + " already exists and belongs to another object");
            }
        }
    }

    /** The UID of an object's controlling owner, or "" when it has none. */
    static String controller(HasMetadata o) {
        return o.getMetadata().getOwnerReferences() == null ? "" : o.getMetadata().getOwnerReferences().stream()
                .filter(r -> Boolean.TRUE.equals(r.getController())).map(r -> r.getUid()).findFirst().orElse("");
    }
}
