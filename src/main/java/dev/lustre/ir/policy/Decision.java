package dev.lustre.ir.policy;

import dev.lustre.ir.api.ClosedBy;
import java.time.Instant;

/** What the round should do next. */
public sealed interface Decision {
    /** Nothing to do until {@code nextCheck} (or an event). */
    record Wait(Instant nextCheck, String reason) implements Decision {
    }

    /** Every expected client reported itself back: Lustre ends recovery by itself; only verify it. */
    record AllBack() implements Decision {
    }

    /**
     * The policy holds but the operator evicts nobody: the server lists no client as missing, or
     * lists only clients this round already evicted early ({@code nobodyMissing}), or every client
     * it still waits for is one the operator cannot prove dead or cannot name. Lustre's own recovery
     * timer ends the window.
     */
    record LeaveToLustre(boolean nobodyMissing, String reason) implements Decision {
    }

    /** Close the window now with this plan. */
    record Close(Plan plan, ClosedBy closedBy) implements Decision {
    }

    /** The policy holds, but a person must approve this plan first. */
    record AwaitApproval(Plan plan) implements Decision {
    }
}
