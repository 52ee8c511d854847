package dev.lustre.ir.operator;

import dev.lustre.ir.kube.Times;
import dev.lustre.ir.api.ServerStatus;
import dev.lustre.ir.report.InspectServerReport;
import dev.lustre.ir.report.TargetRecovery;
import java.time.Instant;

/** Turns the agent's view of the target into the status's server block. */
public final class ServerViews {
    private ServerViews() {
    }

    public static ServerStatus from(TargetRecovery recovery, AgentReport report, Instant observedAt,
            ServerStatus previous) {
        ServerStatus s = new ServerStatus();
        if (recovery != null) {
            s.recoveryStatus = recovery.status().name();
            s.connected = recovery.connected();
            s.total = recovery.total();
            s.evicted = recovery.evicted();
            s.timeRemaining = intOrNull(recovery.timeRemaining());
        }
        InspectServerReport inspection = report == null ? null : report.inspection();
        Long instance = inspection == null ? null : inspection.instance();
        s.instance = instance != null ? instance : previous == null ? null : previous.instance;
        if (inspection != null && inspection.staleSupported()) {
            s.staleClients = inspection.staleCount();
        }
        String ir = inspection == null ? null : inspection.irState();
        s.irState = ir != null ? ir : recovery == null ? null : recovery.ir();
        s.observedAt = Times.format(observedAt);
        return s;
    }

    /** The window is closed once the target left recovery. */
    public static boolean windowClosed(String recoveryStatus) {
        return "COMPLETE".equals(recoveryStatus) || "INACTIVE".equals(recoveryStatus);
    }

    public static boolean windowClosed(TargetRecovery recovery) {
        return recovery != null && windowClosed(recovery.status().name());
    }

    /** The status field is an integer; a value beyond it is left out rather than wrapped. */
    private static Integer intOrNull(Long value) {
        return value == null || value != value.intValue() ? null : value.intValue();
    }
}
