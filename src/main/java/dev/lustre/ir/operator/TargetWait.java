package dev.lustre.ir.operator;

import dev.lustre.ir.api.LustreFailover;
import dev.lustre.ir.api.LustreFailoverStatus;
import dev.lustre.ir.api.Phase;
import dev.lustre.ir.kube.Times;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.time.Instant;

/**
 * A round whose target another LustreFailover holds ({@link TargetClaims}) stays Pending: no Job, no
 * LustreRound, no look at the server, no eviction. It does not fail: a second failover event of a
 * target after the first one is over is legitimate (the target failed over again, or back), and the
 * round then starts from a fresh inspection of the server: a target whose recovery is already over
 * ends the round at once (LustreFinishedOnItsOwn), and only what that round itself proves dead is
 * evicted. Failing it would leave the second event unhandled and push the HA hook to re-apply it by hand.
 */
final class TargetWait {
    private final EventRecorder events;

    TargetWait(EventRecorder events) {
        this.events = events;
    }

    /** The status of a round that waits for {@code holder}: Pending, Complete=False with reason TargetBusy. */
    LustreFailoverStatus waiting(LustreFailover lfo, LustreFailoverStatus before, LustreFailoverStatus recorded,
            TargetHolder.Contender holder, long generation, Instant now) {
        LustreFailoverStatus s = Serialization.clone(recorded);
        s.message = TargetClaims.waitingMessage(lfo, holder);
        s = RoundPresenter.settled(s, generation, now);
        Conditions.set(s.conditions, Conditions.COMPLETE, false, TargetClaims.TARGET_BUSY, s.message, generation, now);
        // An Event when the wait begins or the holder is another failover, not at each of the holder's phases.
        String holderName = "LustreFailover " + holder.namespace() + "/" + holder.name() + " ";
        if (!waited(before) || before.message == null || !before.message.contains(holderName)) {
            events.normal(lfo, EventReason.TargetBusy, s.message);
        }
        return s;
    }

    /** Whether {@code s} is the status of a round waiting for its target. */
    static boolean waited(LustreFailoverStatus s) {
        var complete = s.conditions == null ? null : Conditions.find(s.conditions, Conditions.COMPLETE);
        return s.phase == Phase.Pending && complete != null && TargetClaims.TARGET_BUSY.equals(complete.getReason());
    }

    /** The round holds its target now: its time (the policy's deadline counts from it) starts here, not when it was applied. */
    LustreFailoverStatus freed(LustreFailover lfo, LustreFailoverStatus recorded, Instant now) {
        LustreFailoverStatus s = Serialization.clone(recorded);
        s.startTime = Times.format(now);
        s.message = "round " + s.round + " started: target " + lfo.getSpec().target + " is free";
        events.normal(lfo, EventReason.TargetFreed, s.message);
        return s;
    }
}
