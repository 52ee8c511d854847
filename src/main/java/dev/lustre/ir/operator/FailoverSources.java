package dev.lustre.ir.operator;

import dev.lustre.ir.api.ApiGroup;
import dev.lustre.ir.api.LustreClose;
import dev.lustre.ir.api.LustreFailover;
import dev.lustre.ir.api.LustreNode;
import dev.lustre.ir.api.LustreRound;
import dev.lustre.ir.api.LustreRoundResult;
import dev.lustre.ir.api.RoundNames;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.javaoperatorsdk.operator.api.config.informer.InformerEventSourceConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.javaoperatorsdk.operator.processing.event.source.EventSource;
import io.javaoperatorsdk.operator.processing.event.source.informer.InformerEventSource;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The operator's informers and what is read from their caches: the round's Jobs and Pods, the
 * cluster's Nodes, and the resident agents' side (LustreRounds, closes, results, Leases,
 * registrations, the agents' Pods). What the operator writes to these kinds itself is put into the
 * caches at once, so the next reconcile does not act again on a cache the watch has not caught up.
 */
final class FailoverSources {
    static final String MANAGED_SELECTOR = "app.kubernetes.io/managed-by=" + AgentJobFactory.MANAGED_BY;
    private static final String BY_ROUND = "round";

    private final KubernetesClient client;
    private final AgentResults results = new AgentResults();
    private final InformerEventSource<Job, LustreFailover> jobSource;
    private final InformerEventSource<Pod, LustreFailover> podSource;
    private final InformerEventSource<Node, LustreFailover> nodeSource;
    private final InformerEventSource<LustreRound, LustreFailover> roundSource;
    private final InformerEventSource<LustreClose, LustreFailover> closeSource;
    private final InformerEventSource<LustreRoundResult, LustreFailover> resultSource;
    private final InformerEventSource<Lease, LustreFailover> leaseSource;
    private final InformerEventSource<LustreNode, LustreFailover> registrationSource;
    private final InformerEventSource<Pod, LustreFailover> agentPodSource;
    private final AgentPods agentPods;
    private final AgentDirectory directory;

    FailoverSources(EventSourceContext<LustreFailover> context, KubernetesClient client) {
        this.client = client;
        jobSource = managed(Job.class, "jobs", context);
        podSource = managed(Pod.class, "pods", context);
        // A node turning NotReady is evidence for every running round: wake them all. Nodes have no
        // namespace: one informer over the cluster's Nodes, whatever namespaces the failovers are
        // watched in (the others follow the controller's). Read only (the RBAC's one ClusterRole).
        nodeSource = new InformerEventSource<>(InformerEventSourceConfiguration.from(Node.class, LustreFailover.class)
                .withName("nodes").withWatchAllNamespaces().withFollowControllerNamespacesChanges(false)
                .withSecondaryToPrimaryMapper(node -> context.getPrimaryCache()
                        .list(lfo -> lfo.unreadable() == null && (lfo.getStatus() == null || lfo.getStatus().phase == null || !lfo.getStatus().phase.isFinal()))
                        .map(ResourceID::fromResource).collect(Collectors.toSet()))
                .build(), context);
        // The resident agents' side. Results wake their round; Leases and registrations are only read
        // (10,000 agents renew a Lease every 10 s: waking every round for each would be a hot loop),
        // and a round looks at them at each step, at least every few seconds.
        roundSource = managed(LustreRound.class, "rounds", context);
        closeSource = managed(LustreClose.class, "closes", context);
        resultSource = new InformerEventSource<>(InformerEventSourceConfiguration.from(LustreRoundResult.class, LustreFailover.class)
                .withName("results").withSecondaryToPrimaryMapper(FailoverSources::byFailoverLabel).build(), context);
        resultSource.addIndexers(Map.of(BY_ROUND, r -> r.getSpec() == null || r.getSpec().round == null ? List.of()
                : List.of(r.getMetadata().getNamespace() + "/" + r.getSpec().round)));
        closeSource.addIndexers(Map.of(BY_ROUND, c -> c.getSpec() == null || c.getSpec().round == null ? List.of()
                : List.of(c.getMetadata().getNamespace() + "/" + c.getSpec().round)));
        leaseSource = new InformerEventSource<>(InformerEventSourceConfiguration.from(Lease.class, LustreFailover.class)
                .withName("agent-leases").withLabelSelector(ApiGroup.AGENT_LEASE_LABEL)
                .withSecondaryToPrimaryMapper(lease -> Set.of()).build(), context);
        registrationSource = new InformerEventSource<>(InformerEventSourceConfiguration.from(LustreNode.class, LustreFailover.class)
                .withName("registrations").withSecondaryToPrimaryMapper(node -> Set.of()).build(), context);
        // The agents' Pods: only read, to check the seals on what the agents write.
        agentPodSource = new InformerEventSource<>(InformerEventSourceConfiguration.from(Pod.class, LustreFailover.class)
                .withName("agent-pods").withLabelSelector(ApiGroup.AGENT_POD_SELECTOR)
                .withSecondaryToPrimaryMapper(pod -> Set.of()).build(), context);
        agentPods = new AgentPods((ns, name) -> agentPodSource.get(new ResourceID(name, ns)).orElse(null));
        directory = new AgentDirectory((ns, name) -> leaseSource.get(new ResourceID(name, ns)).orElse(null),
                (ns, node) -> registrationSource.get(new ResourceID(node, ns)).orElse(null), agentPods);
    }

    /** The informers, for the framework to start. */
    List<EventSource<?, LustreFailover>> all() {
        return List.of(jobSource, podSource, nodeSource, roundSource, closeSource, resultSource, leaseSource,
                registrationSource, agentPodSource);
    }

    /** A Node as the cache has it, or null. */
    Node cachedNode(String name) {
        return nodeSource.get(new ResourceID(name)).orElse(null);
    }

    List<Node> cachedNodes() {
        return nodeSource.list().toList();
    }

    /** The round's resident-agent side, from the caches. */
    RoundAgents agentsOfRound(LustreFailover lfo, long round) {
        String ns = lfo.getMetadata().getNamespace();
        String name = RoundNames.round(lfo.getMetadata().getName(), round);
        LustreRound issued = roundSource.get(new ResourceID(name, ns)).orElse(null);
        List<LustreClose> closes = closeSource.byIndex(BY_ROUND, ns + "/" + name);
        return new RoundAgents(issued, results.of(lfo.getMetadata().getName(), round, lfo.getSpec().server.node,
                resultSource.byIndex(BY_ROUND, ns + "/" + name), agentPods), closes, directory);
    }

    /** This round's Jobs by name, each with its Pods. */
    static Map<String, JobView> jobsOfRound(Context<LustreFailover> context, long round) {
        String roundLabel = Long.toString(round);
        Map<String, List<Pod>> podsByJob = context.getSecondaryResources(Pod.class).stream()
                .filter(p -> p.getMetadata().getLabels() != null && p.getMetadata().getLabels().get("job-name") != null)
                .collect(Collectors.groupingBy(p -> p.getMetadata().getLabels().get("job-name")));
        Map<String, JobView> jobs = new HashMap<>();
        for (Job job : context.getSecondaryResources(Job.class)) {
            if (roundLabel.equals(job.getMetadata().getLabels().get(ApiGroup.ROUND_LABEL))) {
                jobs.put(job.getMetadata().getName(), new JobView(job, podsByJob.getOrDefault(job.getMetadata().getName(), List.of())));
            }
        }
        return jobs;
    }

    /** Whether a failover's round issued objects (its LustreRound, its Jobs): then it acts, whatever its status says. */
    boolean issued(LustreFailover f, long round) {
        String ns = f.getMetadata().getNamespace();
        String uid = f.getMetadata().getUid();
        boolean roundIssued = roundSource.get(new ResourceID(RoundNames.round(f.getMetadata().getName(), round), ns))
                .filter(r -> r.getMetadata().getOwnerReferences().stream().anyMatch(o -> uid.equals(o.getUid()))).isPresent();
        String failover = Names.labelValue(f.getMetadata().getName());
        String roundLabel = Long.toString(round);
        return roundIssued || jobSource.list(ns, j -> failover.equals(j.getMetadata().getLabels().get(ApiGroup.FAILOVER_LABEL))
                && roundLabel.equals(j.getMetadata().getLabels().get(ApiGroup.ROUND_LABEL))).findAny().isPresent();
    }

    /**
     * The one change ever made to a LustreRound: the mark of its end, so that an agent starting later
     * leaves the round alone (a reconnect then could point an import at a server the target has since
     * left) and the server's agent stops observing it. Read from the cache, which the patched round
     * updates at once: marked once, not again at each reconcile before the watch brings the change.
     */
    void markRoundEnded(LustreFailover lfo, long round) {
        String ns = lfo.getMetadata().getNamespace();
        String name = RoundNames.round(lfo.getMetadata().getName(), round);
        LustreRound issued = roundSource.get(new ResourceID(name, ns)).orElse(null);
        if (issued == null || ApiGroup.roundEnded(issued)) {
            return;
        }
        try {
            LustreRound marked = client.resources(LustreRound.class).inNamespace(ns).withName(name)
                    .patch(PatchContext.of(PatchType.JSON_MERGE),
                            "{\"metadata\":{\"labels\":{\"" + ApiGroup.ROUND_ENDED_LABEL + "\":\"true\"}}}");
            roundSource.handleRecentResourceUpdate(ResourceID.fromResource(marked), marked, issued);
        } catch (KubernetesClientException e) {
            if (e.getCode() != 404) {
                throw e;
            }
        }
    }

    /** What the operator just created is in its caches at once, before the watch brings it. */
    void seeOwnCreate(HasMetadata created) {
        if (created instanceof LustreRound r) {
            roundSource.handleRecentResourceCreate(ResourceID.fromResource(r), r);
        } else if (created instanceof LustreClose c) {
            closeSource.handleRecentResourceCreate(ResourceID.fromResource(c), c);
        }
    }

    /** The UIDs of the Jobs the cache holds: what is remembered of any other Job can go. */
    Set<String> jobUids() {
        return uids(jobSource);
    }

    /** Drops what is remembered of the agents' results and registrations the caches no longer hold. */
    void forgetGone() {
        Set<String> resultUids = uids(resultSource);
        results.retain(resultUids);
        Set<String> sealedUids = new HashSet<>(resultUids);
        sealedUids.addAll(uids(registrationSource));
        agentPods.retain(sealedUids);
    }

    private static Set<String> uids(InformerEventSource<?, LustreFailover> source) {
        return source.list().map(r -> r.getMetadata().getUid()).collect(Collectors.toSet());
    }

    /** An informer of the objects the operator made for the failovers, each waking the failover its label names. */
    private static <R extends HasMetadata> InformerEventSource<R, LustreFailover> managed(Class<R> kind, String name,
            EventSourceContext<LustreFailover> context) {
        return new InformerEventSource<>(InformerEventSourceConfiguration.from(kind, LustreFailover.class)
                .withName(name).withLabelSelector(MANAGED_SELECTOR)
                .withSecondaryToPrimaryMapper(FailoverSources::byFailoverLabel).build(), context);
    }

    private static Set<ResourceID> byFailoverLabel(HasMetadata r) {
        String name = r.getMetadata().getLabels() == null ? null : r.getMetadata().getLabels().get(ApiGroup.FAILOVER_LABEL);
        return name == null ? Set.of() : Set.of(new ResourceID(name, r.getMetadata().getNamespace()));
    }
}
