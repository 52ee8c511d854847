package dev.lustre.ir.agent;

import dev.lustre.ir.api.ApiGroup;
import dev.lustre.ir.api.LustreClose;
import dev.lustre.ir.api.LustreRound;
import dev.lustre.ir.api.LustreRoundResult;
import dev.lustre.ir.api.LustreRoundResultSpec;
import dev.lustre.ir.api.LustreRoundResultSpec.Progress;
import dev.lustre.ir.api.LustreRoundResultSpec.Role;
import dev.lustre.ir.api.RoundNames;
import dev.lustre.ir.kube.Times;
import dev.lustre.ir.report.AgentError;
import dev.lustre.ir.report.CloseWindowReport;
import dev.lustre.ir.report.InspectServerReport;
import dev.lustre.ir.report.ReconnectReport;
import dev.lustre.ir.report.ReportWriter;
import dev.lustre.ir.report.TargetRecovery;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The {@link LustreRoundResult}s an agent writes, built from its reports. Pure: what to write is
 * decided here, the writing is {@link ResultStore}'s.
 */
final class RoundResults {
    static final int MAX_MESSAGE = 1024;
    static final int MAX_UUIDS = 64;
    static final String ROLE_CLIENT = "client";
    static final String ROLE_SERVER = "server";
    static final String ROLE_CLOSE = "close";

    private RoundResults() {
    }

    /** A client's one result: created once, never changed. */
    static LustreRoundResult client(LustreRound round, RoundRequests.RoundFacts facts, String node,
            ReconnectReport report, Instant startedAt, Instant observedAt) {
        LustreRoundResultSpec spec = spec(facts.name(), node, Role.Client, Progress.Finished);
        spec.outcome = clientOutcome(report);
        spec.message = message(report.ok() ? "reconnected " + report.devices().size() + " device(s) of "
                + report.target() : report.message());
        spec.uuids = report.uuids().size() <= MAX_UUIDS ? report.uuids() : List.copyOf(report.uuids().subList(0, MAX_UUIDS));
        spec.report = ReportWriter.render(report);
        spec.startedAt = Times.formatMillis(startedAt);
        spec.observedAt = Times.formatMillis(observedAt);
        return result(round.getMetadata().getNamespace(), RoundNames.clientResult(facts.failover(), facts.round(), node),
                labels(facts.failover(), Long.toString(facts.round()), node, ROLE_CLIENT), owner(round), spec);
    }

    static String clientOutcome(ReconnectReport report) {
        if (report.ok()) {
            return "Reconnected";
        }
        return report.error() == AgentError.Evicted ? "Evicted" : "Failed";
    }

    /** The server's view of the target at one inspection. */
    static LustreRoundResult server(LustreRound round, RoundRequests.RoundFacts facts, String node,
            ServerView view, Instant startedAt, Instant observedAt) {
        LustreRoundResultSpec spec = spec(facts.name(), node, Role.Server, view.progress());
        spec.outcome = view.outcome();
        spec.message = view.message();
        spec.report = ReportWriter.render(view.report());
        spec.startedAt = Times.formatMillis(startedAt);
        spec.observedAt = Times.formatMillis(observedAt);
        return result(round.getMetadata().getNamespace(), RoundNames.serverResult(facts.failover(), facts.round()),
                labels(facts.failover(), Long.toString(facts.round()), node, ROLE_SERVER), owner(round), spec);
    }

    /**
     * What a server result says, without what moves every second by itself (the recovery timer's
     * time left, the durations): two inspections with equal views need no write.
     */
    record ServerView(Progress progress, String outcome, String message, InspectServerReport report, String steady) {
        static ServerView of(InspectServerReport report, Progress progress) {
            String outcome = report.ok() ? report.recovery().status().name()
                    : report.error() == null ? "Failed" : report.error().name();
            String message;
            if (report.ok()) {
                TargetRecovery r = report.recovery();
                message = report.target() + " " + r.status()
                        + (r.connected() == null ? "" : ", " + r.connected() + "/" + r.total() + " connected")
                        + (r.evicted() == null ? "" : ", " + r.evicted() + " evicted")
                        + (report.staleCount() == null || report.staleCount() == 0 ? ""
                                : ", waits for " + report.staleCount() + " stale client(s)");
            } else {
                message = report.message();
            }
            InspectServerReport still = report.ok() ? new InspectServerReport(report.target(), true, null, null,
                    steady(report.recovery()), report.instance(), report.staleClients(), report.staleCount(),
                    report.irState()) : report;
            return new ServerView(progress, outcome, RoundResults.message(message), report,
                    progress + "\n" + outcome + "\n" + message + "\n" + ReportWriter.render(still));
        }

        ServerView finished() {
            return of(report, Progress.Finished);
        }

        boolean sameAs(ServerView other) {
            return other != null && steady.equals(other.steady);
        }

        private static TargetRecovery steady(TargetRecovery r) {
            return new TargetRecovery(r.status(), r.connected(), r.total(), r.completed(), r.evicted(), null,
                    r.recoveryStart(), null, r.ir(), r.vbr(), null, r.nonReadyMdts());
        }
    }

