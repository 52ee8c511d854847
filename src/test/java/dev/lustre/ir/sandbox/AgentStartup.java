package dev.lustre.ir.sandbox;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * How long a node Job's agent takes from JVM start to its JSON report, run from the product jar as
 * Jobs run it, against a shell script standing in for the host's lctl (so only the agent's own cost
 * is measured).
 */
public final class AgentStartup {
    private static final String FAKE_LCTL = """
            #!/bin/sh
            case "$*" in
              "get_param obdfilter.lustre-OST0001.recovery_status")
                printf 'obdfilter.lustre-OST0001.recovery_status=\\nstatus: RECOVERING\\nrecovery_start: 1781484433\\ntime_remaining: 119\\nconnected_clients: 3/7\\nreq_replay_clients: 0\\nlock_repay_clients: 0\\ncompleted_clients: 3\\nevicted_clients: 0\\n' ;;
              "get_param -n obdfilter.lustre-OST0001.instance") echo 5 ;;
              "get_param -n obdfilter.lustre-OST0001.recovery_stale_clients") printf 'c1\\nc2\\n' ;;
              "get_param -n version") echo 2.16.1 ;;
              "dl") printf '  0 UP mgc MGC10.0.0.1@o2ib 6c1b5d1e-8b1c-4a24-9d2e-1a1f2c3d4e5f 5\\n  5 UP osc lustre-OST0001-osc-ffff8881234abcd0 54b91eab-0ea9-1516-b571-5e6df349592e 5 10.0.0.12@o2ib\\n' ;;
              *) echo "error: get_param: param_path '$2': No such file or directory" >&2; exit 2 ;;
            esac
            """;

    private AgentStartup() {
    }

    /**
     * An executable stand-in for the host's lctl that answers what {@code agent inspect-server
     * --target lustre-OST0001} asks: RECOVERING, 3/7 connected, instance 5, stale c1 and c2, no MGS;
     * and what {@code agent serve} reads: version 2.16.1, an MGC and one OSC of lustre-OST0001.
     */
    public static Path writeFakeLctl(Path dir) throws IOException {
        Files.createDirectories(dir);
        Path lctl = dir.resolve("fake-lctl");
        Files.writeString(lctl, FAKE_LCTL);
        Files.setPosixFilePermissions(lctl, PosixFilePermissions.fromString("rwxr-xr-x"));
        return lctl;
    }

    /** The median of {@code runs} agent runs, in milliseconds. */
    static double medianMillis(Path productJar, Path workDir, int runs) throws IOException, InterruptedException {
        Path lctl = writeFakeLctl(workDir);
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<Double> times = new ArrayList<>();
        for (int i = 0; i < runs; i++) {
            long start = System.nanoTime();
            Process p = new ProcessBuilder(java, "-jar", productJar.toString(), "agent", "inspect-server",
                    "--target", "lustre-OST0001", "--lctl", lctl.toString())
                    .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null"))).redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0 || !out.contains("\"ok\":true")) {
                throw new IOException("the agent did not report success: " + out);
            }
            times.add((System.nanoTime() - start) / 1e6);
        }
        times.sort(null);
        return times.get(times.size() / 2);
    }
}
