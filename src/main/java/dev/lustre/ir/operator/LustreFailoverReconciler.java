package dev.lustre.ir.operator;

import dev.lustre.ir.api.LustreFailover;
import dev.lustre.ir.api.LustreFailoverStatus;
import dev.lustre.ir.api.Phase;
import dev.lustre.ir.metrics.RoundMetrics;
import dev.lustre.ir.policy.EffectivePolicy;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.javaoperatorsdk.operator.api.config.informer.Informer;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.ControllerConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.ErrorStatusUpdateControl;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import io.javaoperatorsdk.operator.api.reconciler.Reconciler;
import io.javaoperatorsdk.operator.api.reconciler.RetryInfo;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import io.javaoperatorsdk.operator.processing.event.source.EventSource;
import io.javaoperatorsdk.operator.processing.event.source.inbound.SimpleInboundEventSource;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
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
    /** Wakes a round waiting for its target when the round holding it ends. */
    private final SimpleInboundEventSource<LustreFailover> targetFreed = new SimpleInboundEventSource<>("target-freed");
    private final TargetClaims claims = new TargetClaims(targetFreed::propagateEvent);
    private final TargetWait targetWait;
    private final RosterCandidates candidates;
    private final NodeLookup nodes;
    /** Made by the framework's call to prepareEventSources, after the constructor: what is built here reads it lazily. */
    private FailoverSources sources;
    private Instant lastForget;

    public LustreFailoverReconciler(KubernetesClient client, EventRecorder events, AgentSettings agent, RoundMetrics metrics) {
        this.client = client;
        this.events = events;
        this.metrics = metrics;
        this.targetWait = new TargetWait(events);
        this.roster = new Roster(client);
        this.unreadable = new UnreadableObjects(client, events);
        UnreadableObjects.ReadableOnly.reporter = unreadable::reportLater;
        this.starter = new RoundStarter(client, roster);
        this.candidates = new RosterCandidates(client, () -> sources.cachedNodes());
        this.nodes = new NodeLookup(name -> sources.cachedNode(name), name -> client.nodes().withName(name).get(), NodeLookup.REMEMBER);
        this.driver = new RoundDriver(new AgentJobFactory(agent.image(), agent.lctl().orElse(null), agent.closeTimeout()),
                new JobLauncher(client), new OrderLauncher(client, created -> sources.seeOwnCreate(created)), roster, new Inventory(client));
    }

    @Override
    public List<EventSource<?, LustreFailover>> prepareEventSources(EventSourceContext<LustreFailover> context) {
        sources = new FailoverSources(context, client);
        List<EventSource<?, LustreFailover>> all = new ArrayList<>(sources.all());
        all.add(targetFreed);
        return all;
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
                    () -> starter.start(lfo, candidates.of(lfo), now));
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
                ? claims.blockedBy(lfo, recorded, context.getPrimaryCache().list(), sources::issued).orElse(null) : null;
        if (holder != null) {
            status = targetWait.waiting(lfo, before, recorded, holder, generation, now);
            again = TargetClaims.RECHECK;
        } else if (recorded.phase.isFinal()) {
            status = RoundPresenter.settled(recorded, generation, now);
        } else if (started) {
            // A new round is recorded (Pending, its roster fixed) before anything is done in it, so
            // a watcher sees the round begin; the status write brings the next step at once.
            status = RoundPresenter.settled(recorded, generation, now);
            again = Duration.ZERO;
        } else {
            if (TargetWait.waited(recorded)) {
                recorded = targetWait.freed(lfo, recorded, now);
            }
            RoundDriver.Stepped stepped = driver.step(new RoundState(lfo, recorded, recorded.round,
                    EffectivePolicy.from(recorded.effectivePolicy), FailoverSources.jobsOfRound(context, recorded.round),
                    nodes.at(now), sources.agentsOfRound(lfo, recorded.round), now));
            status = stepped.status();
            again = stepped.again();
        }
        announce(lfo, before, status);
        metrics.observed(lfo, before, status, now);
        if (status.phase.isFinal() && status.round != null) {
            sources.markRoundEnded(lfo, status.round);
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
     * No finalizer: the round's Jobs (and through them their Pods), its LustreRound (and through it
     * the agents' results and the closes) and its roster are owned by the LustreFailover, so Kubernetes' garbage collector removes them, even while the operator is down.
     * What this process remembers of deleted failovers, of objects gone from its caches and of Nodes
     * it asked the API server for is dropped here, now and then.
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
        nodes.forgetStale(now);
        driver.retainJobs(sources.jobUids());
        sources.forgetGone();
    }
}
