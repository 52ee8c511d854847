package dev.lustre.ir.agent;

import dev.lustre.ir.lustre.LctlRunner;
import dev.lustre.ir.report.AgentError;
import dev.lustre.ir.report.CloseWindowReport;
import dev.lustre.ir.report.CommandReport;
import dev.lustre.ir.report.InspectServerReport;
import dev.lustre.ir.report.NoCommandReport;
import dev.lustre.ir.report.ReconnectReport;
import dev.lustre.ir.report.ReportWriter;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.function.Function;
import java.util.function.LongSupplier;

/**
 * The node agent, callable in-process: the simulated node runtime runs it against a simulated
 * node's lctl, {@link AgentMain} runs it in a real process. Plain Java (no CDI, no Quarkus) so a
 * fresh JVM per Job starts fast.
 */
public final class Agent {
    /** Where the kubelet reads a container's termination message from. */
    public static final Path DEFAULT_TERMINATION_LOG = Path.of("/dev/termination-log");

    private Agent() {
    }

    /**
     * Runs one command and returns its exit code and JSON; writes nothing anywhere.
     *
     * @param args the words after {@code agent}
     * @param runnerForPrefix makes the lctl runner for the command prefix ({@code --lctl} or the
     *     nsenter default)
     * @param sleeper how to wait between polls (a manual clock's sleeper advances simulated time)
     * @param clock for deadlines and elapsed times
     */
    public static AgentOutcome run(List<String> args, Function<List<String>, LctlRunner> runnerForPrefix,
            Sleeper sleeper, Clock clock) {
        String command = AgentArguments.commandName(args);
        AgentRequest request;
        try {
            request = AgentArguments.parse(args);
        } catch (AgentException e) {
            return new AgentOutcome(AgentOutcome.BAD_ARGUMENTS, ReportWriter.render(failure(command, null, e)));
        }
        CommandReport report;
        try {
            Lctl lctl = new Lctl(runnerForPrefix.apply(request.lctlPrefix()));
            if (request instanceof AgentRequest.Reconnect r) {
                report = new ReconnectCommand(r, lctl, sleeper, clock).run();
            } else if (request instanceof AgentRequest.InspectServer r) {
                report = new InspectServerCommand(r, lctl).run();
            } else {
                report = new CloseWindowCommand((AgentRequest.CloseWindow) request, lctl, sleeper, clock).run();
            }
        } catch (AgentException e) {
            report = failure(request.commandName(), request.target().name(), e);
        } catch (RuntimeException e) {
            report = failure(request.commandName(), request.target().name(),
                    new AgentException(AgentError.LctlFailed, "unexpected failure: " + e));
        }
        return new AgentOutcome(report.ok() ? AgentOutcome.OK : AgentOutcome.FAILED, ReportWriter.render(report));
    }

    /** The report of a run that failed before its command could report for itself. */
    private static CommandReport failure(String command, String target, AgentException e) {
        return switch (command == null ? "" : command) {
            case ReconnectReport.COMMAND -> ReconnectReport.failed(target, e.error(), e.getMessage());
            case InspectServerReport.COMMAND -> InspectServerReport.failed(target, e.error(), e.getMessage());
            case CloseWindowReport.COMMAND -> CloseWindowReport.failed(target, e.error(), e.getMessage());
            default -> new NoCommandReport(e.error(), e.getMessage());
        };
    }

    /**
     * Writes the JSON to the termination log when that file exists (in a pod the kubelet creates
     * it; elsewhere it is absent and nothing is written).
     */
    public static void writeTerminationLog(Path path, String json) {
        if (path == null || !Files.exists(path)) {
            return;
        }
        try {
            Files.write(path, json.getBytes(StandardCharsets.UTF_8));
        } catch (IOException e) {
            System.err.println("agent: cannot write " + path + ": " + e.getMessage());
        }
    }

    /** A {@link Clock} over any millisecond source, e.g. a simulated clock's {@code millis()}. */
    public static Clock clockOf(LongSupplier epochMillis) {
        return new MillisClock(epochMillis);
    }

    private static final class MillisClock extends Clock {
        private final LongSupplier millis;

        MillisClock(LongSupplier millis) {
            this.millis = millis;
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public long millis() {
            return millis.getAsLong();
        }

        @Override
        public Instant instant() {
            return Instant.ofEpochMilli(millis());
        }
    }
}
