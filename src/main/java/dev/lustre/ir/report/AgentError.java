package dev.lustre.ir.report;

/** The {@code error} word of a failed agent run. The operator switches on these names. */
public enum AgentError {
    /** The target has no device on this node (not mounted here, or not a client of it). */
    NoDevice,
    /** None of the given NIDs is among the import's failover_nids. */
    WrongNid,
    /** The import did not reconnect, or the target did not leave recovery, within --timeout. */
    Timeout,
    /** The client was evicted during this failover: it reconnected as a new client and lost its replay. */
    Evicted,
    /** lctl itself failed (non-zero exit, or could not be started). */
    LctlFailed,
    /** lctl answered, but not in a format we can read. */
    ParseError,
    /** The command line was wrong. Exit code 2. */
    BadArguments
}
