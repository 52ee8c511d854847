package dev.lustre.ir.policy;

import dev.lustre.ir.api.ClosedBy;
import java.time.Instant;

/** What the round should do next. */
public sealed interface Decision {
    /** Nothing to do until {@code nextCheck} (or an event). */
    record Wait(Instant nextCheck, String reason) implements Decision {
    }

    /** Every expected client is back: Lustre ends recovery by itself; only verify it. */
    record NothingToEvict(ClosedBy closedBy) implements Decision {
    }

    /** Close the window now with this plan. */
    record Close(Plan plan, ClosedBy closedBy) implements Decision {
    }

    /** The policy holds, but a person must approve this plan first. */
    record AwaitApproval(Plan plan) implements Decision {
    }
}
