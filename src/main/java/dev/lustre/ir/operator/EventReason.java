package dev.lustre.ir.operator;

/** The fixed set of Event reasons; Events are emitted on transitions only. */
public enum EventReason {
    Validated, ValidationFailed, PreflightDone, AlreadyRecovered, JobsDispatched, ClientFailed,
    PolicySatisfied, ApprovalRequired, Approved, WindowClosing, RecoveryWindowClosed, RoundFailed, Paused, Resumed
}
