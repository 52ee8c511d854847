package dev.lustre.ir.operator;

import dev.lustre.ir.report.AgentError;
import dev.lustre.ir.report.TargetRecovery;
import dev.lustre.ir.api.ApiGroup;
import dev.lustre.ir.api.LustreFailover;
import dev.lustre.ir.api.LustreFailoverStatus;
import dev.lustre.ir.api.ServerStatus;
import dev.lustre.ir.operator.RoundSnapshot.CloseJob;
import dev.lustre.ir.operator.RoundSnapshot.Inspection;
import dev.lustre.ir.operator.RoundSnapshot.InspectionJob;
import dev.lustre.ir.operator.RoundSnapshot.JobProgress;
import dev.lustre.ir.policy.ClientClassifier;
import dev.lustre.ir.policy.ClientObservation;
import dev.lustre.ir.policy.JobOutcome;
import dev.lustre.ir.policy.ObservedNodeHealth;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Set;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BiFunction;
import java.util.function.Function;

/**
 * Reads a round off the API server into a {@link RoundSnapshot}: its Jobs and what their agents
 * reported, the roster and its nodes' health, the inventory. The only place that reads the
 * agents' reports.
 */
final class RoundObserver {
    private final BiFunction<LustreFailover, Long, List<String>> roster;
    private final Function<LustreFailover, Map<String, List<String>>> inventory;
    /** Outcomes of finished client Jobs by Job UID: a finished Job does not change, so its report is read once. */
    private final Map<String, JobOutcome> finished = new ConcurrentHashMap<>();

    /**
     * @param roster    the round's client nodes, or null when the round has none recorded
     * @param inventory client UUIDs per node, from earlier reports
     */
    RoundObserver(BiFunction<LustreFailover, Long, List<String>> roster, Function<LustreFailover, Map<String, List<String>>> inventory) {
        this.roster = roster;
        this.inventory = inventory;
    }

    RoundSnapshot observe(RoundState st) {
        LustreFailoverStatus recorded = st.status();
        JobView preflightJob = st.job(serverJob(st, AgentJobFactory.ROLE_PREFLIGHT));
        AgentReport preflightReport = reported(preflightJob) ? AgentReport.parse(preflightJob.terminationMessage()) : null;
        JobProgress preflight = preflightJob == null ? JobProgress.Absent
                : preflightReport == null ? JobProgress.Running
                : preflightJob.complete() && preflightReport.ok() ? JobProgress.Succeeded : JobProgress.Failed;

        int verifications = verifications(st);
        JobView lastInspection = verifications == 0 ? preflightJob : st.job(verifyJob(st, verifications));
        Inspection latest = latestInspection(st, verifications,
                preflight == JobProgress.Succeeded ? inspection(preflightReport, preflightJob, recorded.server) : null);

        List<ClientObservation> clients = new ArrayList<>();
        int dispatched = 0;
        Instant lastClientReport = Instant.EPOCH;
        Map<String, List<String>> known = Map.of();
        List<String> nodes = latest == null ? null : roster.apply(st.lfo(), st.round());
        if (nodes != null) {
            for (String node : nodes) {
                JobView job = st.job(Names.clientJob(st.name(), st.round(), node));
                ObservedNodeHealth health = NodeHealthReader.observe(st.nodes().apply(node));
                clients.add(ClientClassifier.classify(node, health, cachedOutcome(job), st.policy().deadClientEvidence()));
                if (job != null) {
                    dispatched++;
                    Instant completed = job.completedAt();
                    lastClientReport = completed != null && completed.isAfter(lastClientReport) ? completed : lastClientReport;
                }
            }
        }
        if (latest != null) {
            known = inventory.apply(st.lfo());
        }
        int expected = recorded.clients != null && recorded.clients.expected > 0 ? recorded.clients.expected : clients.size();
        String approval = st.lfo().getMetadata().getAnnotations() == null ? null
                : st.lfo().getMetadata().getAnnotations().get(ApiGroup.APPROVE_ANNOTATION);

        return new RoundSnapshot(st.now(), st.round(), st.policy(), st.suspended(), Long.toString(st.round()).equals(approval),
                st.lfo().getSpec().target, st.lfo().getSpec().server.node, expected, preflight,
                preflight == JobProgress.Failed ? describe(preflightReport, preflightJob) : null,
                latest, verifications,
                lastInspection == null ? null : new InspectionJob(lastInspection.finished(), lastInspection.createdAt()),
                clients, dispatched, lastClientReport,
                closeJob(st, latest == null ? recorded.server : latest.server()), known);
    }

