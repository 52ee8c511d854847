package dev.lustre.ir.agent;

import dev.lustre.ir.lustre.ClientDevice;
import dev.lustre.ir.lustre.CommandResult;
import dev.lustre.ir.lustre.DeviceEntry;
import dev.lustre.ir.lustre.DeviceListParser;
import dev.lustre.ir.lustre.ImportInfo;
import dev.lustre.ir.lustre.ImportParser;
import dev.lustre.ir.lustre.ImportState;
import dev.lustre.ir.lustre.InvalidLustreValueException;
import dev.lustre.ir.lustre.LctlCommands;
import dev.lustre.ir.lustre.SimpleValueParsers;
import dev.lustre.ir.lustre.StateHistory;
import dev.lustre.ir.lustre.StateHistoryParser;
import dev.lustre.ir.report.AgentError;
import dev.lustre.ir.report.DeviceReconnect;
import dev.lustre.ir.report.ReconnectReport;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * {@code agent reconnect}: makes every device of the target on this node connect to the failover
 * server now. Per device: read the import; leave it alone when it is already connected to one of
 * the given NIDs in a reconnected state (and to the given instance); otherwise write
 * {@code import=connection=<nid>[::<instance>]} (asynchronous and idempotent) and poll, falling
 * back once to the synchronous {@code --device <dev> recover <nid>}.
 */
final class ReconnectCommand {
    static final Duration POLL_INTERVAL = Duration.ofSeconds(1);
    /** How long the asynchronous write gets before the recover fallback (capped at half the timeout). */
    static final Duration RECOVER_FALLBACK_AFTER = Duration.ofSeconds(10);

    private final AgentRequest.Reconnect request;
    private final Lctl lctl;
    private final Sleeper sleeper;
    private final Clock clock;
    private final List<DeviceProgress> devices = new ArrayList<>();
    /** Read once, when the first fallback is considered: the node's release and obd_timeout. */
    private Boolean recoverWaits;
    private long obdTimeoutMs;

    ReconnectCommand(AgentRequest.Reconnect request, Lctl lctl, Sleeper sleeper, Clock clock) {
        this.request = request;
        this.lctl = lctl;
        this.sleeper = sleeper;
        this.clock = clock;
    }

    ReconnectReport run() {
        long start = clock.millis();
        long deadline = start + request.timeout().toMillis();
        AgentError error = null;
        String message = null;
        try {
            discoverDevices();
            readUuids();
            for (DeviceProgress d : devices) {
                inspect(d);
            }
            checkNids();
            for (DeviceProgress d : devices) {
                startReconnect(d);
            }
            poll(deadline);
            for (DeviceProgress d : devices) {
                if (!d.evicted) {
                    d.evicted = readHistory(d).evictedInCurrentEpisode();
                }
            }
            List<DeviceProgress> evicted = devices.stream().filter(d -> d.evicted).toList();
            List<DeviceProgress> failed =
                    devices.stream().filter(d -> !d.evicted && !d.done && d.failure != null).toList();
            List<DeviceProgress> pending =
                    devices.stream().filter(d -> !d.evicted && !d.done && d.failure == null).toList();
            if (!evicted.isEmpty()) {
                error = AgentError.Evicted;
                message = names(evicted) + " evicted during this failover: reconnected as a new client, "
                        + "uncommitted replay lost";
            } else if (!failed.isEmpty()) {
                error = AgentError.LctlFailed;
                message = failed.get(0).failure;
            } else if (!pending.isEmpty()) {
                error = AgentError.Timeout;
                message = names(pending) + " not reconnected to " + String.join(",", request.nids())
                        + " within " + request.timeout().toMillis() + "ms" + lastSeen(pending.get(0));
            }
        } catch (AgentException e) {
            error = e.error();
            message = e.getMessage();
        }
        return ReconnectReport.of(request.target().name(), devices.stream().map(DeviceProgress::toReport).toList(),
                error, message, clock.millis() - start);
    }

