package dev.lustre.ir.sim;

import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * Thrown by the lctl runner of a dead node: like starting a process on a host that is gone, the command
 * never runs and there is no exit code to report.
 */
public final class SimNodeDownException extends UncheckedIOException {

    private final String node;

    public SimNodeDownException(String node) {
        super(new IOException("Cannot run program \"lctl\" on " + node + ": node is down"));
        this.node = node;
    }

    public String node() {
        return node;
    }
}
