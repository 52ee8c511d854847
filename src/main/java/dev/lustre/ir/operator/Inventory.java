package dev.lustre.ir.operator;

import dev.lustre.ir.api.LustreFailover;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Node → client UUIDs per file system, from successful reconnects. It lets status name the node
 * behind a UUID, and lets servers older than 2.16 (no stale-client list) be planned from the last
 * UUIDs of dead nodes. A client UUID changes at every mount, so an old entry may name nothing:
 * evicting an unknown UUID is harmless.
 */
public class Inventory {
    /** Read at most this often: this operator updates its copy when it writes, but an earlier round or an agent may write too. */
    private static final Duration FRESH = Duration.ofSeconds(5);
    private final KubernetesClient client;
    private final Map<String, Cached> cache = new ConcurrentHashMap<>();

    private record Cached(Instant readAt, Map<String, List<String>> data) {
    }

    public Inventory(KubernetesClient client) {
        this.client = client;
    }

    public static String configMapName(String fsName) {
        return "lustre-ir-inventory-" + fsName.toLowerCase().replace('_', '-');
    }

    public Map<String, List<String>> read(LustreFailover lfo) {
        String key = key(lfo);
        Cached c = cache.get(key);
        if (c != null && c.readAt().plus(FRESH).isAfter(Instant.now())) {
            return c.data();
        }
        Map<String, List<String>> data = load(lfo);
        cache.put(key, new Cached(Instant.now(), data));
        return data;
    }

    private static String key(LustreFailover lfo) {
        return lfo.getMetadata().getNamespace() + "/" + lfo.getSpec().fsName;
    }

    private Map<String, List<String>> load(LustreFailover lfo) {
        ConfigMap cm = client.configMaps().inNamespace(lfo.getMetadata().getNamespace())
                .withName(configMapName(lfo.getSpec().fsName)).get();
        Map<String, List<String>> out = new HashMap<>();
        if (cm != null && cm.getData() != null) {
            cm.getData().forEach((node, uuids) -> out.put(node, Arrays.asList(uuids.split(" "))));
        }
        return out;
    }

    /**
     * Records what this round learned; other nodes' entries are left alone (a merge patch). The copy
     * read last is brought up to date rather than dropped: the rounds of one file system share it (an
     * OSS's OSTs fail over together, each round recording as its clients come back), and dropping it
     * at each write would have every round read the whole inventory again at its next step.
     */
    public void record(LustreFailover lfo, Map<String, List<String>> learned) {
        if (learned.isEmpty()) {
            return;
        }
        Map<String, String> data = new HashMap<>();
        learned.forEach((node, uuids) -> data.put(node, String.join(" ", uuids)));
        var configMaps = client.configMaps().inNamespace(lfo.getMetadata().getNamespace());
        String name = configMapName(lfo.getSpec().fsName);
        String patch = Serialization.asJson(Map.of("data", data));
        try {
            configMaps.withName(name).patch(PatchContext.of(PatchType.JSON_MERGE), patch);
        } catch (KubernetesClientException e) {
            if (e.getCode() != 404) {
                throw e;
            }
            ConfigMap cm = new ConfigMapBuilder()
                    .withNewMetadata().withName(name).withNamespace(lfo.getMetadata().getNamespace())
                    .withLabels(Map.of("app.kubernetes.io/managed-by", AgentJobFactory.MANAGED_BY, "ir.lustre.dev/fsname", lfo.getSpec().fsName))
                    .endMetadata()
                    .withData(data)
                    .build();
            try {
                configMaps.resource(cm).create();
            } catch (KubernetesClientException raced) {
                if (raced.getCode() != 409) {
                    throw raced;
                }
                configMaps.withName(name).patch(PatchContext.of(PatchType.JSON_MERGE), patch);
            }
        }
        cache.computeIfPresent(key(lfo), (k, c) -> {
            Map<String, List<String>> merged = new HashMap<>(c.data());
            learned.forEach((node, uuids) -> merged.put(node, List.copyOf(uuids)));
            return new Cached(c.readAt(), merged);
        });
    }
}
