package dev.lustre.ir.operator;

/** The fixed set of Event reasons; Events are emitted on transitions only. */
public enum EventReason {
    Validated, ValidationFailed, JobsDispatched, ApprovalRequired, WindowClosing, RecoveryWindowClosed, RoundFailed,
    Paused, Resumed,
    /** The server waits for clients the operator may not evict: Lustre's own timer ends the wait. */
    LeftToLustreTimer,
    /** The stored status could not be read; the round ends without acting on it. */
    StatusUnreadable,
    /** An API call inside a step failed; the step is tried again. */
    StepFailed,
    /** Another LustreFailover's round holds the target: this round waits, doing nothing on it. */
    TargetBusy,
    /** The round that held the target ended or was deleted: the waiting round starts. */
    TargetFreed
}
