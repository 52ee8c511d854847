package dev.lustre.ir.sim;

import dev.lustre.ir.lustre.CommandResult;
import dev.lustre.ir.lustre.LctlRunner;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

final class SimTestSupport {

    private SimTestSupport() {
    }

    static CommandResult lctl(LctlRunner r, String... args) {
        return r.run(List.of(args));
    }

    /** Runs and asserts success; returns stdout. */
    static String ok(LctlRunner r, String... args) {
        CommandResult res = r.run(List.of(args));
        assertEquals(0, res.exitCode(), () -> "lctl " + String.join(" ", args) + " failed: " + res.stderr());
        return res.stdout();
    }
}
