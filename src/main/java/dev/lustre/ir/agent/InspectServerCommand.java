package dev.lustre.ir.agent;

import dev.lustre.ir.lustre.CommandResult;
import dev.lustre.ir.lustre.LctlCommands;
import dev.lustre.ir.lustre.LustreParseException;
import dev.lustre.ir.lustre.MgsIrStateParser;
import dev.lustre.ir.lustre.RecoveryStatus;
import dev.lustre.ir.lustre.RecoveryStatusParser;
import dev.lustre.ir.lustre.SimpleValueParsers;
import dev.lustre.ir.lustre.TargetName;
import dev.lustre.ir.report.AgentError;
import dev.lustre.ir.report.InspectServerReport;
import dev.lustre.ir.report.TargetRecovery;

import java.util.List;

/**
 * {@code agent inspect-server}: the target's recovery_status, instance, recovery_stale_clients
 * (2.16+; older servers lack the file, which is reported as {@code staleSupported:false}) and, when
 * this node runs the MGS, the file system's IR state.
 */
final class InspectServerCommand {
    private final AgentRequest.InspectServer request;
    private final Lctl lctl;

    InspectServerCommand(AgentRequest.InspectServer request, Lctl lctl) {
        this.request = request;
        this.lctl = lctl;
    }

    InspectServerReport run() {
        TargetName t = request.target();
        try {
            RecoveryStatus recovery = readRecoveryStatus(lctl, t);
            Long instance = readInstance();
            List<String> stale = readStaleClients();
            String irState = readIrState();
            return InspectServerReport.of(t.name(), TargetRecovery.of(recovery), instance, stale, irState);
        } catch (AgentException e) {
            return InspectServerReport.failed(t.name(), e.error(), e.getMessage());
        }
    }

    /** Shared with close-window. A missing file means the target is not mounted on this node. */
    static RecoveryStatus readRecoveryStatus(Lctl lctl, TargetName t) {
        List<String> args = LctlCommands.recoveryStatus(t);
        CommandResult r = lctl.run(args);
        if (!r.ok()) {
            if (Lctl.isMissing(r)) {
                throw new AgentException(AgentError.NoDevice, t.name() + " is not mounted on this node ("
                        + Lctl.describe(args) + ": no such parameter)");
            }
            throw Lctl.failed(args, r);
        }
        try {
            return RecoveryStatusParser.parse(r.stdout(), Lctl.describe(args));
        } catch (LustreParseException e) {
            throw new AgentException(AgentError.ParseError, e.getMessage());
        }
    }

    private Long readInstance() {
        List<String> args = LctlCommands.instance(request.target());
        CommandResult r = lctl.run(args);
        if (!r.ok()) {
            return null;
        }
        try {
            return SimpleValueParsers.instance(r.stdout(), Lctl.describe(args));
        } catch (LustreParseException e) {
            throw new AgentException(AgentError.ParseError, e.getMessage());
        }
    }

    /** null when the server has no recovery_stale_clients (before 2.16). */
    private List<String> readStaleClients() {
        return lctl.readIfPresent(LctlCommands.recoveryStaleClients(request.target()), SimpleValueParsers::staleClients);
    }

    /** Only the MGS node can read {@code mgs.MGS.live.<fs>}; anywhere else this is unknown (null). */
    private String readIrState() {
        List<String> args = LctlCommands.mgsLive(request.fsName());
        CommandResult r = lctl.run(args);
        if (!r.ok()) {
            return null;
        }
        try {
            return MgsIrStateParser.parse(r.stdout(), Lctl.describe(args)).state();
        } catch (LustreParseException e) {
            return null;
        }
    }
}
