package dev.lustre.ir.agent;

import dev.lustre.ir.lustre.CommandResult;
import dev.lustre.ir.lustre.LctlRunner;

import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Runs lctl as a child process: the prefix words followed by the argv, through ProcessBuilder and
 * never a shell. stdout and stderr are drained by two small threads so a chatty lctl cannot block
 * on a full pipe, and a hung one is killed after {@code callTimeout} (exit 124, like timeout(1)).
 * Pipes rather than temporary files: temp-file names come from SecureRandom, whose provider
 * set-up alone costs a fresh JVM tens of milliseconds.
 */
public final class ProcessLctlRunner implements LctlRunner {
    /** Above obd_timeout (100 s), the longest a synchronous {@code recover} waits in the kernel. */
    public static final Duration DEFAULT_CALL_TIMEOUT = Duration.ofSeconds(150);
    private static final int MAX_OUTPUT = 1 << 20;
    private static final long DRAIN_MILLIS = 5_000;

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
        Process p;
        try {
            p = new ProcessBuilder(argv)
                    .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                    .start();
        } catch (IOException e) {
            return new CommandResult(127, "", "cannot run " + argv.get(0) + ": " + e.getMessage());
        }
        Drain out = new Drain(p.getInputStream());
        Drain err = new Drain(p.getErrorStream());
        try {
            if (!p.waitFor(callTimeout.toMillis(), TimeUnit.MILLISECONDS)) {
                p.destroyForcibly();
                p.waitFor(DRAIN_MILLIS, TimeUnit.MILLISECONDS);
                return new CommandResult(124, out.text(), err.text() + "lctl timed out after "
                        + callTimeout.toSeconds() + "s\n");
            }
            return new CommandResult(p.exitValue(), out.text(), err.text());
        } catch (InterruptedException e) {
            p.destroyForcibly();
            Thread.currentThread().interrupt();
            return new CommandResult(130, "", "interrupted");
        }
    }

    /** Reads one stream to its end (keeping the first MiB) on a daemon thread. */
    private static final class Drain extends Thread {
        private final InputStream in;
        private final ByteArrayOutputStream buf = new ByteArrayOutputStream();

        Drain(InputStream in) {
            this.in = in;
            setDaemon(true);
            start();
        }

        @Override
        public void run() {
            byte[] chunk = new byte[8192];
            try (InputStream s = in) {
                for (int n; (n = s.read(chunk)) >= 0; ) {
                    synchronized (buf) {
                        if (buf.size() < MAX_OUTPUT) {
                            buf.write(chunk, 0, Math.min(n, MAX_OUTPUT - buf.size()));
                        }
                    }
                }
            } catch (IOException ignored) {
                // the process was killed or closed its end: keep what arrived
            }
        }

        String text() throws InterruptedException {
            join(DRAIN_MILLIS);
            synchronized (buf) {
                return buf.toString(StandardCharsets.UTF_8);
            }
        }
    }
}
