package dev.lustre.ir.operator;

import dev.lustre.ir.api.LustreFailover;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Predicate;

/**
 * The client nodes of a round, fixed when the round starts and kept in a ConfigMap owned by the
 * LustreFailover: a node deleted mid-round is still expected (and counts as missing), and a
 * restarted operator sees the same list.
 */
public class Roster {
    private final KubernetesClient client;
    private final Map<String, List<String>> cache = new ConcurrentHashMap<>();

    public Roster(KubernetesClient client) {
        this.client = client;
    }

    public static String configMapName(LustreFailover lfo) {
        return Names.fit(lfo.getMetadata().getName() + "-roster");
    }

    /** Selects the client nodes (selector matches ∪ listed nodes) and records them for the round. */
    public List<String> create(LustreFailover lfo, long round, List<Node> allNodes, Predicate<Node> selector) {
        TreeSet<String> nodes = new TreeSet<>();
        if (lfo.getSpec().clients.nodes != null) {
            nodes.addAll(lfo.getSpec().clients.nodes);
        }
        if (lfo.getSpec().clients.nodeSelector != null) {
            allNodes.stream().filter(selector).forEach(n -> nodes.add(n.getMetadata().getName()));
        }
        List<String> list = List.copyOf(nodes);
        ConfigMap cm = new ConfigMapBuilder()
                .withNewMetadata().withName(configMapName(lfo)).withNamespace(lfo.getMetadata().getNamespace())
                .withLabels(Map.of("app.kubernetes.io/managed-by", AgentJobFactory.MANAGED_BY))
                .withOwnerReferences(new OwnerReferenceBuilder().withApiVersion(lfo.getApiVersion()).withKind(lfo.getKind())
                        .withName(lfo.getMetadata().getName()).withUid(lfo.getMetadata().getUid()).withController(true).build())
                .endMetadata()
                .withData(Map.of("round", Long.toString(round), "nodes", String.join("\n", list)))
                .build();
        client.configMaps().inNamespace(lfo.getMetadata().getNamespace()).resource(cm).forceConflicts().serverSideApply();
        cache.put(key(lfo, round), list);
        return list;
    }

    public List<String> get(LustreFailover lfo, long round) {
        return cache.computeIfAbsent(key(lfo, round), k -> {
            ConfigMap cm = client.configMaps().inNamespace(lfo.getMetadata().getNamespace()).withName(configMapName(lfo)).get();
            if (cm == null || cm.getData() == null || !Long.toString(round).equals(cm.getData().get("round"))) {
                return null;
            }
            String nodes = cm.getData().getOrDefault("nodes", "");
            return nodes.isEmpty() ? List.of() : Arrays.asList(nodes.split("\n"));
        });
    }

    /** Keeps only the rosters of these failovers (by UID). */
    public void retain(Set<String> failoverUids) {
        cache.keySet().removeIf(k -> !failoverUids.contains(k.substring(0, k.indexOf('/'))));
    }

    private static String key(LustreFailover lfo, long round) {
        return lfo.getMetadata().getUid() + "/" + round;
    }
}
