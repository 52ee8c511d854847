package dev.lustre.ir.operator;

import dev.lustre.ir.api.LustreFailover;
import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.util.List;
import java.util.function.Supplier;

/**
 * The nodes a round's roster is chosen from, listed from the API server when the round starts: the
 * roster is fixed for the round, and the informer's cache may lag (a watch that dropped is listed
 * again only after a back-off), which left nodes created just before the failover out of the roster
 * (found by the fault suite). A selector the API server refuses falls back to the cache; the spec's
 * validation then names it.
 */
final class RosterCandidates {
    private final KubernetesClient client;
    private final Supplier<List<Node>> cached;

    /** @param cached the Nodes of the informer's cache */
    RosterCandidates(KubernetesClient client, Supplier<List<Node>> cached) {
        this.client = client;
        this.cached = cached;
    }

    List<Node> of(LustreFailover lfo) {
        LabelSelector selector = lfo.getSpec() == null || lfo.getSpec().clients == null ? null : lfo.getSpec().clients.nodeSelector;
        if (selector == null) {
            return cached.get();
        }
        try {
            return client.nodes().withLabelSelector(selector).list().getItems();
        } catch (IllegalArgumentException e) {
            // A selector the client cannot even put into a query (an unknown operator): the validator
            // refuses it next, naming the field; no list is needed for that.
            return cached.get();
        } catch (KubernetesClientException e) {
            if (e.getCode() == 400) {
                return cached.get();
            }
            throw e;
        }
    }
}
