package dev.lustre.ir.operator;

import dev.lustre.ir.api.LustreFailoverStatus;

/**
 * Where a running round stands: its recorded phase, with what ClosingWindow leaves unsaid made
 * explicit (a close was issued, or every client is back and Lustre finishes replay by itself).
 */
enum RoundStage {
    /** Nothing was done yet: the preflight comes next. */
    Start,
    /** The preflight inspection runs; a suspended round waits here to be read again. */
    Inspecting,
    /**
     * Clients are dispatched and the policy decided at every step: Reconnecting, AwaitingApproval,
     * or ClosingWindow while the server waits for clients the operator may not evict.
     */
    Deciding,
    /** Every client reported itself back: Lustre ends recovery once replay is done, so it is only verified. */
    AwaitingReplay,
    /** The close Job was issued: it is never issued again. */
    Closing;

    /** Whether the round inspected its server successfully before this stage: past the preflight. */
    boolean sawTheServer() {
        return this == Deciding || this == AwaitingReplay || this == Closing;
    }

    /**
     * The stage the recorded status says, moved forward where the round's Jobs show more was done:
     * a status write can be lost after a Job was created (an operator stopped between the two, an
     * API error), and the Jobs, named deterministically, are what a restarted operator adopts.
     */
    static RoundStage of(LustreFailoverStatus recorded, RoundSnapshot seen) {
        if (seen.close() != null) {
            return Closing;
        }
        RoundStage stage = switch (recorded.phase) {
            case Pending -> Start;
            case Preflight, Suspended -> Inspecting;
            case Reconnecting, AwaitingApproval -> Deciding;
            case ClosingWindow -> recorded.plan != null && recorded.plan.issuedAt != null ? Closing
                    : recorded.closedBy != null ? AwaitingReplay : Deciding;
            case Recovered, Failed -> throw new IllegalStateException("a round that is over takes no step");
        };
        return stage == Start && seen.preflight() != RoundSnapshot.JobProgress.Absent ? Inspecting : stage;
    }
}
