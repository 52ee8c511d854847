package dev.lustre.ir.operator;

import dev.lustre.ir.report.CloseWindowReport;
import dev.lustre.ir.report.CommandReport;
import dev.lustre.ir.report.InspectServerReport;
import dev.lustre.ir.report.ReconnectReport;
import dev.lustre.ir.report.ReportReader;
import dev.lustre.ir.report.TargetRecovery;
import dev.lustre.ir.report.UnreadableReportException;
import java.util.List;

/**
 * What the operator makes of an agent Job's termination message: the agent's report, typed, or why
 * there is none. A missing, garbled, refused or unknown report reads as a failure with an
 * explanation, never as success; the parts of a report of another command read as absent.
 */
public final class AgentReport {
    /** null when the message could not be read; {@link #unreadable} says why. */
    private final CommandReport report;
    private final UnreadableReportException unreadable;

    private AgentReport(CommandReport report, UnreadableReportException unreadable) {
        this.report = report;
        this.unreadable = unreadable;
    }

    public static AgentReport parse(String message) {
        try {
            return new AgentReport(ReportReader.read(message), null);
        } catch (UnreadableReportException e) {
            return new AgentReport(null, e);
        }
    }

    public boolean ok() {
        return report != null && report.ok();
    }

    /** The agent's error word, or the reader's when there is no report to read. */
    public String error() {
        if (report == null) {
            return unreadable.reason().name();
        }
        return report.error() == null ? null : report.error().name();
    }

    public String message() {
        return report == null ? unreadable.getMessage() : report.message();
    }

    /** reconnect: the client UUIDs of the node's devices. */
    public List<String> uuids() {
        return report instanceof ReconnectReport r ? r.uuids() : List.of();
    }

    /** inspect-server's report, or null. */
    public InspectServerReport inspection() {
        return report instanceof InspectServerReport i ? i : null;
    }

    /** inspect-server: the target's recovery status, or null. */
    public TargetRecovery recovery() {
        return inspection() == null ? null : inspection().recovery();
    }

    /** close-window: the target's recovery status after closing, or null. */
    public TargetRecovery finalRecovery() {
        return report instanceof CloseWindowReport c ? c.finalRecovery() : null;
    }

    /** close-window: how many UUIDs it evicted, or null for another command. */
    public Integer closeEvicted() {
        return report instanceof CloseWindowReport c ? c.evictedCount() : null;
    }

    /** close-window: it found the target already out of recovery and did nothing. */
    public boolean closeFoundWindowClosed() {
        return report instanceof CloseWindowReport c && c.alreadyClosed();
    }

    public boolean staleSupported() {
        return inspection() != null && inspection().staleSupported();
    }

    public List<String> staleClients() {
        return staleSupported() ? inspection().staleClients() : List.of();
    }

    public boolean staleTruncated() {
        return staleSupported() && inspection().staleTruncated();
    }
}
