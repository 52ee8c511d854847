package dev.lustre.ir.agent;

import dev.lustre.ir.api.ApiGroup;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * The parsed {@code agent serve} command line. Every value has passed its pattern.
 *
 * @param kubeconfig the agent's own kubeconfig (a server outside Kubernetes); null in a pod, where the
 *     service account's credentials are used
 * @param interval how often lctl is read again
 * @param leaseDuration how long the node's Lease stays valid without a renewal; it is renewed every
 *     quarter of it, so three renewals may be lost before the agent counts as gone
 * @param pod the Pod the agent runs in, which seals what it writes; null outside a Pod
 */
public record ServeRequest(String node, String namespace, Path kubeconfig, List<String> lctlPrefix, Duration interval,
        Duration leaseDuration, PodIdentity pod) {
    public static final String COMMAND = "serve";
    /** The kubelet's node lease lasts 40 s too. */
    public static final Duration DEFAULT_LEASE_DURATION = Duration.ofSeconds(40);

    /** With the default Lease duration. */
    public ServeRequest(String node, String namespace, Path kubeconfig, List<String> lctlPrefix, Duration interval) {
        this(node, namespace, kubeconfig, lctlPrefix, interval, DEFAULT_LEASE_DURATION, null);
    }

    /** In the Pod {@code pod} (null: none). */
    public ServeRequest inPod(PodIdentity pod) {
        return new ServeRequest(node, namespace, kubeconfig, lctlPrefix, interval, leaseDuration, pod);
    }

    /** The Lease this node's agent holds. */
    public String leaseName() {
        return ApiGroup.AGENT_LEASE_PREFIX + node;
    }

    /** A quarter of the Lease's duration. */
    public Duration leaseRenewEvery() {
        return leaseDuration.dividedBy(4);
    }
}
