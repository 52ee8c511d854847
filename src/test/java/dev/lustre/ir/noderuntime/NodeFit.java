package dev.lustre.ir.noderuntime;

import io.fabric8.kubernetes.api.model.Affinity;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeCondition;
import io.fabric8.kubernetes.api.model.NodeSelector;
import io.fabric8.kubernetes.api.model.NodeSelectorRequirement;
import io.fabric8.kubernetes.api.model.NodeSelectorTerm;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Taint;
import io.fabric8.kubernetes.api.model.Toleration;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Whether a Pod may be placed on a Node, with the default scheduler's filters that matter for pinned
 * Jobs (NodeUnschedulable, NodeName, NodeAffinity + nodeSelector, TaintToleration, in that order) and
 * the reason strings the 1.20 scheduler reports. On top of the scheduler, a Node whose Ready
 * condition is not True is refused with the taint the node lifecycle controller would have put on it
 * ({@code node.kubernetes.io/not-ready}, or {@code unreachable} for Unknown), as the scheduler reports it.
 */
final class NodeFit {
    static final String REASON_UNSCHEDULABLE = "node(s) were unschedulable";
    static final String REASON_HOSTNAME = "node(s) didn't match the requested hostname";
    static final String REASON_SELECTOR = "node(s) didn't match node selector";
    static final String REASON_NOT_READY = "node(s) were not ready";
    static final String TAINT_UNSCHEDULABLE = "node.kubernetes.io/unschedulable";

    private NodeFit() {
    }

    /** Why the pod cannot go to this node, or empty when it can. */
    static Optional<String> misfit(Pod pod, Node node) {
        if (node.getSpec() != null && Boolean.TRUE.equals(node.getSpec().getUnschedulable())
                && !tolerates(pod.getSpec().getTolerations(), new Taint("NoSchedule", TAINT_UNSCHEDULABLE, null, null))) {
            return Optional.of(REASON_UNSCHEDULABLE);
        }
        String requestedHost = pod.getSpec().getNodeName();
        if (requestedHost != null && !requestedHost.isEmpty() && !requestedHost.equals(node.getMetadata().getName())) {
            return Optional.of(REASON_HOSTNAME);
        }
        if (!matchesNodeSelectorAndAffinity(pod, node)) {
            return Optional.of(REASON_SELECTOR);
        }
        Optional<Taint> untolerated = firstUntoleratedTaint(pod, node);
        if (untolerated.isPresent()) {
            Taint t = untolerated.get();
            return Optional.of("node(s) had taint {" + t.getKey() + ": " + (t.getValue() == null ? "" : t.getValue())
                    + "}, that the pod didn't tolerate");
        }
        if (!isReady(node)) {
            // The 1.20 scheduler has no readiness filter: the node lifecycle controller taints such a node
            // (TaintNodesByCondition) and the scheduler reports that taint, so the message is the taint's.
            Taint implied = new Taint("NoSchedule", readyUnknown(node) ? SimNodes.TAINT_UNREACHABLE : SimNodes.TAINT_NOT_READY, null, null);
            if (!tolerates(pod.getSpec().getTolerations(), implied)) {
                return Optional.of("node(s) had taint {" + implied.getKey() + ": }, that the pod didn't tolerate");
            }
            // Tolerated, the pod would be bound and its kubelet would not start it; this runtime keeps it unbound.
            return Optional.of(REASON_NOT_READY);
        }
        return Optional.empty();
    }

    /** Ready=Unknown (or no status at all): the kubelet stopped posting, the node is unreachable. */
    private static boolean readyUnknown(Node node) {
        if (node.getStatus() == null || node.getStatus().getConditions() == null) {
            return true;
        }
        return node.getStatus().getConditions().stream().noneMatch(c -> "Ready".equals(c.getType()) && "False".equals(c.getStatus()));
    }

    static boolean isReady(Node node) {
        if (node == null || node.getStatus() == null || node.getStatus().getConditions() == null) {
            return false;
        }
        for (NodeCondition c : node.getStatus().getConditions()) {
            if ("Ready".equals(c.getType())) {
                return "True".equals(c.getStatus());
            }
        }
        return false;
    }

    /**
     * The node names a pod is pinned to by a required {@code matchFields metadata.name In [...]} in
     * every affinity term (what the operator and the DaemonSet controller write), or empty when the
     * pod could land on other nodes too. Lets the scheduler look at one node instead of thousands.
     */
    static Optional<Set<String>> pinnedNodeNames(Pod pod) {
        NodeSelector required = requiredNodeSelector(pod);
        if (required == null || required.getNodeSelectorTerms() == null || required.getNodeSelectorTerms().isEmpty()) {
            return Optional.empty();
        }
        Set<String> names = new LinkedHashSet<>();
        for (NodeSelectorTerm term : required.getNodeSelectorTerms()) {
            boolean pinned = false;
            for (NodeSelectorRequirement r : nullSafe(term.getMatchFields())) {
                if ("metadata.name".equals(r.getKey()) && "In".equals(r.getOperator())) {
                    names.addAll(nullSafe(r.getValues()));
                    pinned = true;
                    break;
                }
            }
            if (!pinned) {
                return Optional.empty();
            }
        }
        return Optional.of(names);
    }

