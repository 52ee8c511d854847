package dev.lustre.ir.operator;

import dev.lustre.ir.api.ApiGroup;
import dev.lustre.ir.api.Via;
import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeCondition;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodCondition;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;

/**
 * Why the server cannot be inspected, as Kubernetes shows it, so that a round says so within
 * seconds instead of waiting for the preflight Job's deadline and reporting that no agent answered:
 * the server node does not exist, is NotReady, or the preflight Job's Pod is not scheduled or its
 * container cannot start. Pure: the Node, the registration and the Pods are read by the caller.
 *
 * <p>A missing node fails the round at once: nothing will ever run there, and a node that joins later
 * with the same name is a new machine. A NotReady node, an unschedulable Pod or a container that
 * cannot start are shown in the message at once and fail the round when they still hold
 * {@link #GRACE} after the preflight was issued. They can clear on their own (a kubelet restarting
 * as the target fails over to its node, a registry blip, a scheduler retry), and the node lifecycle
 * controller marks a node NotReady only after some 40 s without heartbeats, so the condition has
 * held a while already. Waiting longer would only delay telling the administrator: the round cannot
 * act without reading the server, failing evicts nobody, Lustre's own recovery timer keeps running,
 * and applying the failover again starts a new round once the node is back.
 */
final class ServerReadiness {
    /** How long a server problem that may clear is shown before the round fails on it. */
    static final Duration GRACE = Duration.ofSeconds(30);
    static final String NODE_MISSING = "ServerNodeMissing";
    static final String UNREACHABLE = "ServerUnreachable";
    static final String NODE_NOT_READY = "ServerNodeNotReady";
    static final String UNSCHEDULABLE = "ServerJobUnschedulable";
    static final String NOT_STARTING = "ServerJobNotStarting";
    /** Container waiting reasons that mean the kubelet cannot start it (as opposed to ContainerCreating). */
    static final Set<String> CANNOT_START = Set.of("ErrImagePull", "ImagePullBackOff", "InvalidImageName", "ErrImageNeverPull",
            "CreateContainerConfigError", "CreateContainerError", "RunContainerError", "CrashLoopBackOff");
    /** Bound of a message quoted from Kubernetes. */
    private static final int MAX_QUOTED = 300;

    private ServerReadiness() {
    }

    /**
     * @param fatal whether the round fails on it now; otherwise it is shown and the round waits
     */
    record Problem(String reason, String message, boolean fatal) {
    }

    /**
     * @param via          how the round reaches the server (null: neither a Node nor a live agent)
     * @param node         the server's Node, or null
     * @param registered   whether a resident agent registered the node (a LustreNode of that name)
     * @param preflightPods the preflight Job's Pods (empty without a Job)
     * @param since        when the preflight was issued (the Job's creation), or null before it
     * @return the problem, or null when nothing keeps the preflight from running
     */
    static Problem check(String serverNode, Via via, Node node, boolean registered, List<Pod> preflightPods, Instant since,
            Instant now) {
        if (via == null) {
            if (registered) {
                return new Problem(UNREACHABLE, "spec.server.node: " + serverNode + " is not a Kubernetes node and its resident"
                        + " agent is not alive (no Lease " + ApiGroup.AGENT_LEASE_PREFIX + serverNode + " renewed in this"
                        + " namespace): start agent serve on it, or set spec.server.node to the Kubernetes node that mounted the target",
                        true);
            }
            return new Problem(NODE_MISSING, "spec.server.node: " + serverNode + " is not a Kubernetes node and runs no live"
                    + " resident agent (no Node, no LustreNode registration, no Lease " + ApiGroup.AGENT_LEASE_PREFIX + serverNode
                    + " renewed in this namespace): run agent serve on it (manifests/agents/systemd) or set spec.server.node"
                    + " to the Kubernetes node that mounted the target", true);
        }
        if (via != Via.Job) {
            return null; // the server's agent: its liveness is watched by the round itself
        }
        if (node == null) {
            return new Problem(NODE_MISSING, "spec.server.node: the Node " + serverNode + " no longer exists; the preflight"
                    + " cannot run there", true);
        }
        boolean late = since != null && !now.isBefore(since.plus(GRACE));
        String notReady = notReady(node);
        if (notReady != null) {
            return new Problem(NODE_NOT_READY, "spec.server.node: the Node " + serverNode + " is NotReady (" + notReady
                    + "): the preflight cannot run there" + (late ? "" : "; the round fails if it is not Ready within "
                    + GRACE.toSeconds() + "s"), late);
        }
        for (Pod pod : preflightPods) {
            String unschedulable = unschedulable(pod);
            if (unschedulable != null) {
                return new Problem(UNSCHEDULABLE, "the preflight Job's pod cannot be scheduled on " + serverNode + ": "
                        + unschedulable + (late ? "" : " (the round fails if this lasts " + GRACE.toSeconds() + "s)"), late);
            }
            String waiting = cannotStart(pod);
            if (waiting != null) {
                return new Problem(NOT_STARTING, "the preflight Job's container cannot start on " + serverNode + ": " + waiting
                        + (late ? "" : " (the round fails if this lasts " + GRACE.toSeconds() + "s)"), late);
            }
        }
        return null;
    }

    /** "Ready=Unknown, NodeStatusUnknown: Kubelet stopped posting node status." or null when Ready. */
    private static String notReady(Node node) {
        NodeCondition ready = node.getStatus() == null || node.getStatus().getConditions() == null ? null
                : node.getStatus().getConditions().stream().filter(c -> "Ready".equals(c.getType())).findFirst().orElse(null);
        if (ready == null) {
            return "no Ready condition: its kubelet never reported";
        }
        if ("True".equals(ready.getStatus())) {
            return null;
        }
        return "Ready=" + ready.getStatus() + (ready.getReason() == null ? "" : ", " + ready.getReason())
                + (ready.getMessage() == null ? "" : ": " + quoted(ready.getMessage()))
                + (ready.getLastTransitionTime() == null ? "" : ", since " + ready.getLastTransitionTime());
    }

    /** The scheduler's message of a Pod it could not place, or null. */
    private static String unschedulable(Pod pod) {
        if (pod.getStatus() == null || pod.getStatus().getConditions() == null) {
            return null;
        }
        for (PodCondition c : pod.getStatus().getConditions()) {
            if ("PodScheduled".equals(c.getType()) && "False".equals(c.getStatus()) && "Unschedulable".equals(c.getReason())) {
                return "Unschedulable" + (c.getMessage() == null ? "" : ": " + quoted(c.getMessage()));
            }
        }
        return null;
    }

    /** "ImagePullBackOff: Back-off pulling image ..." for a container the kubelet cannot start, or null. */
    private static String cannotStart(Pod pod) {
        if (pod.getStatus() == null || pod.getStatus().getContainerStatuses() == null) {
            return null;
        }
        for (ContainerStatus cs : pod.getStatus().getContainerStatuses()) {
            var waiting = cs.getState() == null ? null : cs.getState().getWaiting();
            if (waiting != null && waiting.getReason() != null && CANNOT_START.contains(waiting.getReason())) {
                return waiting.getReason() + (waiting.getMessage() == null ? "" : ": " + quoted(waiting.getMessage()));
            }
        }
        return null;
    }

    private static String quoted(String s) {
        String p = s.replaceAll("\\p{Cntrl}", " ").trim();
        return p.length() > MAX_QUOTED ? p.substring(0, MAX_QUOTED) + "..." : p;
    }
}
