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
 */
public record ServeRequest(String node, String namespace, Path kubeconfig, List<String> lctlPrefix, Duration interval) {
    public static final String COMMAND = "serve";

    /** The Lease this node's agent holds. */
    public String leaseName() {
        return ApiGroup.AGENT_LEASE_PREFIX + node;
    }
}