    static boolean matchesNodeSelectorAndAffinity(Pod pod, Node node) {
        Map<String, String> labels = node.getMetadata().getLabels() == null ? Map.of() : node.getMetadata().getLabels();
        Map<String, String> selector = pod.getSpec().getNodeSelector();
        if (selector != null) {
            for (Map.Entry<String, String> e : selector.entrySet()) {
                if (!e.getValue().equals(labels.get(e.getKey()))) {
                    return false;
                }
            }
        }
        NodeSelector required = requiredNodeSelector(pod);
        if (required == null || required.getNodeSelectorTerms() == null) {
            return true;
        }
        // Terms are ORed; an empty list of terms matches nothing (as in the scheduler).
        for (NodeSelectorTerm term : required.getNodeSelectorTerms()) {
            if (termMatches(term, labels, node.getMetadata().getName())) {
                return true;
            }
        }
        return false;
    }

    private static NodeSelector requiredNodeSelector(Pod pod) {
        Affinity affinity = pod.getSpec().getAffinity();
        if (affinity == null || affinity.getNodeAffinity() == null) {
            return null;
        }
        return affinity.getNodeAffinity().getRequiredDuringSchedulingIgnoredDuringExecution();
    }

    private static boolean termMatches(NodeSelectorTerm term, Map<String, String> labels, String nodeName) {
        List<NodeSelectorRequirement> expressions = nullSafe(term.getMatchExpressions());
        List<NodeSelectorRequirement> fields = nullSafe(term.getMatchFields());
        if (expressions.isEmpty() && fields.isEmpty()) {
            return false;
        }
        for (NodeSelectorRequirement r : expressions) {
            if (!requirementMatches(r, labels.get(r.getKey()), labels.containsKey(r.getKey()))) {
                return false;
            }
        }
        for (NodeSelectorRequirement r : fields) {
            // metadata.name is the only field the API accepts here.
            if (!"metadata.name".equals(r.getKey()) || !requirementMatches(r, nodeName, true)) {
                return false;
            }
        }
        return true;
    }

    private static boolean requirementMatches(NodeSelectorRequirement r, String value, boolean present) {
        List<String> values = nullSafe(r.getValues());
        switch (r.getOperator()) {
            case "In":
                return present && values.contains(value);
            case "NotIn":
                return !present || !values.contains(value);
            case "Exists":
                return present;
            case "DoesNotExist":
                return !present;
            case "Gt":
            case "Lt":
                if (!present || values.size() != 1) {
                    return false;
                }
                try {
                    long have = Long.parseLong(value);
                    long want = Long.parseLong(values.get(0));
                    return "Gt".equals(r.getOperator()) ? have > want : have < want;
                } catch (NumberFormatException e) {
                    return false;
                }
            default:
                return false;
        }
    }

    /** Only NoSchedule and NoExecute taints keep a pod away (PreferNoSchedule is a preference). */
    static Optional<Taint> firstUntoleratedTaint(Pod pod, Node node) {
        if (node.getSpec() == null || node.getSpec().getTaints() == null) {
            return Optional.empty();
        }
        for (Taint taint : node.getSpec().getTaints()) {
            if (("NoSchedule".equals(taint.getEffect()) || "NoExecute".equals(taint.getEffect()))
                    && !tolerates(pod.getSpec().getTolerations(), taint)) {
                return Optional.of(taint);
            }
        }
        return Optional.empty();
    }

    static boolean tolerates(List<Toleration> tolerations, Taint taint) {
        for (Toleration t : nullSafe(tolerations)) {
            if (t.getEffect() != null && !t.getEffect().isEmpty() && !t.getEffect().equals(taint.getEffect())) {
                continue;
            }
            String operator = t.getOperator() == null || t.getOperator().isEmpty() ? "Equal" : t.getOperator();
            boolean anyKey = t.getKey() == null || t.getKey().isEmpty();
            if (anyKey) {
                if ("Exists".equals(operator)) {
                    return true;
                }
                continue;
            }
            if (!t.getKey().equals(taint.getKey())) {
                continue;
            }
            if ("Exists".equals(operator)) {
                return true;
            }
            String want = t.getValue() == null ? "" : t.getValue();
            String have = taint.getValue() == null ? "" : taint.getValue();
            if ("Equal".equals(operator) && want.equals(have)) {
                return true;
            }
        }
        return false;
    }

    private static <T> List<T> nullSafe(List<T> list) {
        return list == null ? List.of() : list;
    }
}
