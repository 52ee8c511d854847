package dev.lustre.ir.agent;

import dev.lustre.ir.lustre.TargetName;
import dev.lustre.ir.report.CloseWindowReport;
import dev.lustre.ir.report.InspectServerReport;
import dev.lustre.ir.report.ReconnectReport;

import java.time.Duration;
import java.util.List;

/** One parsed agent command line. Every value in it has already passed its strict pattern. */
public sealed interface AgentRequest {
    /** The lctl command prefix: {@code --lctl} split on whitespace, or the nsenter default. */
    List<String> lctlPrefix();

    TargetName target();

    String commandName();

    record Reconnect(TargetName target, List<String> nids, Long instance, Duration timeout, List<String> lctlPrefix)
            implements AgentRequest {
        @Override
        public String commandName() {
            return ReconnectReport.COMMAND;
        }
    }

    record InspectServer(TargetName target, String fsName, List<String> lctlPrefix) implements AgentRequest {
        @Override
        public String commandName() {
            return InspectServerReport.COMMAND;
        }
    }

    record CloseWindow(TargetName target, List<String> evictUuids, boolean abort, Duration timeout,
            List<String> lctlPrefix) implements AgentRequest {
        @Override
        public String commandName() {
            return CloseWindowReport.COMMAND;
        }
    }
}
