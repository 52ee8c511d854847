package dev.lustre.ir.api;

public enum Phase {
    Pending, Preflight, Reconnecting, AwaitingApproval, ClosingWindow, Recovered, Failed, Suspended;

    public boolean isFinal() {
        return this == Recovered || this == Failed;
    }
}
