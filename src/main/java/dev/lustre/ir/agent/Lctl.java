package dev.lustre.ir.agent;

import dev.lustre.ir.lustre.CommandResult;
import dev.lustre.ir.lustre.LctlRunner;
import dev.lustre.ir.lustre.LustreParseException;
import dev.lustre.ir.report.AgentError;

import java.util.List;
import java.util.function.Function;

/**
 * The agent's view of lctl: runs one argv through the runner, turns failures into
 * {@link AgentException}s that name the command, and tells "parameter does not exist" (lctl's
 * "error: get_param: param_path '…': No such file or directory", from do_param_op in
 * lustre/utils/lustre_param.c) apart from other failures.
 */
final class Lctl {
    private final LctlRunner runner;

    Lctl(LctlRunner runner) {
        this.runner = runner;
    }

    /** Runs and returns whatever came back; only a runner that throws becomes LctlFailed. */
    CommandResult run(List<String> args) {
        try {
            CommandResult r = runner.run(args);
            if (r == null) {
                throw new AgentException(AgentError.LctlFailed, describe(args) + ": no result");
            }
            return r;
        } catch (AgentException e) {
            throw e;
        } catch (RuntimeException e) {
            throw new AgentException(AgentError.LctlFailed, describe(args) + ": " + e);
        }
    }

    /** Runs and requires exit 0. */
    String runOk(List<String> args) {
        CommandResult r = run(args);
        if (!r.ok()) {
            throw failed(args, r);
        }
        return r.stdout() == null ? "" : r.stdout();
    }

    /** Runs, requires exit 0, and parses; a format problem becomes ParseError. */
    <T> T read(List<String> args, Function<String, T> parser) {
        return parse(runOk(args), parser);
    }

    /** Like {@link #read}, but a parameter that does not exist ({@link #isMissing}) gives null. */
    <T> T readIfPresent(List<String> args, Function<String, T> parser) {
        CommandResult r = run(args);
        if (isMissing(r)) {
            return null;
        }
        if (!r.ok()) {
            throw failed(args, r);
        }
        return parse(r.stdout() == null ? "" : r.stdout(), parser);
    }

    private static <T> T parse(String out, Function<String, T> parser) {
        try {
            return parser.apply(out);
        } catch (LustreParseException e) {
            throw new AgentException(AgentError.ParseError, e.getMessage());
        }
    }

    static AgentException failed(List<String> args, CommandResult r) {
        return new AgentException(AgentError.LctlFailed,
                describe(args) + " exited " + r.exitCode() + firstLine(r.stderr(), r.stdout()));
    }

    /**
     * The parameter (or device) is not there: the target is not mounted here, or the release lacks
     * the parameter. Only lctl's own "error: …" lines count; "No such file or directory" from a
     * missing lctl or nsenter binary is an lctl failure, not an absent parameter.
     */
    static boolean isMissing(CommandResult r) {
        if (r.ok() || r.exitCode() == 126 || r.exitCode() == 127) {
            return false;
        }
        String err = (r.stderr() == null ? "" : r.stderr()) + (r.stdout() == null ? "" : r.stdout());
        return err.contains("param_path '")
                || (err.contains("error: ") && (err.contains("No such file or directory") || err.contains("No such device")));
    }

    static String describe(List<String> args) {
        return "lctl " + String.join(" ", args);
    }

    private static String firstLine(String stderr, String stdout) {
        String s = stderr != null && !stderr.isBlank() ? stderr : stdout;
        if (s == null || s.isBlank()) {
            return "";
        }
        String line = s.strip().split("\r?\n", 2)[0];
        return ": " + (line.length() > 300 ? line.substring(0, 300) + "..." : line);
    }
}
