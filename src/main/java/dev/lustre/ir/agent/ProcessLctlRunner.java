package dev.lustre.ir.agent;

import dev.lustre.ir.lustre.CommandResult;
import dev.lustre.ir.lustre.LctlRunner;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Runs lctl as a child process: the prefix words followed by the argv, through ProcessBuilder and
 * never a shell. Output goes to temporary files so a chatty or hung lctl can neither block on a
 * full pipe nor outlive the call: after {@code callTimeout} it is killed (exit 124, like timeout(1)).
 */
public final class ProcessLctlRunner implements LctlRunner {
    /** Above obd_timeout (100 s), the longest a synchronous {@code recover} waits in the kernel. */
    public static final Duration DEFAULT_CALL_TIMEOUT = Duration.ofSeconds(150);
    private static final int MAX_OUTPUT = 1 << 20;

    private final List<String> prefix;
    private final Duration callTimeout;

    public ProcessLctlRunner(List<String> prefix, Duration callTimeout) {
        if (prefix.isEmpty()) {
            throw new IllegalArgumentException("empty lctl prefix");
        }
        this.prefix = List.copyOf(prefix);
        this.callTimeout = callTimeout;
    }

    public ProcessLctlRunner(List<String> prefix) {
        this(prefix, DEFAULT_CALL_TIMEOUT);
    }

    @Override
    public CommandResult run(List<String> args) {
        List<String> argv = new ArrayList<>(prefix);
        argv.addAll(args);
        Path out = null;
        Path err = null;
        try {
            out = Files.createTempFile("lctl-out", ".txt");
            err = Files.createTempFile("lctl-err", ".txt");
            ProcessBuilder pb = new ProcessBuilder(argv)
                    .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                    .redirectOutput(out.toFile())
                    .redirectError(err.toFile());
            Process p = pb.start();
            if (!p.waitFor(callTimeout.toMillis(), TimeUnit.MILLISECONDS)) {
                p.destroyForcibly();
                return new CommandResult(124, read(out), read(err) + "lctl timed out after "
                        + callTimeout.toSeconds() + "s\n");
            }
            return new CommandResult(p.exitValue(), read(out), read(err));
        } catch (IOException e) {
            return new CommandResult(127, "", "cannot run " + argv.get(0) + ": " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new CommandResult(130, "", "interrupted");
        } finally {
            delete(out);
            delete(err);
        }
    }

    private static String read(Path p) throws IOException {
        try (InputStream in = Files.newInputStream(p)) {
            return new String(in.readNBytes(MAX_OUTPUT), StandardCharsets.UTF_8);
        }
    }

    private static void delete(Path p) {
        if (p != null) {
            try {
                Files.deleteIfExists(p);
            } catch (IOException ignored) {
                // a leftover temp file in a finished pod is harmless
            }
        }
    }
}