    /** A close's result as first written: Running (before lctl), or Finished when the close was refused. */
    static LustreRoundResult close(LustreClose close, String round, String node, Progress progress, String outcome,
            String message, Instant startedAt) {
        LustreRoundResultSpec spec = spec(round, node, Role.Close, progress);
        spec.close = close.getMetadata().getName();
        spec.outcome = outcome;
        spec.message = message(message);
        spec.startedAt = Times.formatMillis(startedAt);
        if (progress != Progress.Running) {
            spec.observedAt = spec.startedAt;
        }
        Map<String, String> closeLabels = close.getMetadata().getLabels() == null ? Map.of() : close.getMetadata().getLabels();
        return result(close.getMetadata().getNamespace(), close.getMetadata().getName(),
                labels(closeLabels.get(ApiGroup.FAILOVER_LABEL), closeLabels.get(ApiGroup.ROUND_LABEL), node, ROLE_CLOSE),
                closeOwner(close), spec);
    }

    /** The close carried out: the same object, now Finished with the outcome and the report. */
    static void finish(LustreRoundResultSpec spec, CloseWindowReport report, boolean waitForWindow, Instant observedAt) {
        spec.progress = Progress.Finished;
        spec.outcome = closeOutcome(report, waitForWindow);
        spec.message = message(report.ok() ? closedMessage(report) : report.message());
        spec.report = ReportWriter.render(report);
        spec.observedAt = Times.formatMillis(observedAt);
    }

    /**
     * Closed when the target left recovery (or had already); an eviction that does not wait reports
     * Timeout by design (it reads the status once), which is the Evicted it was asked for.
     */
    static String closeOutcome(CloseWindowReport report, boolean waitForWindow) {
        if (report.ok()) {
            return "Closed";
        }
        if (report.error() == AgentError.Timeout) {
            return waitForWindow ? "TimedOut" : "Evicted";
        }
        return "Failed";
    }

    private static String closedMessage(CloseWindowReport report) {
        if (report.alreadyClosed()) {
            return report.target() + " was out of recovery already: nothing done";
        }
        String what = report.action() == CloseWindowReport.Action.AbortRecovery ? "aborted recovery"
                : "evicted " + report.evictedCount() + " client(s)"
                        + (report.unknownCount() == 0 ? "" : ", " + report.unknownCount() + " not waited for");
        return report.target() + ": " + what + ", now "
                + (report.finalRecovery() == null ? "unknown" : report.finalRecovery().status());
    }

    static String message(String message) {
        if (message == null) {
            return null;
        }
        String line = message.replaceAll("[\\r\\n]+", " ");
        return line.length() <= MAX_MESSAGE ? line : line.substring(0, MAX_MESSAGE - 3) + "...";
    }

    private static LustreRoundResultSpec spec(String round, String node, Role role, Progress progress) {
        LustreRoundResultSpec spec = new LustreRoundResultSpec();
        spec.round = round;
        spec.node = node;
        spec.role = role;
        spec.progress = progress;
        return spec;
    }

    private static Map<String, String> labels(String failover, String round, String node, String role) {
        Map<String, String> labels = new LinkedHashMap<>();
        if (failover != null) {
            labels.put(ApiGroup.FAILOVER_LABEL, RoundNames.labelValue(failover));
        }
        if (round != null) {
            labels.put(ApiGroup.ROUND_LABEL, RoundNames.labelValue(round));
        }
        labels.put(ApiGroup.NODE_LABEL, RoundNames.labelValue(node));
        labels.put(ApiGroup.ROLE_LABEL, role);
        return labels;
    }

    private static LustreRoundResult result(String namespace, String name, Map<String, String> labels,
            OwnerReference owner, LustreRoundResultSpec spec) {
        LustreRoundResult r = new LustreRoundResult();
        ObjectMeta meta = new ObjectMetaBuilder().withName(name).withNamespace(namespace).withLabels(labels)
                .withOwnerReferences(owner).build();
        r.setMetadata(meta);
        r.setSpec(spec);
        return r;
    }

    /**
     * Owned by the round, so that deleting it removes its results. No blockOwnerDeletion: setting it
     * needs the right to update the owner's finalizers, which an agent does not have.
     */
    static OwnerReference owner(HasMetadata owner) {
        return new OwnerReferenceBuilder().withApiVersion(owner.getApiVersion()).withKind(owner.getKind())
                .withName(owner.getMetadata().getName()).withUid(owner.getMetadata().getUid()).build();
    }

    /** A close's result is owned by the close's round when the close names it as its owner, else by the close. */
    private static OwnerReference closeOwner(LustreClose close) {
        List<OwnerReference> refs = close.getMetadata().getOwnerReferences();
        if (refs != null) {
            for (OwnerReference ref : refs) {
                if ("LustreRound".equals(ref.getKind()) && ref.getApiVersion() != null
                        && ref.getApiVersion().startsWith(ApiGroup.NAME + "/") && ref.getUid() != null) {
                    return new OwnerReferenceBuilder().withApiVersion(ref.getApiVersion()).withKind(ref.getKind())
                            .withName(ref.getName()).withUid(ref.getUid()).build();
                }
            }
        }
        return owner(close);
    }
}
