package dev.lustre.ir.operator;

import io.fabric8.kubernetes.api.model.LabelSelector;
import dev.lustre.ir.api.ApiGroup;
import dev.lustre.ir.api.LustreClose;
import dev.lustre.ir.api.LustreFailover;
import dev.lustre.ir.api.LustreFailoverStatus;
import dev.lustre.ir.api.LustreNode;
import dev.lustre.ir.api.LustreRound;
import dev.lustre.ir.api.LustreRoundResult;
import dev.lustre.ir.api.Phase;
import dev.lustre.ir.api.RoundNames;
import dev.lustre.ir.kube.Times;
import dev.lustre.ir.metrics.RoundMetrics;
import dev.lustre.ir.policy.EffectivePolicy;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.javaoperatorsdk.operator.api.config.informer.Informer;
import io.javaoperatorsdk.operator.api.config.informer.InformerEventSourceConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.ControllerConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.ErrorStatusUpdateControl;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import io.javaoperatorsdk.operator.api.reconciler.Reconciler;
import io.javaoperatorsdk.operator.api.reconciler.RetryInfo;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.javaoperatorsdk.operator.processing.event.source.EventSource;
import io.javaoperatorsdk.operator.processing.event.source.inbound.SimpleInboundEventSource;
import io.javaoperatorsdk.operator.processing.event.source.informer.InformerEventSource;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Collectors;
import org.jboss.logging.Logger;

/**
 * Observe → validate → reconcile → record, one round per LustreFailover spec (a change of
 * {@code suspend} alone pauses or resumes the round; any other change starts a new one).
 */
@ControllerConfiguration(name = "lustrefailover",
        informer = @Informer(genericFilter = UnreadableObjects.ReadableOnly.class))
public class LustreFailoverReconciler implements Reconciler<LustreFailover> {
    private static final Logger LOG = Logger.getLogger(LustreFailoverReconciler.class);
    static final String MANAGED_SELECTOR = "app.kubernetes.io/managed-by=" + AgentJobFactory.MANAGED_BY;
    private static final String BY_ROUND = "round";
    /** After the framework's own retries: how often a step that keeps failing is tried. */
    static final Duration RETRY_AFTER_ERRORS = Duration.ofSeconds(30);
    /** How often what is remembered of deleted failovers is dropped. */
    private static final Duration FORGET_INTERVAL = Duration.ofMinutes(1);

    private final KubernetesClient client;
    private final EventRecorder events;
    private final RoundMetrics metrics;
    private final RoundStarter starter;
    private final RoundDriver driver;
    private final Roster roster;
    private final StatusWrites writes = new StatusWrites();
    private final UnreadableObjects unreadable;
    private final AgentResults results = new AgentResults();
    /** Wakes a round waiting for its target when the round holding it ends. */
    private final SimpleInboundEventSource<LustreFailover> targetFreed = new SimpleInboundEventSource<>("target-freed");
    private final TargetClaims claims = new TargetClaims(targetFreed::propagateEvent);
    private InformerEventSource<Node, LustreFailover> nodeSource;
    private InformerEventSource<Job, LustreFailover> jobSource;
    private InformerEventSource<LustreRound, LustreFailover> roundSource;
    private InformerEventSource<LustreClose, LustreFailover> closeSource;
    private InformerEventSource<LustreRoundResult, LustreFailover> resultSource;
    private InformerEventSource<Lease, LustreFailover> leaseSource;
    private InformerEventSource<LustreNode, LustreFailover> registrationSource;
    private InformerEventSource<Pod, LustreFailover> agentPodSource;
    private AgentPods agentPods;
    private AgentDirectory directory;
    private Instant lastForget;

    public LustreFailoverReconciler(KubernetesClient client, EventRecorder events, AgentSettings agent, RoundMetrics metrics) {
        this.client = client;
        this.events = events;
        this.metrics = metrics;
        this.roster = new Roster(client);
        this.unreadable = new UnreadableObjects(client, events);
        UnreadableObjects.ReadableOnly.reporter = unreadable::reportLater;
        this.starter = new RoundStarter(client, roster);
        this.driver = new RoundDriver(new AgentJobFactory(agent.image(), agent.lctl().orElse(null), agent.closeTimeout()),
                new JobLauncher(client), new OrderLauncher(client, this::seeOwnCreate), roster, new Inventory(client));
    }

