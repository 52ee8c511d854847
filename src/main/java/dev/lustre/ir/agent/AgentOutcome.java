package dev.lustre.ir.agent;

/** What one agent run produced: the process exit code and the single JSON object it printed. */
public record AgentOutcome(int exitCode, String json) {
    public static final int OK = 0;
    public static final int FAILED = 1;
    public static final int BAD_ARGUMENTS = 2;

    public boolean ok() {
        return exitCode == OK;
    }
}
