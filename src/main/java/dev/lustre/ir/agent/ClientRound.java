package dev.lustre.ir.agent;

import dev.lustre.ir.api.LustreRound;
import dev.lustre.ir.api.LustreRoundResult;
import dev.lustre.ir.api.RoundNames;
import dev.lustre.ir.kube.Times;
import dev.lustre.ir.lustre.DeviceEntry;
import dev.lustre.ir.lustre.DeviceListParser;
import dev.lustre.ir.lustre.ImportDevice;
import dev.lustre.ir.lustre.LctlCommands;
import dev.lustre.ir.lustre.LustreParseException;
import dev.lustre.ir.lustre.NodeDevices;
import dev.lustre.ir.report.AgentError;
import dev.lustre.ir.report.ReconnectReport;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;

/**
 * A client's part in a round: reconnect at once (lctl first, no API call before it), then write one
 * result. The reconnect is never run again for a write that has to be retried; an agent that
 * restarts during a round finds its result and does nothing.
 */
final class ClientRound implements Runnable {
    /** An agent that comes back later than this leaves a round alone: its reconnect would come too late. */
    static final Duration TOO_LATE = Duration.ofMinutes(15);
    private static final Set<String> CLIENT_TYPES = Set.of("osc", "mdc");
    /** Reconnects in all, as a Job's pods with the default backoff limit of 2. */
    static final int ATTEMPTS = 3;
    /** Failures that may pass on another try; the others (no device, a wrong NID, an eviction) would only repeat. */
    private static final Set<AgentError> MAY_PASS = Set.of(AgentError.Timeout, AgentError.LctlFailed, AgentError.ParseError);

    private final RoundContext ctx;
    private final LustreRound round;
    private final RoundRequests.RoundFacts facts;
    private final AgentRequest.Reconnect request;
    private final boolean existing;

    ClientRound(RoundContext ctx, LustreRound round, RoundRequests.RoundFacts facts, AgentRequest.Reconnect request,
            boolean existing) {
        this.ctx = ctx;
        this.round = round;
        this.facts = facts;
        this.request = request;
        this.existing = existing;
    }

    @Override
    public void run() {
        String namespace = round.getMetadata().getNamespace();
        String name = RoundNames.clientResult(facts.failover(), facts.round(), ctx.node());
        if (existing) {
            if (tooOld(Times.parse(round.getMetadata().getCreationTimestamp()), ctx.clock().instant())) {
                ctx.log("round " + facts.name() + " is older than " + TOO_LATE.toMinutes() + " min: left alone");
                return;
            }
            LustreRoundResult written = readOrNull(namespace, name);
            if (written != null) {
                checkSameRound(written);
                return;
            }
        }
        // The reconnect begins with its first lctl read, the device list that says whether this node
        // is a client of the file system at all.
        Instant startedAt = ctx.clock().instant();
        if (!isClientOf(ctx.lctl(), request.target().fsName())) {
            return;
        }
        ReconnectReport report = reconnect();
        Instant observedAt = ctx.clock().instant();
        LustreRoundResult result = RoundResults.client(round, facts, ctx.node(), report, startedAt, observedAt);
        ctx.log("round " + facts.name() + ": " + result.getSpec().outcome
                + (report.message() == null ? "" : " (" + report.message() + ")"));
        write(result);
    }

    static boolean tooOld(Instant created, Instant now) {
        return created != null && Duration.between(created, now).compareTo(TOO_LATE) > 0;
    }

    /**
     * A node with no osc or mdc device of the file system is not its client: the round is not its
     * business (a node without Lustre, or with other file systems only).
     */
    static boolean isClientOf(Lctl lctl, String fsName) {
        NodeDevices devices;
        try {
            devices = lctl.readIfPresent(LctlCommands.dl(), out -> {
                List<DeviceEntry> listed = DeviceListParser.parse(out);
                // Output with no device line in it is no list: a garbled read is not "no client here",
                // which would leave the round without a word from this node.
                if (listed.isEmpty() && !out.isBlank()) {
                    throw new LustreParseException("devices", "lctl dl", "no device line in its output");
                }
                return NodeDevices.of(listed);
            });
        } catch (AgentException e) {
            // lctl could not say: try the reconnect, whose report will say what went wrong.
            return true;
        }
        if (devices == null) {
            return false;
        }
        List<ImportDevice> all = devices.clientDevices();
        return all.stream().anyMatch(d -> CLIENT_TYPES.contains(d.type()) && d.target() != null
                && d.target().startsWith(fsName + "-"));
    }

    /**
     * The reconnect, tried again after a failure that may pass (an lctl that hung, failed or printed
     * what cannot be read), {@value #ATTEMPTS} times in all: as often as a node's Job runs with the
     * default backoff limit. A failed reconnect is the node's report, which the policy may take as
     * {@code JobFailed} evidence of death: one garbled read must not make a live client's agent say
     * that. Each try reads the imports first and leaves one already connected as asked alone.
     */
    private ReconnectReport reconnect() {
        ReconnectReport report = reconnectOnce();
        for (int attempt = 2; attempt <= ATTEMPTS && !report.ok() && MAY_PASS.contains(report.error())
                && !Thread.currentThread().isInterrupted(); attempt++) {
            ctx.log("round " + facts.name() + ": reconnect failed (" + report.error() + ": " + report.message() + "), attempt "
                    + attempt + " of " + ATTEMPTS);
            report = reconnectOnce();
        }
        return report;
    }

    private ReconnectReport reconnectOnce() {
        try {
            return new ReconnectCommand(request, ctx.lctl(), ctx.sleeper(), ctx.clock()).run();
        } catch (AgentException e) {
            return ReconnectReport.failed(request.target().name(), e.error(), e.getMessage());
        } catch (RuntimeException e) {
            return ReconnectReport.failed(request.target().name(), AgentError.LctlFailed, "unexpected failure: " + e);
        }
    }

    private void write(LustreRoundResult result) {
        String what = "write the result " + result.getMetadata().getName() + " of round " + facts.name();
        try {
            LustreRoundResult created = WriteRetry.withBackoff(what, WriteRetry.RESULT_WRITES, ctx.log(),
                    () -> ctx.store().createOnce(result));
            if (created == null && !Thread.currentThread().isInterrupted()) {
                // Refused as existing (or given up): a result of this name was written before.
                LustreRoundResult written = readOrNull(result.getMetadata().getNamespace(), result.getMetadata().getName());
                if (written != null) {
                    checkSameRound(written);
                }
            }
        } catch (RuntimeException e) {
            ctx.log("cannot " + what + ": " + e.getMessage());
        }
    }

    private LustreRoundResult readOrNull(String namespace, String name) {
        try {
            return ctx.store().get(namespace, name);
        } catch (RuntimeException e) {
            // The API server cannot say: act, since the reconnect is idempotent and a second create is refused.
            ctx.log("cannot read the result " + name + " (acting on the round anyway): " + e.getMessage());
            return null;
        }
    }

    private void checkSameRound(LustreRoundResult written) {
        String answers = written.getSpec() == null ? null : written.getSpec().round;
        if (!facts.name().equals(answers)) {
            ctx.log("conflict: the result " + written.getMetadata().getName() + " answers round " + answers
                    + ", not " + facts.name() + "; left as it is");
        }
    }
}