    /** {@code list_param} per device pattern; an absent pattern just matches nothing. */
    private void discoverDevices() {
        Set<String> seen = new LinkedHashSet<>();
        for (String pattern : request.target().clientDevicePatterns()) {
            List<String> args = LctlCommands.listParam(pattern);
            CommandResult r = lctl.run(args);
            if (!r.ok()) {
                if (Lctl.isMissing(r)) {
                    continue;
                }
                throw Lctl.failed(args, r);
            }
            for (String path : SimpleValueParsers.paramList(r.stdout())) {
                try {
                    ClientDevice device = ClientDevice.fromParamPath(path);
                    if (seen.add(device.paramPath())) {
                        devices.add(new DeviceProgress(device));
                    }
                } catch (InvalidLustreValueException e) {
                    // list_param can print directories of other kinds; only well-formed devices count.
                }
            }
        }
        if (devices.isEmpty()) {
            throw new AgentException(AgentError.NoDevice, "no device of " + request.target().name()
                    + " on this node (" + String.join(", ", request.target().clientDevicePatterns())
                    + " matched nothing): the file system is not mounted here");
        }
    }

    /** The client UUID of each device is column 5 of its {@code lctl dl} line. */
    private void readUuids() {
        List<DeviceEntry> dl = lctl.read(LctlCommands.dl(), DeviceListParser::parse);
        for (DeviceProgress d : devices) {
            DeviceListParser.find(dl, d.device.name()).ifPresent(e -> d.uuid = e.uuid());
        }
    }

    private void inspect(DeviceProgress d) {
        d.lastImport = readImport(d);
        List<String> usable = new ArrayList<>();
        for (String nid : request.nids()) {
            if (d.lastImport.knowsNid(nid)) {
                usable.add(nid);
            }
        }
        d.usableNids = List.copyOf(usable);
    }

    /**
     * ptlrpc_recover_import can only move an existing connection to the head (import_set_conn
     * answers -ENOENT otherwise), so a NID the import does not list can never work: say so before
     * writing anything on any device.
     */
    private void checkNids() {
        for (DeviceProgress d : devices) {
            if (d.usableNids.isEmpty()) {
                throw new AgentException(AgentError.WrongNid, "none of " + String.join(",", request.nids())
                        + " is among the failover_nids [" + String.join(", ", d.lastImport.failoverNids())
                        + "] of " + d.device.name() + "; the import can only switch to a NID it already lists");
            }
        }
    }

    private void startReconnect(DeviceProgress d) {
        if (readHistory(d).evictedInCurrentEpisode()) {
            d.evicted = true;
            d.done = true;
            return;
        }
        if (connectedAsAsked(d.lastImport, d.usableNids)) {
            d.done = true;
            return;
        }
        String nid = d.usableNids.get(0);
        List<String> write = LctlCommands.setImportConnection(d.device, nid, request.instance());
        CommandResult r = lctl.run(write);
        d.action = DeviceReconnect.Action.importWrite;
        d.writtenAt = clock.millis();
        if (!r.ok()) {
            // Older or odd builds may refuse the write (EINVAL); the ioctl path still works.
            recover(d);
        }
    }

    private void poll(long deadline) {
        while (devices.stream().anyMatch(d -> !d.done) && clock.millis() < deadline) {
            sleeper.sleep(POLL_INTERVAL);
            long now = clock.millis();
            long fallbackAfter = Math.min(RECOVER_FALLBACK_AFTER.toMillis(), request.timeout().toMillis() / 2);
            for (DeviceProgress d : devices) {
                if (d.done) {
                    continue;
                }
                d.lastImport = readImport(d);
                if (d.lastImport.state() == ImportState.EVICTED) {
                    d.evicted = true;
                    d.done = true;
                } else if (reconnectedAfterWrite(d.lastImport, d.usableNids)) {
                    d.done = true;
                } else if (!d.recoverTried && now - d.writtenAt >= fallbackAfter) {
                    if (fallbackAllowed(d, deadline - now)) {
                        recover(d);
                        d.lastImport = readImport(d);
                        if (reconnectedAfterWrite(d.lastImport, d.usableNids)) {
                            d.done = true;
                        }
                    }
                }
            }
        }
    }

