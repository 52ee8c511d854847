package dev.lustre.ir.agent;

import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Arrays;
import java.util.List;

/**
 * The agent as a process: {@code java … dev.lustre.ir.agent.AgentMain <command> …} (the product's
 * main hands over the words after {@code agent}). A one-shot command prints one JSON object, writes it
 * to /dev/termination-log when that exists, and exits 0 only on success (2 for bad arguments);
 * {@code serve} runs until it is stopped.
 */
public final class AgentMain {
    private AgentMain() {
    }

    public static void main(String[] args) {
        System.exit(run(args));
    }

    /** {@code serve} runs the resident agent, logging to stderr, until the JVM is stopped. */
    public static int run(String[] args) {
        if (args.length > 0 && args[0].equals(ServeRequest.COMMAND)) {
            try {
                return ServeCommand.run(Arrays.asList(args), System.err, Agent.DEFAULT_TERMINATION_LOG);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return AgentOutcome.FAILED;
            }
        }
        return run(args, System.out, Agent.DEFAULT_TERMINATION_LOG);
    }

    public static int run(String[] args, PrintStream out, Path terminationLog) {
        if (args.length == 1 && (args[0].equals("--help") || args[0].equals("help"))) {
            out.println(AgentArguments.USAGE.replace(" | ", "\n       "));
            return AgentOutcome.OK;
        }
        List<String> words = Arrays.asList(args);
        boolean site = SiteCommands.handles(words);
        AgentOutcome outcome = site ? SiteCommands.run(words, ProcessLctlRunner::new, Clock.systemUTC())
                : Agent.run(words, ProcessLctlRunner::new, Sleeper.real(), Clock.systemUTC());
        out.println(outcome.json());
        out.flush();
        if (!site) {
            // facts and decide run on a site's hosts, never in a pod: no termination message to leave.
            Agent.writeTerminationLog(terminationLog, outcome.json());
        }
        return outcome.exitCode();
    }
}
