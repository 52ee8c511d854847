package dev.lustre.ir.agent;

import dev.lustre.ir.api.ApiGroup;
import dev.lustre.ir.api.LustreClose;
import dev.lustre.ir.api.LustreRoundResult;
import dev.lustre.ir.api.LustreRoundResultSpec;
import dev.lustre.ir.api.LustreRoundResultSpec.Progress;
import dev.lustre.ir.api.Patterns;
import dev.lustre.ir.kube.Times;
import dev.lustre.ir.report.AgentError;
import dev.lustre.ir.report.CloseWindowReport;
import io.fabric8.kubernetes.client.KubernetesClientException;

import java.time.Instant;
import java.util.regex.Pattern;

/**
 * One close carried out by the server's agent, exactly once. Its result is created (progress
 * Running) before lctl runs: an agent that finds that result already there never runs the close — if
 * it is still Running, an earlier run stopped in the middle (a restart), and the result says
 * Interrupted instead, because an eviction may already have happened and must not be repeated on a
 * newer state. A close whose values fail their checks is answered Finished and Failed, naming the
 * field; none of its UUIDs reaches lctl.
 */
final class CloseRun implements Runnable {
    private static final Pattern OBJECT_NAME = Pattern.compile(Patterns.OBJECT_NAME);
    /** Marks the result a run of a close created: one random value per run, never the same for two. */
    static final String RUN_ANNOTATION = ApiGroup.NAME + "/close-run";

    private final RoundContext ctx;
    private final LustreClose close;
    private final String round;

    /** {@code round}: the close's round, under which it counts as running (see {@link #roundOf}). */
    CloseRun(RoundContext ctx, LustreClose close, String round) {
        this.ctx = ctx;
        this.close = close;
        this.round = round;
    }

    /** The round the close names, or the close's own name when that is no object name (the close is refused then). */
    static String roundOf(LustreClose close) {
        String r = close.getSpec() == null ? null : close.getSpec().round;
        return r != null && r.length() <= 253 && OBJECT_NAME.matcher(r).matches() ? r : close.getMetadata().getName();
    }

    @Override
    public void run() {
        try {
            carryOut();
        } finally {
            ctx.closeEnds(round);
        }
    }

    private void carryOut() {
        String name = close.getMetadata().getName();
        Instant startedAt = ctx.clock().instant();
        AgentRequest.CloseWindow request;
        try {
            request = RoundRequests.close(close.getSpec());
        } catch (RoundRequests.InvalidSpecException e) {
            ctx.log("close " + name + " refused, nothing run: " + e.getMessage());
            LustreRoundResult refused = RoundResults.close(close, round, ctx.node(), Progress.Finished, "Failed",
                    "refused, nothing run: " + e.getMessage(), startedAt);
            WriteRetry.withBackoff("write the result of close " + name, WriteRetry.RESULT_WRITES, ctx.log(),
                    () -> ctx.store().createOnce(refused));
            return;
        }
        LustreRoundResult running = RoundResults.close(close, round, ctx.node(), Progress.Running, null, null, startedAt);
        running.getMetadata().setAnnotations(java.util.Map.of(RUN_ANNOTATION, java.util.UUID.randomUUID().toString()));
        Recorded recorded;
        try {
            recorded = WriteRetry.withBackoff("record close " + name + " before running it", WriteRetry.RESULT_WRITES,
                    ctx.log(), () -> record(running));
        } catch (KubernetesClientException e) {
            ctx.log("close " + name + " not run: its result cannot be recorded first: " + e.getMessage());
            return;
        }
        if (recorded == null) {
            ctx.log("close " + name + " not run: its result could not be recorded first");
            return;
        }
        if (recorded.earlier()) {
            answerEarlierRun(recorded.result());
            return;
        }
        CloseWindowReport report = closeWindow(request);
        LustreRoundResult created = recorded.result();
        LustreRoundResultSpec spec = created.getSpec();
        RoundResults.finish(spec, report, Boolean.TRUE.equals(close.getSpec().waitForWindow), ctx.clock().instant());
        ctx.log("close " + name + ": " + spec.outcome + " (" + spec.message + ")");
        WriteRetry.withBackoff("write the outcome of close " + name, WriteRetry.RESULT_WRITES, ctx.log(),
                () -> finishWrite(created, spec));
    }

    /** The close's result as recorded: created by this run, or found from an earlier one. */
    private record Recorded(LustreRoundResult result, boolean earlier) {
    }

    /**
     * A create whose answer was lost (the API server stored it, the client timed out) is tried again
     * and refused as existing: the result found then is this run's own, told apart from an earlier
     * run's by the run's mark, and the close goes on. Taking it for an earlier run's would mark the
     * close Interrupted without anything run (seen under an overloaded API server).
     */
    private Recorded record(LustreRoundResult running) {
        LustreRoundResult created = ctx.store().createOnce(running);
        if (created != null) {
            return new Recorded(created, false);
        }
        String name = running.getMetadata().getName();
        LustreRoundResult existing = ctx.store().get(running.getMetadata().getNamespace(), name);
        if (existing == null) {
            // Deleted between the create and the read: the create is tried again.
            throw new KubernetesClientException("the result " + name + " existed and then did not", 503, null);
        }
        return new Recorded(existing, !runOf(running).equals(runOf(existing)));
    }

    private static String runOf(LustreRoundResult r) {
        var annotations = r.getMetadata().getAnnotations();
        return annotations == null ? "" : annotations.getOrDefault(RUN_ANNOTATION, "");
    }

    /** The result was there before this run: the close is never run again. */
    private void answerEarlierRun(LustreRoundResult earlier) {
        String name = close.getMetadata().getName();
        if (earlier.getSpec() == null || earlier.getSpec().progress != Progress.Running) {
            ctx.log("close " + name + " was carried out already (" + earlier.getSpec().progress + "): not run again");
            return;
        }
        ctx.log("close " + name + " began before this agent started and never finished: marked Interrupted, not run again");
        earlier.getSpec().progress = Progress.Interrupted;
        earlier.getSpec().message = "the agent stopped while this close ran (a restart); it was not run again, "
                + "so whether its evictions happened is for the server to say";
        earlier.getSpec().observedAt = Times.formatMillis(ctx.clock().instant());
        WriteRetry.withBackoff("mark close " + name + " Interrupted", WriteRetry.RESULT_WRITES, ctx.log(),
                () -> finishWrite(earlier, earlier.getSpec()));
    }

    private LustreRoundResult finishWrite(LustreRoundResult result, LustreRoundResultSpec spec) {
        result.setSpec(spec);
        try {
            return ctx.store().update(result);
        } catch (KubernetesClientException e) {
            if (!ResultStore.isConflict(e)) {
                throw e;
            }
            return ctx.store().updateFromFresh(result);
        }
    }

    private CloseWindowReport closeWindow(AgentRequest.CloseWindow request) {
        try {
            return new CloseWindowCommand(request, ctx.lctl(), ctx.sleeper(), ctx.clock()).run();
        } catch (AgentException e) {
            return CloseWindowReport.failed(request.target().name(), e.error(), e.getMessage());
        } catch (RuntimeException e) {
            return CloseWindowReport.failed(request.target().name(), AgentError.LctlFailed, "unexpected failure: " + e);
        }
    }
}
