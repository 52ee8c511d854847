package dev.lustre.ir.lustre;

/** What an lctl invocation returned. */
public record CommandResult(int exitCode, String stdout, String stderr) {
    public boolean ok() {
        return exitCode == 0;
    }

    public static CommandResult success(String stdout) {
        return new CommandResult(0, stdout, "");
    }

    public static CommandResult failure(int exitCode, String stderr) {
        return new CommandResult(exitCode, "", stderr);
    }
}
