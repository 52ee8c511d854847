package dev.lustre.ir.operator;

import dev.lustre.ir.api.ServerStatus;
import dev.lustre.ir.api.Via;
import dev.lustre.ir.operator.RoundSnapshot.CloseJob;
import dev.lustre.ir.operator.RoundSnapshot.Inspection;
import dev.lustre.ir.operator.RoundSnapshot.InspectionJob;
import dev.lustre.ir.operator.RoundSnapshot.JobProgress;
import dev.lustre.ir.report.AgentError;
import dev.lustre.ir.report.TargetRecovery;

/** The server through Jobs on it: a preflight Job, verification Jobs, the close Job. */
final class ServerByJobs implements ServerSide {
    private final RoundState st;
    private final Via via;
    private final JobView preflightJob;
    private final AgentReport preflightReport;
    private final JobProgress preflight;
    private final int verifications;
    private final Inspection latest;

    /** @param via {@link Via#Job}, or null for a server that cannot be reached (nothing runs) */
    ServerByJobs(RoundState st, Via via) {
        this.st = st;
        this.via = via;
        this.preflightJob = st.job(RoundObserver.serverJob(st, AgentJobFactory.ROLE_PREFLIGHT));
        this.preflightReport = RoundObserver.reported(preflightJob) ? AgentReport.parse(preflightJob.terminationMessage()) : null;
        this.preflight = preflightJob == null ? JobProgress.Absent
                : preflightReport == null ? JobProgress.Running
                : preflightJob.complete() && preflightReport.ok() ? JobProgress.Succeeded : JobProgress.Failed;
        this.verifications = countVerifications();
        this.latest = latestInspection(preflight == JobProgress.Succeeded
                ? inspection(preflightReport, preflightJob, st.status().server) : null);
    }

    @Override
    public Via via() {
        return via;
    }

    @Override
    public boolean agentAlive() {
        return false;
    }

    @Override
    public JobProgress preflight() {
        return preflight;
    }

    @Override
    public String preflightFailure() {
        return preflight == JobProgress.Failed ? RoundObserver.describe(preflightReport, preflightJob) : null;
    }

    @Override
    public Inspection latest() {
        return latest;
    }

    @Override
    public int verifications() {
        return verifications;
    }

    @Override
    public InspectionJob lastInspection() {
        JobView last = verifications == 0 ? preflightJob : st.job(verifyJob(verifications));
        return last == null ? null : new InspectionJob(last.finished(), last.createdAt());
    }

    /** The newest verification that reported: a NoDevice there means the target left the server node. */
    @Override
    public String targetLeft() {
        for (int i = verifications; i >= 1; i--) {
            JobView v = st.job(verifyJob(i));
            if (RoundObserver.reported(v)) {
                AgentReport r = AgentReport.parse(v.terminationMessage());
                return AgentError.NoDevice.name().equals(r.error()) ? RoundObserver.describe(r, v) : null;
            }
        }
        return null;
    }

    @Override
    public CloseJob close(ServerStatus server) {
        JobView job = st.job(RoundObserver.serverJob(st, AgentJobFactory.ROLE_CLOSE));
        if (job == null) {
            return null;
        }
        boolean running = !RoundObserver.reported(job);
        AgentReport report = running ? null : AgentReport.parse(job.terminationMessage());
        TargetRecovery fin = report == null ? null : report.finalRecovery();
        boolean closedWindow = report != null && job.complete() && report.ok() && ServerViews.windowClosed(fin);
        return new CloseJob(IssuedClose.plan(job.job()), IssuedClose.closedBy(job.job()), job.createdAt(), running, closedWindow,
                report != null && AgentError.Timeout.name().equals(report.error()),
                fin == null ? null : ServerViews.from(fin, null, st.now(), server),
                report == null ? null : RoundObserver.describe(report, job), job.finishedAt(),
                report == null ? null : report.closeEvicted(), report != null && report.closeFoundWindowClosed());
    }

    /**
     * Verification Jobs of the round: as many as the status recorded, and any created after it (a
     * status write lost, the operator stopped) that the deterministic names still find.
     */
    private int countVerifications() {
        int n = st.status().verifications == null ? 0 : st.status().verifications;
        while (st.job(verifyJob(n + 1)) != null) {
            n++;
        }
        return n;
    }

    /** The newest finished server inspection: the last successful verification, else the preflight. */
    private Inspection latestInspection(Inspection fromPreflight) {
        for (int i = verifications; i >= 1; i--) {
            JobView v = st.job(verifyJob(i));
            if (v != null && v.complete()) {
                AgentReport r = AgentReport.parse(v.terminationMessage());
                if (r.ok()) {
                    return inspection(r, v, st.status().server);
                }
            }
        }
        return fromPreflight;
    }

    /** An inspection Job's report: the state is at least as recent as the Job. */
    private static Inspection inspection(AgentReport report, JobView job, ServerStatus previous) {
        return Inspection.of(report, job.createdAt(), previous);
    }

    private String verifyJob(int sequence) {
        return RoundObserver.serverJob(st, AgentJobFactory.ROLE_VERIFY + "-" + sequence);
    }
}
