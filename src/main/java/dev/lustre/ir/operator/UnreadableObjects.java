package dev.lustre.ir.operator;

import dev.lustre.ir.api.LustreFailover;
import dev.lustre.ir.api.LustreFailoverStatus;
import dev.lustre.ir.api.Phase;
import dev.lustre.ir.kube.Times;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import io.javaoperatorsdk.operator.processing.event.source.filter.GenericFilter;
import java.time.Instant;
import java.util.Map;
import java.util.Set;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.Executors;
import java.util.function.Consumer;
import org.jboss.logging.Logger;

/**
 * Reports a LustreFailover whose spec or status the operator could not read (see
 * {@link dev.lustre.ir.api.Lenient}): a Warning Event, a log line, and a status that ends the round,
 * phase Failed with Complete=False naming the field. Nothing else is done with such an object: an
 * unreadable spec says nothing a Job could be built from, and an unreadable status has lost what the
 * round already did (a close Job issued, clients evicted), so acting on it could evict twice.
 *
 * <p>A fixed spec (a new generation, read fine) starts a new round as any spec change does.
 */
final class UnreadableObjects {
    private static final Logger LOG = Logger.getLogger(UnreadableObjects.class);
    static final String SPEC_REASON = "InvalidSpec";
    static final String STATUS_REASON = "InvalidStatus";

    private final KubernetesClient client;
    private final EventRecorder events;
    private final Executor writer = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "lustre-ir-unreadable");
        t.setDaemon(true);
        return t;
    });
    /** What was last reported per object (uid), so watch events and node events do not repeat it. */
    private final Map<String, String> reported = new ConcurrentHashMap<>();

    UnreadableObjects(KubernetesClient client, EventRecorder events) {
        this.client = client;
        this.events = events;
    }

    /** The reconciler's path (an event the filter did not see): the status is written as the update. */
    UpdateControl<LustreFailover> report(LustreFailover lfo, Instant now) {
        LustreFailoverStatus s = failedStatus(lfo, now);
        if (s == null) {
            return UpdateControl.noUpdate();
        }
        lfo.setStatus(s);
        // Only the status subresource is written; an unreadable spec would be written back as stored.
        return UpdateControl.patchStatus(lfo);
    }

    /**
     * The path around the framework, for an object {@link ReadableOnly} keeps from it: the status is
     * replaced through the status subresource (a PUT, so an unreadable field is gone afterwards).
     * Off the informer's thread, and a failure is only logged: the next event of the object retries.
     */
    void reportLater(LustreFailover lfo) {
        writer.execute(() -> {
            try {
                LustreFailoverStatus s = failedStatus(lfo, Instant.now());
                if (s == null) {
                    return;
                }
                LustreFailover update = new LustreFailover();
                update.setMetadata(new ObjectMetaBuilder().withName(lfo.getMetadata().getName())
                        .withNamespace(lfo.getMetadata().getNamespace())
                        .withResourceVersion(lfo.getMetadata().getResourceVersion()).build());
                update.setStatus(s);
                client.resource(update).updateStatus();
            } catch (RuntimeException e) {
                // Before Kubernetes 1.28 a status write validates the whole object, and a stored spec
                // that breaks the schema makes it fail: the Event and the log line are the report.
                LOG.warnf("could not record the status of %s/%s (the Event and this log are the report): %s",
                        lfo.getMetadata().getNamespace(), lfo.getMetadata().getName(), e.getMessage());
            }
        });
    }

    /** The Failed status to record, with the log line and the Event; null when this was reported already. */
    private LustreFailoverStatus failedStatus(LustreFailover lfo, Instant now) {
        boolean specUnreadable = lfo.getSpec() == null || lfo.getSpec().unreadable() != null;
        long generation = lfo.getMetadata().getGeneration();
        String message = specUnreadable
                ? "spec cannot be read, no Job is created: " + lfo.unreadable()
                : "status cannot be read, the round is not continued (no Job, no eviction): " + lfo.unreadable();
        String uid = lfo.getMetadata().getUid();
        String key = generation + "\n" + message;
        LustreFailoverStatus current = lfo.getStatus();
        boolean alreadyRecorded = current != null && current.unreadable() == null && current.phase == Phase.Failed
                && message.equals(current.message) && Objects.equals(current.observedGeneration, generation);
        if (alreadyRecorded) {
            return null;
        }
        // The status write is tried on each event of the object until it is recorded; the Event and
        // the log line only once per generation and problem.
        if (!key.equals(reported.put(uid, key))) {
            announce(lfo, specUnreadable, generation, message);
        }
        LustreFailoverStatus s = new LustreFailoverStatus();
        s.round = generation;
        s.observedGeneration = generation;
        // With a readable spec the round is recorded as this spec's, so only a spec change starts
        // another; an unreadable spec has no digest, and any readable spec will differ from none.
        s.roundSpec = specUnreadable ? null : RoundStarter.digest(lfo.getSpec());
        s.phase = Phase.Failed;
        s.message = message;
        s.completionTime = Times.format(now);
        Conditions.set(s.conditions, Conditions.COMPLETE, false, specUnreadable ? SPEC_REASON : STATUS_REASON,
                message, generation, now);
        return s;
    }

    private void announce(LustreFailover lfo, boolean specUnreadable, long generation, String message) {
        LOG.warnf("%s/%s generation %d: %s", lfo.getMetadata().getNamespace(), lfo.getMetadata().getName(), generation, message);
        events.warning(lfo, specUnreadable ? EventReason.ValidationFailed : EventReason.StatusUnreadable, message);
    }

    void retain(Set<String> failoverUids) {
        reported.keySet().retainAll(failoverUids);
    }

    /**
     * Keeps unreadable objects from the framework's dispatch, and hands them to the reporter, which
     * replaces the status whole (a PUT of the status subresource): a patch would keep the field the
     * operator cannot read, and any write of the whole object is refused by an API server whose schema
     * the stored spec breaks (no ratcheting before Kubernetes 1.28).
     */
    public static final class ReadableOnly implements GenericFilter<LustreFailover> {
        // The framework instantiates filters itself; the reconciler sets where they report.
        static volatile Consumer<LustreFailover> reporter = lfo -> {
        };

        @Override
        public boolean accept(LustreFailover lfo) {
            // A deletion needs nothing from the operator: the garbage collector takes what it owns.
            if (lfo.unreadable() == null || lfo.isMarkedForDeletion()) {
                return true;
            }
            reporter.accept(lfo);
            return false;
        }
    }
}
