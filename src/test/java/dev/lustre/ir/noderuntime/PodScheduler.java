package dev.lustre.ir.noderuntime;

import dev.lustre.ir.kube.Times;
import io.fabric8.kubernetes.api.model.Binding;
import io.fabric8.kubernetes.api.model.BindingBuilder;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.PodCondition;
import io.fabric8.kubernetes.api.model.PodConditionBuilder;
import io.fabric8.kubernetes.api.model.PodStatus;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.stream.Collectors;
import org.jboss.logging.Logger;

/**
 * The default scheduler, for what Jobs need: an unbound Pod goes to a node that passes
 * {@link NodeFit} (the least busy one when several do) through a {@code Binding}, as the real
 * scheduler does; when none does, the Pod stays Pending with {@code PodScheduled=False},
 * reason {@code Unschedulable} and the scheduler's "0/N nodes are available: …" message. Node
 * changes re-queue unbound Pods, as the scheduler retries unschedulable Pods on cluster events.
 */
final class PodScheduler {
    private static final Logger LOG = Logger.getLogger(PodScheduler.class);
    static final String DEFAULT_SCHEDULER = "default-scheduler";

    private final KubernetesClient client;
    private final ClusterCache cache;
    private final RuntimeStats stats;

    PodScheduler(KubernetesClient client, ClusterCache cache, RuntimeStats stats) {
        this.client = client;
        this.cache = cache;
        this.stats = stats;
    }

    void schedule(Pod pod) {
        String scheduler = pod.getSpec().getSchedulerName();
        if (scheduler != null && !scheduler.isEmpty() && !DEFAULT_SCHEDULER.equals(scheduler)) {
            return;
        }
        if (PodPhases.isTerminal(pod) || PodPhases.isDeleting(pod)) {
            return;
        }
        Optional<Set<String>> pinned = NodeFit.pinnedNodeNames(pod);
        Collection<Node> candidates = pinned
                .map(names -> names.stream().map(cache::node).filter(Objects::nonNull).collect(Collectors.toList()))
                .map(list -> (Collection<Node>) list)
                .orElseGet(cache::allNodes);
        List<Node> feasible = new ArrayList<>();
        Map<String, Integer> reasons = new TreeMap<>();
        for (Node node : candidates) {
            Optional<String> misfit = NodeFit.misfit(pod, node);
            if (misfit.isPresent()) {
                reasons.merge(misfit.get(), 1, Integer::sum);
            } else {
                feasible.add(node);
            }
        }
        int total = cache.nodeCount();
        if (pinned.isPresent() && total > candidates.size()) {
            // Every node outside the pinned set fails the affinity filter.
            reasons.merge(NodeFit.REASON_SELECTOR, total - candidates.size(), Integer::sum);
        }
        if (feasible.isEmpty()) {
            markUnschedulable(pod, unschedulableMessage(total, reasons));
            return;
        }
        bind(pod, leastBusy(feasible));
    }

    /** The scheduler's FitError text: reasons with their node counts, sorted. */
    static String unschedulableMessage(int totalNodes, Map<String, Integer> reasons) {
        List<String> parts = reasons.entrySet().stream().map(e -> e.getValue() + " " + e.getKey()).sorted().toList();
        return "0/" + totalNodes + " nodes are available: " + String.join(", ", parts) + ".";
    }

    /**
     * Whether two scheduler messages name the same reasons, whatever the node counts. Adding
     * thousands of nodes changes "0/N nodes" for every pending pod; rewriting each pod's condition
     * for that would cost (nodes x pending pods) writes, so only a change of reasons is written.
     */
    static boolean sameReasons(String a, String b) {
        return b != null && a.replaceAll("\\d+", "#").equals(b.replaceAll("\\d+", "#"));
    }

    private Node leastBusy(List<Node> feasible) {
        if (feasible.size() == 1) {
            return feasible.get(0);
        }
        int offset = ThreadLocalRandom.current().nextInt(feasible.size());
        List<Node> rotated = new ArrayList<>(feasible.subList(offset, feasible.size()));
        rotated.addAll(feasible.subList(0, offset));
        return rotated.stream().min(Comparator.comparingLong(n -> cache.podsOnNode(n.getMetadata().getName()).stream()
                .filter(p -> !PodPhases.isTerminal(p)).count())).orElseThrow();
    }

    private void bind(Pod pod, Node node) {
        Binding binding = new BindingBuilder()
                .withNewMetadata().withName(pod.getMetadata().getName()).withNamespace(pod.getMetadata().getNamespace())
                .withUid(pod.getMetadata().getUid()).endMetadata()
                .withNewTarget().withApiVersion("v1").withKind("Node").withName(node.getMetadata().getName()).endTarget()
                .build();
        try {
            client.bindings().inNamespace(pod.getMetadata().getNamespace()).resource(binding).create();
            stats.podBound();
            LOG.debugf("bound pod %s/%s to %s", pod.getMetadata().getNamespace(), pod.getMetadata().getName(), node.getMetadata().getName());
        } catch (KubernetesClientException e) {
            // 409: already bound (a stale cache); 404: the pod is gone. The pod's next event settles it.
            if (e.getCode() != 409 && e.getCode() != 404) {
                throw e;
            }
        }
    }

    private void markUnschedulable(Pod pod, String message) {
        PodStatus status = pod.getStatus();
        PodCondition current = status == null || status.getConditions() == null ? null
                : status.getConditions().stream().filter(c -> "PodScheduled".equals(c.getType())).findFirst().orElse(null);
        if (current != null && "False".equals(current.getStatus()) && "Unschedulable".equals(current.getReason())
                && sameReasons(message, current.getMessage())) {
            return;
        }
        Pod updated = new PodBuilder(pod).build();
        if (updated.getStatus() == null) {
            updated.setStatus(new PodStatus());
        }
        if (updated.getStatus().getPhase() == null) {
            updated.getStatus().setPhase(PodPhases.PENDING);
        }
        List<PodCondition> conditions = new ArrayList<>(updated.getStatus().getConditions() == null ? List.of() : updated.getStatus().getConditions());
        conditions.removeIf(c -> "PodScheduled".equals(c.getType()));
        String transition = current != null && "False".equals(current.getStatus()) && current.getLastTransitionTime() != null
                ? current.getLastTransitionTime() : Times.now();
        conditions.add(new PodConditionBuilder().withType("PodScheduled").withStatus("False").withReason("Unschedulable")
                .withMessage(message).withLastTransitionTime(transition).build());
        updated.getStatus().setConditions(conditions);
        try {
            client.pods().inNamespace(pod.getMetadata().getNamespace()).resource(updated).updateStatus();
        } catch (KubernetesClientException e) {
            if (e.getCode() != 409 && e.getCode() != 404) {
                throw e;
            }
        }
    }
}
