package dev.lustre.ir.testing;

import io.fabric8.kubernetes.client.utils.Serialization;
import java.util.LinkedHashMap;
import java.util.Map;

/** Manifests for tests, sent as YAML text so that invalid values reach the API server unchanged. */
public final class Samples {
    private static final String BASE_SPEC = """
            fsName: lustre
            target: lustre-OST0001
            server: {node: oss2, nids: ["10.0.0.12@o2ib"]}
            clients: {nodes: [c001, c002]}
            """;

    private Samples() {
    }

    /** A valid LustreFailover whose spec keys are replaced by those of {@code specOverrides} (YAML). */
    @SuppressWarnings("unchecked")
    public static String failover(String name, String specOverrides) {
        Map<String, Object> spec = new LinkedHashMap<>(Serialization.unmarshal(BASE_SPEC, Map.class));
        if (!specOverrides.isBlank()) {
            spec.putAll(Serialization.unmarshal(specOverrides, Map.class));
        }
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("apiVersion", "ir.lustre.dev/v1alpha1");
        doc.put("kind", "LustreFailover");
        doc.put("metadata", Map.of("name", name));
        doc.put("spec", spec);
        return Serialization.asYaml(doc);
    }
}
