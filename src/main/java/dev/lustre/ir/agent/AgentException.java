package dev.lustre.ir.agent;

import dev.lustre.ir.report.AgentError;

/** A failure that ends a command with {@code ok:false}, an error word and a message. */
public class AgentException extends RuntimeException {
    private final AgentError error;

    public AgentException(AgentError error, String message) {
        super(message);
        this.error = error;
    }

    public AgentError error() {
        return error;
    }
}