    @Override
    public List<EventSource<?, LustreFailover>> prepareEventSources(EventSourceContext<LustreFailover> context) {
        jobSource = new InformerEventSource<>(InformerEventSourceConfiguration.from(Job.class, LustreFailover.class)
                .withName("jobs").withLabelSelector(MANAGED_SELECTOR)
                .withSecondaryToPrimaryMapper(LustreFailoverReconciler::byFailoverLabel).build(), context);
        var pods = new InformerEventSource<>(InformerEventSourceConfiguration.from(Pod.class, LustreFailover.class)
                .withName("pods").withLabelSelector(MANAGED_SELECTOR)
                .withSecondaryToPrimaryMapper(LustreFailoverReconciler::byFailoverLabel).build(), context);
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
        roundSource = new InformerEventSource<>(InformerEventSourceConfiguration.from(LustreRound.class, LustreFailover.class)
                .withName("rounds").withLabelSelector(MANAGED_SELECTOR)
                .withSecondaryToPrimaryMapper(LustreFailoverReconciler::byFailoverLabel).build(), context);
        closeSource = new InformerEventSource<>(InformerEventSourceConfiguration.from(LustreClose.class, LustreFailover.class)
                .withName("closes").withLabelSelector(MANAGED_SELECTOR)
                .withSecondaryToPrimaryMapper(LustreFailoverReconciler::byFailoverLabel).build(), context);
        resultSource = new InformerEventSource<>(InformerEventSourceConfiguration.from(LustreRoundResult.class, LustreFailover.class)
                .withName("results").withSecondaryToPrimaryMapper(LustreFailoverReconciler::byFailoverLabel).build(), context);
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
        return List.of(jobSource, pods, nodeSource, roundSource, closeSource, resultSource, leaseSource, registrationSource,
                agentPodSource, targetFreed);
    }

    /** The round's resident-agent side, from the caches. */
    private RoundAgents agentsOfRound(LustreFailover lfo, long round) {
        String ns = lfo.getMetadata().getNamespace();
        String name = RoundNames.round(lfo.getMetadata().getName(), round);
        LustreRound issued = roundSource.get(new ResourceID(name, ns)).orElse(null);
        List<LustreClose> closes = closeSource.byIndex(BY_ROUND, ns + "/" + name);
        return new RoundAgents(issued, results.of(lfo.getMetadata().getName(), round, lfo.getSpec().server.node,
                resultSource.byIndex(BY_ROUND, ns + "/" + name), agentPods), closes, directory);
    }

