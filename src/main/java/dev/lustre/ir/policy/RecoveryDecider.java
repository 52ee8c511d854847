package dev.lustre.ir.policy;

import dev.lustre.ir.api.ClosedBy;
import dev.lustre.ir.api.RecoveryPolicySpec.Approval;
import dev.lustre.ir.api.RecoveryPolicySpec.CloseMethod;
import dev.lustre.ir.api.RecoveryPolicySpec.CloseWhen;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * The heart of the product: (observed state, effective policy, now) → decision. Pure.
 *
 * <p>Node evidence decides <em>when</em> the window may be closed (every client that is not known
 * dead has reported, or the deadline passed); {@link EvictionSelection} decides <em>whom</em> an
 * {@code EvictDead} close evicts: only UUIDs mapped to roster nodes proven dead, less those
 * {@link EarlyEviction} already evicted this round ({@link RoundObservation#alreadyEvicted()}).
 */
public final class RecoveryDecider {
    /** How often a waiting round looks again when no event wakes it. */
    static final Duration RECHECK = Duration.ofSeconds(5);

    private RecoveryDecider() {
    }

    public static Decision decide(RoundObservation o) {
        EffectivePolicy p = o.policy();
        long reconnected = o.count(ClientState.Reconnected);
        boolean settled = o.count(ClientState.Pending) + o.count(ClientState.Running) + o.count(ClientState.Failed) == 0;
        boolean deadlinePassed = !o.now().isBefore(o.deadlineAt());

        if (p.closeWhen() == CloseWhen.Never) {
            return new Decision.Wait(o.now().plus(RECHECK), "policy closeWhen=Never: observing only");
        }
        if (settled && o.count(ClientState.Dead) == 0 && reconnected >= o.expected()) {
            return new Decision.AllBack();
        }
        ClosedBy holdsBy = holds(p.closeWhen(), settled, deadlinePassed, reconnected >= p.quorum().required(o.expected()));
        if (holdsBy == null) {
            return new Decision.Wait(nextCheck(o, deadlinePassed), waitReason(o, p, reconnected));
        }
        Decision planned = plan(o, holdsBy, settled);
        if (!(planned instanceof Decision.Close close)) {
            return planned;
        }
        if (p.approval() == Approval.Required && !o.approved()) {
            return new Decision.AwaitApproval(close.plan());
        }
        return p.approval() == Approval.Required ? new Decision.Close(close.plan(), ClosedBy.Approved) : close;
    }

    /** Which rule lets the window close now, or null. */
    private static ClosedBy holds(CloseWhen when, boolean settled, boolean deadlinePassed, boolean quorumMet) {
        return switch (when) {
            case AllReconnected -> settled ? ClosedBy.AllReconnected : null;
            case Deadline -> settled ? ClosedBy.AllReconnected : deadlinePassed ? ClosedBy.Deadline : null;
            case Quorum -> quorumMet && (settled || deadlinePassed) ? ClosedBy.Quorum : null;
            case Never -> null;
        };
    }

    private static Decision plan(RoundObservation o, ClosedBy by, boolean settled) {
        if (o.staleUuids() != null && o.staleComplete() && o.staleUuids().isEmpty()) {
            // 2.16+: present and empty means the server waits for nobody (not even for an abort to end).
            return new Decision.LeaveToLustre(true, "the server lists no client as missing: nothing to evict; "
                    + "waiting for the target to finish replay");
        }
        if (o.staleUuids() != null && o.staleComplete() && o.stillWaitedFor().isEmpty()) {
            // Everyone the server still listed was evicted early; the list read predates the eviction.
            return new Decision.LeaveToLustre(true, "every client the server lists as missing was already evicted "
                    + "this round: nothing left to evict; waiting for the target to finish replay");
        }
        String reason = !settled ? "DeadlineExpired" : o.count(ClientState.Dead) > 0 ? "DeadClients" : "ServerWaitsForUnknownClients";
        if (o.policy().closeMethod() == CloseMethod.AbortRecovery) {
            return new Decision.Close(new Plan(CloseMethod.AbortRecovery, List.of(), reason, null), by);
        }
        EvictionSelection sel = EvictionSelection.select(o);
        String left = sel.leftToLustre();
        if (!settled) {
            long unsettled = o.count(ClientState.Pending) + o.count(ClientState.Running) + o.count(ClientState.Failed);
            String notProven = unsettled + " client(s) not reported and not proven dead are never evicted";
            left = left == null ? notProven + ": left to Lustre's recovery timer" : notProven + "; " + left;
        }
        if (sel.evict().isEmpty()) {
            return new Decision.LeaveToLustre(false, "policy holds (" + reason + ") but nobody may be evicted: "
                    + (left == null ? "no dead client's UUID is waited for" : left));
        }
        return new Decision.Close(new Plan(CloseMethod.EvictDead, sel.evict(), reason, left), by);
    }
    private static Instant nextCheck(RoundObservation o, boolean deadlinePassed) {
        Instant soon = o.now().plus(RECHECK);
        return !deadlinePassed && o.deadlineAt().isBefore(soon) ? o.deadlineAt() : soon;
    }

    private static String waitReason(RoundObservation o, EffectivePolicy p, long reconnected) {
        long inFlight = o.count(ClientState.Pending) + o.count(ClientState.Running);
        String s = reconnected + "/" + o.expected() + " reconnected, " + inFlight + " in flight, "
                + o.count(ClientState.Dead) + " dead, " + o.count(ClientState.Failed) + " failed";
        if (p.closeWhen() == CloseWhen.Quorum) {
            s += "; quorum " + p.quorum().required(o.expected());
        }
        return s;
    }
}
