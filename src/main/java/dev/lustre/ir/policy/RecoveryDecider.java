package dev.lustre.ir.policy;

import dev.lustre.ir.api.ClosedBy;
import dev.lustre.ir.api.RecoveryPolicySpec.Approval;
import dev.lustre.ir.api.RecoveryPolicySpec.CloseMethod;
import dev.lustre.ir.api.RecoveryPolicySpec.CloseWhen;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The heart of the product: (observed state, effective policy, now) → decision. Pure.
 *
 * <p>Node evidence decides <em>when</em> the window may be closed (every client that is not known
 * dead has reported, or the deadline passed); the server's list of clients it still waits for
 * decides <em>whom</em> to evict, minus every UUID a client reported as its own.
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
            return new Decision.NothingToEvict(ClosedBy.AllReconnected);
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
        String reason = !settled ? "DeadlineExpired" : o.count(ClientState.Dead) > 0 ? "DeadClients" : "ServerWaitsForUnknownClients";
        if (o.policy().closeMethod() == CloseMethod.AbortRecovery) {
            return new Decision.Close(new Plan(CloseMethod.AbortRecovery, List.of(), reason), by);
        }
        Set<String> reported = new HashSet<>();
        o.clients().stream().filter(c -> c.state() == ClientState.Reconnected).forEach(c -> reported.addAll(c.uuids()));
        Set<String> candidates = new LinkedHashSet<>();
        if (o.staleUuids() != null) {
            candidates.addAll(o.staleUuids());
        } else {
            for (ClientObservation c : o.clients()) {
                if (c.state() != ClientState.Reconnected) {
                    candidates.addAll(c.uuids());
                    candidates.addAll(o.inventory().getOrDefault(c.node(), List.of()));
                }
            }
        }
        candidates.removeAll(reported);
        if (candidates.isEmpty()) {
            boolean someoneMissing = o.clients().stream().anyMatch(c -> c.state() != ClientState.Reconnected);
            if (someoneMissing && o.staleUuids() == null) {
                return new Decision.Wait(o.now().plus(RECHECK),
                        "policy holds, but no UUID is known for the missing clients (the server cannot list stale "
                                + "clients and the inventory has none): waiting for Lustre's own recovery timer");
            }
            // The server waits for nobody the operator could name: recovery ends by itself.
            return new Decision.NothingToEvict(by);
        }
        List<String> uuids = new ArrayList<>(candidates);
        uuids.sort(null); // a stable plan: status does not churn, and the approved plan is the one shown
        return new Decision.Close(new Plan(CloseMethod.EvictDead, uuids, reason), by);
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
