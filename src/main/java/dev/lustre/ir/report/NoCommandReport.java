package dev.lustre.ir.report;

/**
 * The agent ran no command: its command line named none it knows, or none at all. Always a failure.
 * Also what a report naming no known command reads as, so it too can only fail.
 */
public record NoCommandReport(AgentError error, String message) implements CommandReport {
    public NoCommandReport {
        if (error == null) {
            throw new IllegalArgumentException("the report names no command this reader knows, and no error");
        }
        message = Bound.message(message);
    }

    @Override
    public String command() {
        return null;
    }

    @Override
    public boolean ok() {
        return false;
    }

    @Override
    public NoCommandReport withListsCutTo(int limit) {
        return this;
    }
}