    /** Keeps only what was read of these Jobs (by UID): the others are gone. */
    void retainJobs(Set<String> jobUids) {
        finished.keySet().retainAll(jobUids);
    }

    /**
     * Verification Jobs of the round: as many as the status recorded, and any created after it (a
     * status write lost, the operator stopped) that the deterministic names still find.
     */
    private static int verifications(RoundState st) {
        int n = st.status().verifications == null ? 0 : st.status().verifications;
        while (st.job(verifyJob(st, n + 1)) != null) {
            n++;
        }
        return n;
    }

    /** The newest finished server inspection: the last successful verification, else the preflight. */
    private static Inspection latestInspection(RoundState st, int verifications, Inspection preflight) {
        for (int i = verifications; i >= 1; i--) {
            JobView v = st.job(verifyJob(st, i));
            if (v != null && v.complete()) {
                AgentReport r = AgentReport.parse(v.terminationMessage());
                if (r.ok()) {
                    return inspection(r, v, st.status().server);
                }
            }
        }
        return preflight;
    }

    private static Inspection inspection(AgentReport report, JobView job, ServerStatus previous) {
        Instant observedAt = job.createdAt();
        return new Inspection(ServerViews.from(report.recovery(), report, observedAt, previous),
                report.staleSupported() ? new LinkedHashSet<>(report.staleClients()) : null, report.staleTruncated(), observedAt);
    }

    private static CloseJob closeJob(RoundState st, ServerStatus server) {
        JobView job = st.job(serverJob(st, AgentJobFactory.ROLE_CLOSE));
        if (job == null) {
            return null;
        }
        boolean running = !reported(job);
        AgentReport report = running ? null : AgentReport.parse(job.terminationMessage());
        TargetRecovery fin = report == null ? null : report.finalRecovery();
        boolean closedWindow = report != null && job.complete() && report.ok() && ServerViews.windowClosed(fin);
        return new CloseJob(IssuedClose.plan(job.job()), IssuedClose.closedBy(job.job()), job.createdAt(), running, closedWindow,
                report != null && AgentError.Timeout.name().equals(report.error()),
                fin == null ? null : ServerViews.from(fin, null, st.now(), server),
                report == null ? null : describe(report, job), job.finishedAt());
    }

    private JobOutcome cachedOutcome(JobView view) {
        if (!reported(view)) {
            return outcome(view);
        }
        return finished.computeIfAbsent(view.job().getMetadata().getUid(), uid -> outcome(view));
    }

    private static JobOutcome outcome(JobView view) {
        if (view == null) {
            return JobOutcome.notCreated();
        }
        if (!reported(view)) {
            return new JobOutcome(JobOutcome.Phase.Running, false, null, List.of(), view.attempts(), null);
        }
        AgentReport r = AgentReport.parse(view.terminationMessage());
        String message = r.message() != null ? r.message() : view.failureReason();
        return new JobOutcome(view.complete() ? JobOutcome.Phase.Succeeded : JobOutcome.Phase.Failed,
                view.complete() && r.ok(), r.error() != null ? r.error() : view.failureReason(), r.uuids(), view.attempts(), message);
    }

    /** Finished, with its report arrived: only then is what the agent said final. */
    private static boolean reported(JobView view) {
        return view != null && view.finished() && !view.reportPending();
    }

    private static String describe(AgentReport r, JobView v) {
        String what = r.error() != null ? r.error() + ": " + r.message() : v.failureReason();
        return what == null ? "no report" : what;
    }

    private static String serverJob(RoundState st, String role) {
        return Names.serverJob(st.name(), st.round(), role);
    }

    private static String verifyJob(RoundState st, int sequence) {
        return serverJob(st, AgentJobFactory.ROLE_VERIFY + "-" + sequence);
    }
}
