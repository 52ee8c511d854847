package dev.lustre.ir.operator;

import dev.lustre.ir.api.ApiGroup;
import dev.lustre.ir.api.LustreNode;
import dev.lustre.ir.api.LustreNodeDevice;
import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.util.List;
import java.util.function.BiFunction;

/**
 * The resident agents as the operator's informer caches hold them: whether a node's agent is alive
 * (its Lease renewed within its duration, held by that node) and what the node registered (its
 * client devices' UUIDs, its mounted targets). Read from caches only: asking the API server about
 * 10,000 agents at every reconcile would cost more than the Jobs the agents replace.
 */
final class AgentDirectory {
    private final BiFunction<String, String, Lease> leases;
    private final BiFunction<String, String, LustreNode> registrations;
    private final AgentPods pods;

    /**
     * @param leases        (namespace, Lease name) → the Lease, or null
     * @param registrations (namespace, node) → the node's LustreNode, or null
     * @param pods          whose seal is whose
     */
    AgentDirectory(BiFunction<String, String, Lease> leases, BiFunction<String, String, LustreNode> registrations, AgentPods pods) {
        this.leases = leases;
        this.registrations = registrations;
        this.pods = pods;
    }

    /** Whether the node's agent renewed its Lease recently enough: the kubelet's node-lease rule. */
    boolean alive(String namespace, String node, Instant now) {
        Lease lease = leases.apply(namespace, ApiGroup.AGENT_LEASE_PREFIX + node);
        if (lease == null || lease.getSpec() == null || !node.equals(lease.getSpec().getHolderIdentity())) {
            return false;
        }
        ZonedDateTime renewed = lease.getSpec().getRenewTime();
        Integer seconds = lease.getSpec().getLeaseDurationSeconds();
        return renewed != null && seconds != null && seconds > 0
                && !renewed.toInstant().plusSeconds(seconds).isBefore(now);
    }

    /** Whether a resident agent registered the node (its LustreNode exists), alive or not. */
    boolean registered(String namespace, String node) {
        return registrations.apply(namespace, node) != null;
    }

    /** The client UUIDs the node registered for this target (lctl dl column 5 of its devices of it). */
    List<String> registeredUuids(String namespace, String node, String target) {
        return devices(namespace, node).stream().filter(d -> target.equals(d.target) && d.uuid != null)
                .map(d -> d.uuid).distinct().toList();
    }

    /** Whether the node registered a client device of this target: only then is its agent waited for. */
    boolean registeredClientOf(String namespace, String node, String target) {
        return !registeredUuids(namespace, node, target).isEmpty();
    }

    /**
     * What the node registered, when its own agent Pod sealed it: these UUIDs are mapped to the node,
     * and an agent that wrote another node's UUIDs into a dead node's registration would have that
     * node's clients evicted.
     */
    private List<LustreNodeDevice> devices(String namespace, String node) {
        LustreNode registration = registrations.apply(namespace, node);
        if (registration == null || registration.getStatus() == null || registration.getStatus().unreadable() != null
                || registration.getStatus().clientDevices == null
                || !pods.fromNode(registration, node, registration.getStatus().seal, registration.getStatus())) {
            return List.of();
        }
        return registration.getStatus().clientDevices;
    }
}