    /**
     * The one change ever made to a LustreRound: the mark of its end, so that an agent starting later
     * leaves the round alone (a reconnect then could point an import at a server the target has since
     * left) and the server's agent stops observing it. Read from the cache, which the patched round
     * updates at once: marked once, not again at each reconcile before the watch brings the change.
     */
    private void markRoundEnded(LustreFailover lfo, long round) {
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
    private void seeOwnCreate(HasMetadata created) {
        if (created instanceof LustreRound r) {
            roundSource.handleRecentResourceCreate(ResourceID.fromResource(r), r);
        } else if (created instanceof LustreClose c) {
            closeSource.handleRecentResourceCreate(ResourceID.fromResource(c), c);
        }
    }

    private static Set<ResourceID> byFailoverLabel(HasMetadata r) {
        String name = r.getMetadata().getLabels() == null ? null : r.getMetadata().getLabels().get(ApiGroup.FAILOVER_LABEL);
        return name == null ? Set.of() : Set.of(new ResourceID(name, r.getMetadata().getNamespace()));
    }

    @Override
    public UpdateControl<LustreFailover> reconcile(LustreFailover lfo, Context<LustreFailover> context) {
        Instant now = Instant.now();
        forgetDeleted(context, now);
        if (lfo.unreadable() != null) {
            // Stored before the schema's bounds: report it, act on nothing in it. (ReadableOnly keeps
            // such objects from dispatch; this is the second line, e.g. for an event it did not see.)
            return unreadable.report(lfo, now);
        }
        LustreFailoverStatus before = lfo.getStatus() == null ? new LustreFailoverStatus() : lfo.getStatus();
        long generation = lfo.getMetadata().getGeneration();
        LustreFailoverStatus recorded = before;

        boolean started = !RoundStarter.digest(lfo.getSpec()).equals(before.roundSpec);
        if (started) {
            recorded = StepFailedException.during("starting round " + generation,
                    () -> starter.start(lfo, rosterCandidates(lfo), now));
            if (recorded.phase == Phase.Failed) {
                events.warning(lfo, EventReason.ValidationFailed, recorded.message);
            } else {
                events.normal(lfo, EventReason.Validated, "round " + recorded.round + " started");
            }
        }
        LustreFailoverStatus status;
        Duration again = null;
        // Only a round not started yet may have to wait: one at work on its target is never stopped.
        TargetHolder.Contender holder = recorded.phase == Phase.Pending
                ? claims.blockedBy(lfo, recorded, context.getPrimaryCache().list(), this::issued).orElse(null) : null;
        if (holder != null) {
            status = waitForTarget(lfo, before, recorded, holder, generation, now);
            again = TargetClaims.RECHECK;
        } else if (recorded.phase.isFinal()) {
            status = RoundPresenter.settled(recorded, generation, now);
        } else if (started) {
            // A new round is recorded (Pending, its roster fixed) before anything is done in it, so
            // a watcher sees the round begin; the status write brings the next step at once.
            status = RoundPresenter.settled(recorded, generation, now);
            again = Duration.ZERO;
        } else {
            if (waitedForTarget(recorded)) {
                recorded = targetFreed(lfo, recorded, now);
            }
            RoundDriver.Stepped stepped = driver.step(new RoundState(lfo, recorded, recorded.round,
                    EffectivePolicy.from(recorded.effectivePolicy), jobsOfRound(lfo, recorded.round, context),
                    nodeLookup(), agentsOfRound(lfo, recorded.round), now));
            status = stepped.status();
            again = stepped.again();
        }
        announce(lfo, before, status);
        metrics.observed(lfo, before, status, now);
        if (status.phase.isFinal() && status.round != null) {
            markRoundEnded(lfo, status.round);
        }
        if (status.phase.isFinal()) {
            // The target is free once the round's end is written, not when it is decided: were the
            // write lost, the round would still be at work. Who waits is woken then; until the end
            // is read back, the round looks again now and then.
            boolean endWritten = before.phase != null && before.phase.isFinal() && Objects.equals(before.roundSpec, status.roundSpec);
            if (endWritten) {
                claims.ended(lfo);
            } else if (claims.awaited(lfo)) {
                again = TargetClaims.WAKE_AFTER_END;
            }
        }

        UpdateControl<LustreFailover> control;
        // The status classes have no equals: what would be written is what is compared.
        if (Serialization.asJson(status).equals(Serialization.asJson(before))) {
            control = UpdateControl.noUpdate();
        } else if (writes.mayDefer(lfo, before, status, now)) {
            // Only counts moved: at a thousand clients every Job event would otherwise be a status write.
            control = UpdateControl.noUpdate();
            again = again == null || again.compareTo(StatusWrites.INTERVAL) > 0 ? StatusWrites.INTERVAL : again;
        } else {
            writes.written(lfo, now);
            lfo.setStatus(status);
            control = UpdateControl.patchStatus(lfo);
        }
        return again == null ? control : control.rescheduleAfter(again);
    }

    /**
     * An error inside a step (an API call refused, a timeout) shows in status and as a Warning Event
     * instead of vanishing into a log, and the step is tried again: each step starts from what the
     * API server holds, so retrying loses nothing.
     */
    @Override
    public ErrorStatusUpdateControl<LustreFailover> updateErrorStatus(LustreFailover lfo, Context<LustreFailover> context,
            Exception e) {
        String message = StepErrorStatus.message(e);
        LOG.warnf("%s/%s: %s", lfo.getMetadata().getNamespace(), lfo.getMetadata().getName(), message);
        LustreFailoverStatus status = StepErrorStatus.status(lfo, message, Instant.now());
        if (status == null) {
            return ErrorStatusUpdateControl.defaultErrorProcessing();
        }
        if (lfo.getStatus() == null || !message.equals(lfo.getStatus().message)) {
            events.warning(lfo, EventReason.StepFailed, message);
        }
        lfo.setStatus(status);
        ErrorStatusUpdateControl<LustreFailover> control = ErrorStatusUpdateControl.patchStatus(lfo);
        boolean retriesSpent = context.getRetryInfo().map(RetryInfo::isLastAttempt).orElse(true);
        // Once the framework's retries are spent, the round would wait for an event that may never come.
        return retriesSpent ? control.withNoRetry().rescheduleAfter(RETRY_AFTER_ERRORS) : control;
    }

    /**
     * A round whose target another LustreFailover holds stays Pending: no Job, no LustreRound, no
     * look at the server, no eviction. It does not fail: a second failover event of a target after the
     * first one is over is legitimate (the target failed over again, or back), and the round then
     * starts from a fresh inspection of the server: a target whose recovery is already over ends the
     * round at once (LustreFinishedOnItsOwn), and only what that round itself proves dead is evicted.
     * Failing it would leave the second event unhandled and push the HA hook to re-apply it by hand.
     */
    private LustreFailoverStatus waitForTarget(LustreFailover lfo, LustreFailoverStatus before, LustreFailoverStatus recorded,
            TargetHolder.Contender holder, long generation, Instant now) {
        LustreFailoverStatus s = Serialization.clone(recorded);
        s.message = TargetClaims.waitingMessage(lfo, holder);
        s = RoundPresenter.settled(s, generation, now);
        Conditions.set(s.conditions, Conditions.COMPLETE, false, TargetClaims.TARGET_BUSY, s.message, generation, now);
        // An Event when the wait begins or the holder is another failover, not at each of the holder's phases.
        String holderName = "LustreFailover " + holder.namespace() + "/" + holder.name() + " ";
        if (!waitedForTarget(before) || before.message == null || !before.message.contains(holderName)) {
            events.normal(lfo, EventReason.TargetBusy, s.message);
        }
        return s;
    }

    private static boolean waitedForTarget(LustreFailoverStatus s) {
        var complete = s.conditions == null ? null : Conditions.find(s.conditions, Conditions.COMPLETE);
        return s.phase == Phase.Pending && complete != null && TargetClaims.TARGET_BUSY.equals(complete.getReason());
    }

    /** The round holds its target now: its time (the policy's deadline counts from it) starts here, not when it was applied. */
    private LustreFailoverStatus targetFreed(LustreFailover lfo, LustreFailoverStatus recorded, Instant now) {
        LustreFailoverStatus s = Serialization.clone(recorded);
        s.startTime = Times.format(now);
        s.message = "round " + s.round + " started: target " + lfo.getSpec().target + " is free";
        events.normal(lfo, EventReason.TargetFreed, s.message);
        return s;
    }

    /** Whether a failover's round issued objects (its LustreRound, its Jobs): then it acts, whatever its status says. */
    private boolean issued(LustreFailover f, long round) {
        String ns = f.getMetadata().getNamespace();
        String uid = f.getMetadata().getUid();
        boolean roundIssued = roundSource.get(new ResourceID(RoundNames.round(f.getMetadata().getName(), round), ns))
                .filter(r -> r.getMetadata().getOwnerReferences().stream().anyMatch(o -> uid.equals(o.getUid()))).isPresent();
        String failover = Names.labelValue(f.getMetadata().getName());
        String roundLabel = Long.toString(round);
        return roundIssued || jobSource.list(ns, j -> failover.equals(j.getMetadata().getLabels().get(ApiGroup.FAILOVER_LABEL))
                && roundLabel.equals(j.getMetadata().getLabels().get(ApiGroup.ROUND_LABEL))).findAny().isPresent();
    }

    /** This round's Jobs by name, each with its Pods. */
    private Map<String, JobView> jobsOfRound(LustreFailover lfo, long round, Context<LustreFailover> context) {
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

    /** Events on phase transitions only. */
    private void announce(LustreFailover lfo, LustreFailoverStatus before, LustreFailoverStatus after) {
        if (after.leftToLustre != null && !after.leftToLustre.equals(before.leftToLustre)) {
            events.warning(lfo, EventReason.LeftToLustreTimer, after.leftToLustre);
        }
        if (before.phase == after.phase && Objects.equals(before.round, after.round)) {
            return;
        }
        String msg = after.message == null ? after.phase.name() : after.message;
        switch (after.phase) {
            case Reconnecting -> events.normal(lfo, EventReason.JobsDispatched, msg);
            case AwaitingApproval -> events.normal(lfo, EventReason.ApprovalRequired, msg);
            case ClosingWindow -> events.normal(lfo, EventReason.WindowClosing, msg);
            case Recovered -> events.normal(lfo, EventReason.RecoveryWindowClosed, msg);
            case Failed -> {
                if (before.phase != null && before.round != null && before.round.equals(after.round)) {
                    events.warning(lfo, EventReason.RoundFailed, msg);
                }
            }
            case Suspended -> events.normal(lfo, EventReason.Paused, msg);
            default -> {
            }
        }
        if (before.phase == Phase.Suspended && after.phase != Phase.Suspended) {
            events.normal(lfo, EventReason.Resumed, msg);
        }
        LOG.infof("%s/%s round %s: %s -> %s (%s)", lfo.getMetadata().getNamespace(), lfo.getMetadata().getName(),
                after.round, before.phase, after.phase, msg);
    }

    /**
     * The nodes the round's roster is chosen from, listed from the API server when the round starts:
     * the roster is fixed for the round, and the informer's cache may lag (a watch that dropped is
     * listed again only after a back-off), which left nodes created just before the failover out of
     * the roster (found by the fault suite). A selector the API server refuses falls back to the
     * cache; the spec's validation then names it.
     */
    /**
     * Nodes from the informer's cache; while the round has not yet chosen how it reaches the server,
     * the server's Node is read from the API server when the cache lacks it: a cache that lags after
     * a dropped watch failed a round at once with "not a Kubernetes node" (found by the fault suite).
     */
    /**
     * A node as the cache has it, or else as the API server has it: a node missing from the cache is
     * asked for before it counts as gone, since NodeMissing is evidence of death and a cache can lag
     * (just started, a dropped watch, an operator stopping) while the roster is listed live.
     */
    private java.util.function.Function<String, Node> nodeLookup() {
        return name -> nodeSource.get(new ResourceID(name)).orElseGet(() -> client.nodes().withName(name).get());
    }

    private List<Node> rosterCandidates(LustreFailover lfo) {
        LabelSelector selector = lfo.getSpec() == null || lfo.getSpec().clients == null ? null : lfo.getSpec().clients.nodeSelector;
        if (selector == null) {
            return nodeSource.list().toList();
        }
        try {
            return client.nodes().withLabelSelector(selector).list().getItems();
        } catch (IllegalArgumentException e) {
            // A selector the client cannot even put into a query (an unknown operator): the validator
            // refuses it next, naming the field; no list is needed for that.
            return nodeSource.list().toList();
        } catch (KubernetesClientException e) {
            if (e.getCode() == 400) {
                return nodeSource.list().toList();
            }
            throw e;
        }
    }

    /**
     * No finalizer: the round's Jobs (and through them their Pods), its LustreRound (and through it
     * the agents' results and the closes) and its roster are owned by the LustreFailover, so Kubernetes' garbage collector removes them, even while the operator is down.
     * What this process remembers of deleted failovers is dropped here, now and then.
     */
    private void forgetDeleted(Context<LustreFailover> context, Instant now) {
        if (lastForget != null && lastForget.plus(FORGET_INTERVAL).isAfter(now)) {
            return;
        }
        lastForget = now;
        Set<String> failovers = context.getPrimaryCache().list().map(f -> f.getMetadata().getUid()).collect(Collectors.toSet());
        roster.retain(failovers);
        metrics.retain(failovers);
        writes.retain(failovers);
        unreadable.retain(failovers);
        claims.retain(failovers);
        driver.retainJobs(jobSource.list().map(j -> j.getMetadata().getUid()).collect(Collectors.toSet()));
        Set<String> resultUids = resultSource.list().map(r -> r.getMetadata().getUid()).collect(Collectors.toSet());
        results.retain(resultUids);
        Set<String> sealedUids = new HashSet<>(resultUids);
        registrationSource.list().forEach(n -> sealedUids.add(n.getMetadata().getUid()));
        agentPods.retain(sealedUids);
    }
}
