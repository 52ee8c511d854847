package dev.lustre.ir.lustre;

import java.util.List;

/**
 * Runs one lctl invocation. The arguments are what follows the lctl command prefix, e.g.
 * {@code ["get_param", "-n", "obdfilter.lustre-OST0001.recovery_status"]}. Implementations: a real
 * process behind a configurable prefix, or the simulated Lustre of one node.
 */
@FunctionalInterface
public interface LctlRunner {
    CommandResult run(List<String> args);
}
