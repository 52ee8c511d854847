package dev.lustre.ir.agent;


import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Arrays;

/**
 * The agent as a process: {@code java … dev.lustre.ir.agent.AgentMain <command> …} (the product's
 * main hands over the words after {@code agent}). Prints one JSON object, writes it to
 * /dev/termination-log when that exists, and exits 0 only on success (2 for bad arguments).
 */
public final class AgentMain {
    private AgentMain() {
    }

    public static void main(String[] args) {
        System.exit(run(args));
    }

    public static int run(String[] args) {
        return run(args, System.out, Agent.DEFAULT_TERMINATION_LOG);
    }

    public static int run(String[] args, PrintStream out, Path terminationLog) {
        AgentOutcome outcome = Agent.run(Arrays.asList(args), ProcessLctlRunner::new, Sleeper.real(),
                Clock.systemUTC());
        out.println(outcome.json());
        out.flush();
        Agent.writeTerminationLog(terminationLog, outcome.json());
        return outcome.exitCode();
    }
}
