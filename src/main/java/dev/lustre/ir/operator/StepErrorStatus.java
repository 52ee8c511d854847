package dev.lustre.ir.operator;

import dev.lustre.ir.api.LustreFailover;
import dev.lustre.ir.api.LustreFailoverStatus;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.time.Instant;

/**
 * What a failed step shows in status: the message says what failed, Complete=False says why the
 * round is not over, and the round is not failed for it: the step is tried again.
 */
final class StepErrorStatus {
    /** Complete=False reason while a step that failed is tried again. */
    static final String REASON = "StepFailed";
    /** An API error's text can carry a whole response body; status and Events keep its start. */
    static final int MESSAGE_BOUND = 1000;

    private StepErrorStatus() {
    }

    static String message(Exception e) {
        String what = e instanceof StepFailedException ? e.getMessage() : "reconciling failed: " + e;
        return (what.length() > MESSAGE_BOUND ? what.substring(0, MESSAGE_BOUND) + "…" : what) + "; retrying";
    }

    /**
     * The status to record, or null when the error leaves it alone: an unreadable object reports
     * itself, and a round that is over stays as it ended.
     */
    static LustreFailoverStatus status(LustreFailover lfo, String message, Instant now) {
        if (lfo.unreadable() != null) {
            return null;
        }
        LustreFailoverStatus recorded = lfo.getStatus();
        if (recorded != null && recorded.phase != null && recorded.phase.isFinal()
                && RoundStarter.digest(lfo.getSpec()).equals(recorded.roundSpec)) {
            return null;
        }
        LustreFailoverStatus s = recorded == null ? new LustreFailoverStatus() : Serialization.clone(recorded);
        s.message = message;
        Conditions.set(s.conditions, Conditions.COMPLETE, false, REASON, message, lfo.getMetadata().getGeneration(), now);
        return s;
    }
}
