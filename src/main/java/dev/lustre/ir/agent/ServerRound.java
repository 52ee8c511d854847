package dev.lustre.ir.agent;

import dev.lustre.ir.api.LustreRound;
import dev.lustre.ir.api.LustreRoundResult;
import dev.lustre.ir.api.LustreRoundResultSpec.Progress;
import dev.lustre.ir.api.RoundNames;
import dev.lustre.ir.kube.Times;
import dev.lustre.ir.lustre.RecoveryState;
import dev.lustre.ir.report.AgentError;
import dev.lustre.ir.report.InspectServerReport;
import dev.lustre.ir.agent.RoundResults.ServerView;
import io.fabric8.kubernetes.client.KubernetesClientException;

import java.time.Duration;
import java.time.Instant;

/**
 * The server's part in a round: inspect the target every second, from the moment the round appears
 * (lctl first), and keep the server result equal to what the target says: created at the first
 * inspection, then updated only when something other than the timers changed, so at most one write
 * a second and none while nothing happens. Ends with one write of progress Finished when the target
 * is out of recovery and no close of the round is running, or when the round is older than its
 * reconnect timeout and an hour; ends without a write when the round is deleted (its results go with
 * it) or the agent stops.
 */
final class ServerRound implements Runnable {
    static final Duration EVERY = Duration.ofSeconds(1);

    private final RoundContext ctx;
    private final LustreRound round;
    private final RoundRequests.RoundFacts facts;
    private final AgentRequest.InspectServer request;
    private final boolean existing;
    private final Instant giveUpAt;
    private volatile boolean deleted;
    private volatile Thread thread;
    private LustreRoundResult known;
    private ServerView written;
    private Instant startedAt;

    ServerRound(RoundContext ctx, LustreRound round, RoundRequests.RoundFacts facts, AgentRequest.InspectServer request,
            Duration watchFor, boolean existing) {
        this.ctx = ctx;
        this.round = round;
        this.facts = facts;
        this.request = request;
        this.existing = existing;
        Instant created = Times.parse(round.getMetadata().getCreationTimestamp());
        this.giveUpAt = created == null ? null : created.plus(watchFor);
    }

    /** The round was deleted: stop at once, write nothing more. */
    void stop() {
        deleted = true;
        Thread t = thread;
        if (t != null) {
            t.interrupt();
        }
    }

    @Override
    public void run() {
        thread = Thread.currentThread();
        String name = RoundNames.serverResult(facts.failover(), facts.round());
        if (existing && !resume(name)) {
            return;
        }
        while (!deleted && !Thread.currentThread().isInterrupted()) {
            Instant began = ctx.clock().instant();
            InspectServerReport report = inspect();
            if (startedAt == null) {
                startedAt = began;
            }
            boolean last = finished(report, ctx.closeRunning(facts.name()), giveUpAt, began);
            ServerView view = ServerView.of(report, last ? Progress.Finished : Progress.Running);
            if (deleted) {
                return;
            }
            if (!view.sameAs(written)) {
                LustreRoundResult result = RoundResults.server(round, facts, ctx.node(), view, startedAt, began);
                if (last) {
                    WriteRetry.withBackoff("write the server result " + name, WriteRetry.RESULT_WRITES, ctx.log(),
                            () -> write(result, view));
                } else {
                    try {
                        write(result, view);
                    } catch (KubernetesClientException e) {
                        // Tried again at the next inspection: what was written is unchanged.
                        ctx.log("cannot write the server result " + name + " (tried again in 1s): " + e.getMessage());
                    }
                }
            }
            if (last) {
                ctx.log("round " + facts.name() + ": " + view.message() + "; no longer observed");
                return;
            }
            try {
                Thread.sleep(EVERY.toMillis());
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    /**
     * Whether this inspection is the last: the target left recovery (WAITING for other MDTs counts as
     * still in it) and no close of the round runs, or the round is past its watch.
     */
    static boolean finished(InspectServerReport report, boolean closeRunning, Instant giveUpAt, Instant now) {
        if (giveUpAt != null && now.isAfter(giveUpAt)) {
            return true;
        }
        if (!report.ok() || closeRunning) {
            return false;
        }
        RecoveryState s = report.recovery().status();
        return !s.windowOpen() && s != RecoveryState.WAITING;
    }

    /** After a restart: go on from the result already written, unless it says the round is over. */
    private boolean resume(String name) {
        try {
            LustreRoundResult current = ctx.store().get(round.getMetadata().getNamespace(), name);
            if (current != null && current.getSpec() != null) {
                if (current.getSpec().progress == Progress.Finished) {
                    return false;
                }
                known = current;
                startedAt = Times.parse(current.getSpec().startedAt);
            }
        } catch (RuntimeException e) {
            ctx.log("cannot read the server result " + name + " (observing anyway): " + e.getMessage());
        }
        return true;
    }

    private InspectServerReport inspect() {
        try {
            return new InspectServerCommand(request, ctx.lctl()).run();
        } catch (RuntimeException e) {
            return InspectServerReport.failed(request.target().name(), AgentError.LctlFailed, "unexpected failure: " + e);
        }
    }

    /**
     * Create at first, then update with the resourceVersion last written; a conflict (someone else
     * wrote, or a create found the object of an earlier run) is written again over a fresh read.
     */
    private LustreRoundResult write(LustreRoundResult result, ServerView view) {
        LustreRoundResult out;
        if (known == null) {
            out = ctx.store().createOnce(result);
            if (out == null) {
                LustreRoundResult current = ctx.store().get(result.getMetadata().getNamespace(), result.getMetadata().getName());
                if (current != null && current.getSpec() != null && current.getSpec().startedAt != null) {
                    result.getSpec().startedAt = current.getSpec().startedAt;
                    startedAt = Times.parse(current.getSpec().startedAt);
                }
                out = ctx.store().updateFromFresh(result);
            }
        } else {
            known.setSpec(result.getSpec());
            try {
                out = ctx.store().update(known);
            } catch (KubernetesClientException e) {
                if (!ResultStore.isConflict(e)) {
                    throw e;
                }
                out = ctx.store().updateFromFresh(result);
            }
        }
        known = out;
        written = view;
        return out;
    }
}
