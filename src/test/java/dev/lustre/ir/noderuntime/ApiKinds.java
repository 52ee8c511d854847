package dev.lustre.ir.noderuntime;

import dev.lustre.ir.noderuntime.ObjectRef.Kind;
import io.fabric8.kubernetes.api.model.APIResource;
import io.fabric8.kubernetes.api.model.APIResourceList;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.GenericKubernetesResourceList;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.MixedOperation;
import io.fabric8.kubernetes.client.dsl.Resource;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The garbage collector's REST mapper: maps a kind named by an owner reference to its API resource
 * (plural, scope) by discovery of its group version, and gives generic access to objects of any
 * kind, as the real one does through the dynamic client. A mapping found is kept; a kind the API
 * does not serve (yet) raises {@link UnknownKind} and is looked up again next time.
 */
final class ApiKinds {
    private final KubernetesClient client;
    private final Map<Kind, ResourceDefinitionContext> resolved = new ConcurrentHashMap<>();

    ApiKinds(KubernetesClient client) {
        this.client = client;
    }

    ResourceDefinitionContext resolve(Kind kind) {
        ResourceDefinitionContext known = resolved.get(kind);
        if (known != null) {
            return known;
        }
        APIResourceList list;
        try {
            list = client.getApiResources(kind.apiVersion());
        } catch (KubernetesClientException e) {
            if (e.getCode() == 404) {
                throw new UnknownKind(kind);
            }
            throw e;
        }
        if (list != null && list.getResources() != null) {
            for (APIResource r : list.getResources()) {
                // Subresources (pods/status) share their parent's kind.
                if (kind.kind().equals(r.getKind()) && !r.getName().contains("/")) {
                    ResourceDefinitionContext context = ResourceDefinitionContext.fromApiResource(kind.apiVersion(), r);
                    resolved.put(kind, context);
                    return context;
                }
            }
        }
        throw new UnknownKind(kind);
    }

    boolean namespaced(Kind kind) {
        return resolve(kind).isNamespaceScoped();
    }

    MixedOperation<GenericKubernetesResource, GenericKubernetesResourceList, Resource<GenericKubernetesResource>> operation(Kind kind) {
        return client.genericKubernetesResources(resolve(kind));
    }

    Resource<GenericKubernetesResource> resource(ObjectRef ref) {
        var op = operation(ref.type());
        return ref.namespaced() ? op.inNamespace(ref.namespace()).withName(ref.name()) : op.withName(ref.name());
    }

    /** The object's path under the API server's root. */
    String path(ObjectRef ref) {
        ResourceDefinitionContext c = resolve(ref.type());
        String group = c.getGroup() == null || c.getGroup().isEmpty() ? "/api/" + c.getVersion() : "/apis/" + c.getGroup() + "/" + c.getVersion();
        String scope = ref.namespaced() ? "/namespaces/" + ref.namespace() : "";
        return group + scope + "/" + c.getPlural() + "/" + ref.name();
    }

    /** The owner an owner reference names: in the dependent's namespace if its kind is namespaced. */
    ObjectRef owner(OwnerReference ref, String dependentNamespace) {
        return ObjectRef.owner(ref, namespaced(Kind.of(ref)) ? dependentNamespace : "");
    }

    /** A kind that discovery does not know: a CRD not (yet) installed, a typo in an owner reference. */
    static final class UnknownKind extends RuntimeException {
        UnknownKind(Kind kind) {
            super("the API server serves no kind " + kind);
        }
    }
}