    /**
     * The recover fallback blocks the agent (uninterruptibly) for up to obd_timeout on 2.16+, and on
     * older releases whenever it starts a connect; see {@link RecoverFallback}. Tried at most once
     * per device; a skip is noted in the report.
     */
    private boolean fallbackAllowed(DeviceProgress d, long remainingMs) {
        if (recoverWaits == null) {
            recoverWaits = RecoverFallback.recoverWaits(readOptional(LctlCommands.version()));
            obdTimeoutMs = RecoverFallback.obdTimeoutMs(readOptional(LctlCommands.obdTimeout()));
        }
        RecoverFallback.Decision decision =
                RecoverFallback.decide(recoverWaits, d.lastImport.state(), remainingMs, obdTimeoutMs);
        if (decision == RecoverFallback.Decision.RUN) {
            return true;
        }
        d.recoverTried = true;
        d.note = decision == RecoverFallback.Decision.SKIP_NOT_CONNECTING
                ? "recover skipped: import " + d.lastImport.state() + ", it would only wait"
                : "recover skipped: it could block " + obdTimeoutMs / 1000 + "s, past the deadline";
        return false;
    }

    /** stdout of a read that may fail (a parameter an old release lacks): null then. */
    private String readOptional(List<String> args) {
        CommandResult r = lctl.run(args);
        return r.ok() ? r.stdout() : null;
    }

    /**
     * The synchronous fallback: {@code --device <dev> recover <nid>}, tried once per device.
     * ETIMEDOUT is no failure: ptlrpc_recover_import waits for the import to leave the recovery
     * states, and an import that reconnected to a target still in its window sits in REPLAY_WAIT
     * until the window closes. EALREADY means a connect was in progress; the NID still moved to the
     * head of the list. Either way the polling decides.
     */
    private void recover(DeviceProgress d) {
        d.recoverTried = true;
        d.action = DeviceReconnect.Action.recover;
        List<String> args = LctlCommands.recover(d.device.name(), d.usableNids.get(0));
        CommandResult r = lctl.run(args);
        String err = String.valueOf(r.stderr());
        boolean benign = err.contains("timed out") || err.contains("already in progress");
        d.failure = r.ok() || benign ? null : Lctl.failed(args, r).getMessage();
    }

    /** Already where we want it: reconnected state, on a given NID, on the given instance. */
    private boolean connectedAsAsked(ImportInfo imp, List<String> nids) {
        return imp.state().isReconnected()
                && imp.currentConnection() != null && nids.contains(imp.currentConnection())
                && (request.instance() == null || request.instance().equals(imp.instance()));
    }

    /**
     * After our write, an IDLE import also counts: recover does nothing on IDLE, and the next use
     * connects to the connection our write moved to the head of the list.
     */
    private boolean reconnectedAfterWrite(ImportInfo imp, List<String> nids) {
        return connectedAsAsked(imp, nids) || imp.state() == ImportState.IDLE;
    }

    private ImportInfo readImport(DeviceProgress d) {
        List<String> args = LctlCommands.importOf(d.device);
        return lctl.read(args, out -> ImportParser.parse(out, Lctl.describe(args)));
    }

    private StateHistory readHistory(DeviceProgress d) {
        List<String> args = LctlCommands.stateOf(d.device);
        return lctl.read(args, out -> StateHistoryParser.parse(out, Lctl.describe(args)));
    }

    private static String names(List<DeviceProgress> ds) {
        return String.join(", ", ds.stream().map(d -> d.device.name()).toList());
    }

    private static String lastSeen(DeviceProgress d) {
        if (d.lastImport == null) {
            return "";
        }
        return " (last seen " + d.lastImport.state() + " on "
                + (d.lastImport.currentConnection() == null ? "<none>" : d.lastImport.currentConnection()) + ")"
                + (d.note == null ? "" : "; " + d.note);
    }
}
