package dev.lustre.ir.agent;

import dev.lustre.ir.lustre.CommandResult;
import dev.lustre.ir.lustre.LctlCommands;
import dev.lustre.ir.lustre.RecoveryState;
import dev.lustre.ir.lustre.RecoveryStatus;
import dev.lustre.ir.lustre.SimpleValueParsers;
import dev.lustre.ir.lustre.TargetName;
import dev.lustre.ir.report.AgentError;
import dev.lustre.ir.report.CloseWindowReport.Action;
import dev.lustre.ir.report.CloseWindowReport;
import dev.lustre.ir.report.TargetRecovery;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code agent close-window}: ends the target's wait for clients. With {@code --evict-uuid}, each
 * named client is evicted through {@code evict_client=uuid:<U>} (class_fail_export during recovery
 * counts it as stale, so check_for_recovery_ready can proceed while connected clients keep their
 * replay). With {@code --abort}, {@code abort_recovery}, which also evicts every client that has not
 * finished lock replay. Then polls recovery_status until the target leaves RECOVERING /
 * WAITING_FOR_CLIENTS: the recovery thread re-checks only every ≤60 s and eviction does not wake it.
 */
final class CloseWindowCommand {
    static final Duration POLL_INTERVAL = Duration.ofSeconds(2);

    private final AgentRequest.CloseWindow request;
    private final Lctl lctl;
    private final Sleeper sleeper;
    private final Clock clock;

    CloseWindowCommand(AgentRequest.CloseWindow request, Lctl lctl, Sleeper sleeper, Clock clock) {
        this.request = request;
        this.lctl = lctl;
        this.sleeper = sleeper;
        this.clock = clock;
    }

    CloseWindowReport run() {
        TargetName t = request.target();
        long start = clock.millis();
        long deadline = start + request.timeout().toMillis();
        List<String> evicted = new ArrayList<>();
        List<String> unknown = new ArrayList<>();
        RecoveryStatus last = null;
        boolean alreadyClosed = false;
        AgentError error = null;
        String message = null;
        try {
            last = InspectServerCommand.readRecoveryStatus(lctl, t);
            // Outside recovery an eviction or abort would hit clients that are up and running.
            // WAITING (DNE update logs) is printed before the client branches, so clients may
            // still be missing behind it: act then too.
            alreadyClosed = !last.status().windowOpen() && last.status() != RecoveryState.WAITING;
            if (!alreadyClosed) {
                if (request.abort()) {
                    lctl.runOk(LctlCommands.abortRecovery(t.name()));
                } else {
                    evict(t, evicted, unknown);
                }
                last = InspectServerCommand.readRecoveryStatus(lctl, t);
                while (last.status().windowOpen() && clock.millis() < deadline) {
                    sleeper.sleep(POLL_INTERVAL);
                    last = InspectServerCommand.readRecoveryStatus(lctl, t);
                }
            }
            if (last.status().windowOpen()) {
                error = AgentError.Timeout;
                message = t.name() + " still " + last.status() + " after " + request.timeout().toMillis() + "ms"
                        + remaining(last);
            }
        } catch (AgentException e) {
            error = e.error();
            message = e.getMessage();
        }
        return CloseWindowReport.of(t.name(), request.abort() ? Action.AbortRecovery : Action.EvictDead, evicted,
                unknown, alreadyClosed, last == null ? null : TargetRecovery.of(last), clock.millis() - start, error,
                message);
    }

    /**
     * Evicts the listed UUIDs that the target is still waiting for. On 2.16+ the target names them
     * in recovery_stale_clients (lprocfs_recovery_stale_clients_seq_show); a UUID not there is not
     * evicted but reported in {@code unknown}: the server has no export for it, already evicted it,
     * or the client reconnected since the operator planned the close (evicting it then would throw
     * away its replay). Present and empty means the server waits for nobody: nothing is evicted.
     * Only where the file does not exist (before 2.16) is every requested UUID written. Real Lustre
     * answers success even for a UUID it does not know (evict_client_store ignores
     * obd_export_evict_by_uuid's result); a write lctl does refuse also lands in {@code unknown}. A
     * missing evict_client file means the target is not on this node.
     */
    private void evict(TargetName t, List<String> evicted, List<String> unknown) {
        List<String> waitingFor = staleClients(t);
        for (String uuid : request.evictUuids()) {
            if (waitingFor != null && !waitingFor.contains(uuid)) {
                unknown.add(uuid);
                continue;
            }
            List<String> args = LctlCommands.evictClient(t, uuid);
            CommandResult r = lctl.run(args);
            if (r.ok()) {
                evicted.add(uuid);
            } else if (String.valueOf(r.stderr()).contains("param_path")) {
                throw new AgentException(AgentError.NoDevice, t.name() + " is not mounted on this node ("
                        + Lctl.describe(args) + ": no such parameter)");
            } else {
                unknown.add(uuid);
            }
        }
    }

    /** recovery_stale_clients (possibly empty), or null where the server does not have it (before 2.16). */
    private List<String> staleClients(TargetName t) {
        List<String> args = LctlCommands.recoveryStaleClients(t);
        CommandResult r = lctl.run(args);
        if (!r.ok()) {
            if (Lctl.isMissing(r)) {
                return null;
            }
            throw Lctl.failed(args, r);
        }
        return SimpleValueParsers.staleClients(r.stdout());
    }

    private static String remaining(RecoveryStatus s) {
        if (s.connected() == null) {
            return "";
        }
        return " (" + s.connected() + "/" + s.total() + " connected"
                + (s.timeRemaining() == null ? "" : ", " + s.timeRemaining() + "s left on the recovery timer") + ")";
    }
}
