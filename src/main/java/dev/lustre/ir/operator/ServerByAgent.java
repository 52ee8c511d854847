package dev.lustre.ir.operator;

import dev.lustre.ir.api.LustreClose;
import dev.lustre.ir.api.LustreRoundResultSpec;
import dev.lustre.ir.api.LustreRoundResultSpec.Progress;
import dev.lustre.ir.api.ServerStatus;
import dev.lustre.ir.api.Via;
import dev.lustre.ir.kube.Times;
import dev.lustre.ir.operator.RoundSnapshot.CloseJob;
import dev.lustre.ir.operator.RoundSnapshot.Inspection;
import dev.lustre.ir.operator.RoundSnapshot.InspectionJob;
import dev.lustre.ir.operator.RoundSnapshot.JobProgress;
import dev.lustre.ir.report.AgentError;
import dev.lustre.ir.report.TargetRecovery;
import java.time.Instant;

/**
 * The server through its resident agent: the agent inspects the target from the moment the
 * LustreRound appears and rewrites its server result while the round runs, so there is no preflight
 * or verification Job; each close is a LustreClose the agent carries out once and answers.
 */
final class ServerByAgent implements ServerSide {
    private final RoundState st;
    private final LustreRoundResultSpec result;
    private final AgentReport report;
    private final boolean alive;

    ServerByAgent(RoundState st) {
        this.st = st;
        this.result = st.agents().results().server();
        this.report = result == null ? null : AgentReport.parse(result.report);
        this.alive = st.agents().directory().alive(st.namespace(), st.lfo().getSpec().server.node, st.now());
    }

    @Override
    public Via via() {
        return Via.Agent;
    }

    @Override
    public boolean agentAlive() {
        return alive;
    }

    @Override
    public JobProgress preflight() {
        if (report != null && report.ok()) {
            return JobProgress.Succeeded;
        }
        if (st.status().server != null) {
            // It saw the target before: a failed inspection now is waited out, not a failed preflight.
            return JobProgress.Running;
        }
        if (report != null || (st.agents().round() != null && !alive)) {
            return JobProgress.Failed;
        }
        return st.agents().round() == null ? JobProgress.Absent : JobProgress.Running;
    }

    @Override
    public String preflightFailure() {
        if (report != null) {
            return (report.error() == null ? "" : report.error() + ": ") + report.message() + " (its resident agent)";
        }
        return "the resident agent on " + st.lfo().getSpec().server.node
                + " stopped renewing its Lease before it inspected the target";
    }

    @Override
    public Inspection latest() {
        if (report == null || !report.ok()) {
            return null;
        }
        Instant observedAt = Times.parse(result.observedAt);
        observedAt = observedAt == null ? st.now() : observedAt;
        return Inspection.of(report, observedAt, st.status().server);
    }

    @Override
    public int verifications() {
        return 0;
    }

    /** Always "one under way": the agent inspects all along, so no verification Job is ever asked for. */
    @Override
    public InspectionJob lastInspection() {
        return new InspectionJob(false, st.now());
    }

    /** The agent rewrites its server result as it inspects: NoDevice there, after the round saw the target, means it left. */
    @Override
    public String targetLeft() {
        boolean left = st.status().server != null && report != null && AgentError.NoDevice.name().equals(report.error());
        return left ? report.error() + ": " + report.message() + " (its resident agent)" : null;
    }

    @Override
    public CloseJob close(ServerStatus server) {
        LustreClose close = st.agents().closes().stream().filter(c -> Boolean.TRUE.equals(c.getSpec().waitForWindow))
                .reduce((a, b) -> b).orElse(null);
        if (close == null) {
            return null;
        }
        Instant issued = Times.parse(close.getMetadata().getCreationTimestamp());
        LustreRoundResultSpec done = st.agents().results().closes().get(close.getMetadata().getName());
        if (done == null || done.progress == Progress.Running) {
            return new CloseJob(RoundOrders.plan(close), IssuedClose.closedBy(close), issued, true, false, false, null, null, null);
        }
        Instant finished = Times.parse(done.observedAt);
        if (done.progress == Progress.Interrupted) {
            return new CloseJob(RoundOrders.plan(close), IssuedClose.closedBy(close), issued, false, false, false, null,
                    "the server's agent stopped during the close: " + done.message, finished);
        }
        AgentReport r = AgentReport.parse(done.report);
        TargetRecovery fin = r.finalRecovery();
        return new CloseJob(RoundOrders.plan(close), IssuedClose.closedBy(close), issued, false,
                r.ok() && ServerViews.windowClosed(fin), AgentError.Timeout.name().equals(r.error()),
                fin == null ? null : ServerViews.from(fin, null, st.now(), server),
                r.error() == null ? null : r.error() + ": " + r.message(), finished, r.closeEvicted(), r.closeFoundWindowClosed());
    }
}
