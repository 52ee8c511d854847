package dev.lustre.ir.operator;

import dev.lustre.ir.kube.Times;
import com.fasterxml.jackson.databind.JsonNode;
import dev.lustre.ir.api.ServerStatus;
import java.time.Instant;

/** Turns the agent's view of the target into the status's server block. */
public final class ServerViews {
    private ServerViews() {
    }

    public static ServerStatus from(JsonNode recovery, AgentReport report, Instant observedAt, ServerStatus previous) {
        ServerStatus s = new ServerStatus();
        s.recoveryStatus = AgentReport.text(recovery, "status");
        s.connected = AgentReport.integer(recovery, "connected");
        s.total = AgentReport.integer(recovery, "total");
        s.evicted = AgentReport.integer(recovery, "evicted");
        s.timeRemaining = AgentReport.integer(recovery, "timeRemaining");
        Long instance = report == null ? null : report.instance();
        s.instance = instance != null ? instance : previous == null ? null : previous.instance;
        if (report != null && report.staleSupported()) {
            s.staleClients = report.staleCount() != null ? report.staleCount() : report.staleClients().size();
        }
        String ir = report == null ? null : report.irState();
        s.irState = ir != null ? ir : AgentReport.text(recovery, "ir");
        s.observedAt = Times.format(observedAt);
        return s;
    }

    /** The window is closed once the target left recovery. */
    public static boolean windowClosed(String recoveryStatus) {
        return "COMPLETE".equals(recoveryStatus) || "INACTIVE".equals(recoveryStatus);
    }
}
