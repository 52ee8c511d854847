package dev.lustre.ir.agent;

import dev.lustre.ir.api.ApiGroup;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import io.fabric8.kubernetes.api.model.coordination.v1.LeaseList;
import io.fabric8.kubernetes.api.model.coordination.v1.LeaseSpec;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.NonNamespaceOperation;
import io.fabric8.kubernetes.client.dsl.Resource;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.HashMap;
import java.util.Map;

/**
 * The agent's heartbeat: a coordination.k8s.io/v1 Lease per node, held by the node, valid for
 * {@code --lease-duration} (40 s by default) and renewed every quarter of it, so three renewals may be
 * lost before the agent counts as gone. This is the kubelet's node-lease lesson (KEP-589): a small object written
 * often, instead of rewriting the facts to say "still here". Like the kubelet, the agent renews from
 * the Lease it last wrote and reads it again only after a failure.
 */
final class NodeLease {
    /** With the default duration of 40 s. */
    static final Duration RENEW_EVERY = ServeRequest.DEFAULT_LEASE_DURATION.dividedBy(4);

    private final NonNamespaceOperation<Lease, LeaseList, Resource<Lease>> leases;
    private final String name;
    private final String node;
    private final int durationSeconds;
    private Lease known;

    NodeLease(KubernetesClient client, String namespace, String name, String node, Duration duration) {
        this.leases = client.leases().inNamespace(namespace);
        this.name = name;
        this.node = node;
        this.durationSeconds = Math.toIntExact(duration.toSeconds());
    }

    void renew(Instant now) {
        try {
            Lease lease = known != null ? known : leases.withName(name).get();
            if (lease == null) {
                known = leases.resource(fresh(now)).create();
                return;
            }
            if (lease.getMetadata().getLabels() == null || !lease.getMetadata().getLabels().containsKey(ApiGroup.AGENT_LEASE_LABEL)) {
                // The operator watches agents' Leases by this label, not every Lease of the cluster.
                Map<String, String> labels = new HashMap<>(lease.getMetadata().getLabels() == null ? Map.of() : lease.getMetadata().getLabels());
                labels.put(ApiGroup.AGENT_LEASE_LABEL, "true");
                lease.getMetadata().setLabels(labels);
            }
            LeaseSpec spec = lease.getSpec() == null ? new LeaseSpec() : lease.getSpec();
            if (!node.equals(spec.getHolderIdentity())) {
                // Someone else's name in it (an edit by hand): this node's agent takes it back.
                spec.setHolderIdentity(node);
                spec.setAcquireTime(utc(now));
                spec.setLeaseTransitions(spec.getLeaseTransitions() == null ? 1 : spec.getLeaseTransitions() + 1);
            }
            spec.setLeaseDurationSeconds(durationSeconds);
            spec.setRenewTime(utc(now));
            lease.setSpec(spec);
            known = leases.resource(lease).update();
        } catch (KubernetesClientException e) {
            known = null;
            throw e;
        }
    }

    /** fabric8 writes a Lease's times as MicroTime in UTC ("…ss.SSSSSS'Z'"), so they must be in UTC. */
    private static ZonedDateTime utc(Instant t) {
        return ZonedDateTime.ofInstant(t, ZoneOffset.UTC);
    }

    private Lease fresh(Instant now) {
        Lease lease = new Lease();
        lease.setMetadata(new ObjectMetaBuilder().withName(name).withLabels(Map.of(ApiGroup.AGENT_LEASE_LABEL, "true")).build());
        LeaseSpec spec = new LeaseSpec();
        spec.setHolderIdentity(node);
        spec.setLeaseDurationSeconds(durationSeconds);
        spec.setAcquireTime(utc(now));
        spec.setRenewTime(utc(now));
        spec.setLeaseTransitions(0);
        lease.setSpec(spec);
        return lease;
    }
}
