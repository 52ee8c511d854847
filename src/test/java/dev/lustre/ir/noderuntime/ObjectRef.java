package dev.lustre.ir.noderuntime;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.OwnerReference;
import java.util.List;

/**
 * One object as the garbage collector names it: the {@code objectReference} of
 * pkg/controller/garbagecollector (apiVersion, kind, namespace, name, UID). The UID is part of the
 * identity: an object deleted and created again under the same name is another object. The
 * namespace is empty for cluster-scoped objects.
 */
record ObjectRef(String apiVersion, String kind, String namespace, String name, String uid) {
    private static final String SEP = "|";

    ObjectRef {
        namespace = namespace == null ? "" : namespace;
    }

    static ObjectRef of(Kind kind, HasMetadata object) {
        return new ObjectRef(kind.apiVersion(), kind.kind(), object.getMetadata().getNamespace(),
                object.getMetadata().getName(), object.getMetadata().getUid());
    }

    /** The owner an owner reference names, in the dependent's namespace unless the owner's kind is cluster-scoped. */
    static ObjectRef owner(OwnerReference ref, String namespace) {
        return new ObjectRef(ref.getApiVersion(), ref.getKind(), namespace, ref.getName(), ref.getUid());
    }

    Kind type() {
        return new Kind(apiVersion, kind);
    }

    boolean namespaced() {
        return !namespace.isEmpty();
    }

    /** A work-queue key; {@code |} appears in none of the parts. */
    String key() {
        return String.join(SEP, apiVersion, kind, namespace, name, uid);
    }

    static ObjectRef parse(String key) {
        List<String> p = List.of(key.split("\\" + SEP, -1));
        return new ObjectRef(p.get(0), p.get(1), p.get(2), p.get(3), p.get(4));
    }

    @Override
    public String toString() {
        return kind + " " + (namespace.isEmpty() ? "" : namespace + "/") + name;
    }

    /** A kind of object: apiVersion ({@code v1}, {@code batch/v1}, {@code group/version}) and kind. */
    record Kind(String apiVersion, String kind) {
        static final Kind POD = new Kind("v1", "Pod");
        static final Kind CONFIG_MAP = new Kind("v1", "ConfigMap");
        static final Kind JOB = new Kind("batch/v1", "Job");

        static Kind of(OwnerReference ref) {
            return new Kind(ref.getApiVersion(), ref.getKind());
        }

        @Override
        public String toString() {
            return apiVersion + "/" + kind;
        }
    }
}
