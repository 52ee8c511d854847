package dev.lustre.ir.operator;

import dev.lustre.ir.api.ClientCounts;
import dev.lustre.ir.api.ClientIssue;
import dev.lustre.ir.api.ClosePlan;
import dev.lustre.ir.api.EarlyEvictions;
import dev.lustre.ir.api.LustreFailoverStatus;
import dev.lustre.ir.api.Phase;
import dev.lustre.ir.kube.Times;
import dev.lustre.ir.operator.RoundStep.JobRequest;
import dev.lustre.ir.policy.ClientObservation;
import dev.lustre.ir.policy.ClientState;
import dev.lustre.ir.policy.Plan;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Writes a round's status from the recorded one, the snapshot and the step: phase, counts,
 * per-client lists, message, plan and conditions. Pure; counts are complete, lists bounded, so the
 * status stays a few KiB at any number of clients.
 */
final class RoundPresenter {
    /** Bound of per-client lists in status; counts stay complete. */
    static final int LIST_BOUND = 100;
    /** The WINDOW column until the server was inspected in the round: open or closed would be a claim nobody checked. */
    static final String WINDOW_UNKNOWN = "unknown";

    private RoundPresenter() {
    }

    /** A new status; the recorded one is left as it is. */
    static LustreFailoverStatus present(LustreFailoverStatus recorded, RoundSnapshot seen, RoundStep step, long generation) {
        LustreFailoverStatus s = new LustreFailoverStatus();
        s.round = recorded.round;
        s.roundSpec = recorded.roundSpec;
        s.startTime = recorded.startTime;
        s.effectivePolicy = recorded.effectivePolicy;
        s.phase = step.phase();
        s.message = step.message();
        s.closedBy = step.closedBy();
        s.plan = step.plan();
        s.leftToLustre = step.leftToLustre();
        s.server = step.server();
        s.serverVia = step.serverVia() != null ? step.serverVia() : recorded.serverVia;
        s.evictedEarly = evictedEarly(seen, step, recorded);
        s.verifications = step.verifications() == 0 ? null : step.verifications();
        s.windowClosedTime = recorded.windowClosedTime != null || step.windowClosedAt() == null
                ? recorded.windowClosedTime : Times.format(step.windowClosedAt());
        s.completionTime = step.phase().isFinal() ? Times.format(seen.now()) : recorded.completionTime;
        if (seen.latest() != null) {
            s.clients = counts(seen, step);
            s.progress = s.clients.reconnected + "/" + s.clients.expected;
            s.window = seen.latest().windowClosed() ? "closed" : "open";
            s.notReconnected = notReconnected(seen);
        } else {
            s.clients = recorded.clients;
            s.progress = recorded.progress;
            s.window = recorded.window == null ? WINDOW_UNKNOWN : recorded.window;
            s.notReconnected = recorded.notReconnected;
        }
        if (step.phase() == Phase.Recovered) {
            s.window = "closed";
        }
        s.conditions = new ArrayList<>(recorded.conditions);
        if (step.failure() != null) {
            Conditions.set(s.conditions, Conditions.COMPLETE, false, step.failure(), step.message(), generation, seen.now());
        }
        return observed(s, generation, seen.now());
    }

    /** A copy of a status that answers this generation, its conditions derived again. */
    static LustreFailoverStatus settled(LustreFailoverStatus status, long generation, Instant now) {
        return observed(Serialization.clone(status), generation, now);
    }

    private static LustreFailoverStatus observed(LustreFailoverStatus s, long generation, Instant now) {
        s.observedGeneration = generation;
        StatusConditions.refresh(s, generation, now);
        return s;
    }

    /** The plan as status shows it: the UUID list bounded, the count complete. */
    static ClosePlan planView(Plan plan, Instant issuedAt) {
        ClosePlan p = new ClosePlan();
        p.action = plan.action();
        p.uuids = plan.uuids().size() > LIST_BOUND ? plan.uuids().subList(0, LIST_BOUND) : plan.uuids();
        p.count = plan.uuids().size();
        p.reason = plan.reason();
        p.leftToLustre = plan.leftToLustre();
        p.issuedAt = issuedAt == null ? null : Times.format(issuedAt);
        return p;
    }

    /** The plan with what the close cost: clients the server counted as evicted. */
    static ClosePlan withEvicted(ClosePlan plan, Integer evicted) {
        ClosePlan p = Serialization.clone(plan);
        p.evicted = evicted;
        return p;
    }

    private static ClientCounts counts(RoundSnapshot seen, RoundStep step) {
        ClientCounts c = new ClientCounts();
        c.expected = seen.expected();
        c.dispatched = seen.dispatched() + step.reconnects();
        c.reconnected = (int) seen.count(ClientState.Reconnected);
        c.dead = (int) seen.count(ClientState.Dead);
        c.failed = (int) seen.count(ClientState.Failed);
        c.pending = (int) (seen.count(ClientState.Pending) + seen.count(ClientState.Running));
        c.viaAgent = seen.viaAgent();
        c.viaJob = seen.viaJob() + step.reconnects();
        return c;
    }

    /** The early evictions issued so far, this step's included. */
    private static EarlyEvictions evictedEarly(RoundSnapshot seen, RoundStep step, LustreFailoverStatus recorded) {
        Set<String> uuids = new LinkedHashSet<>(seen.orderedEarly());
        for (JobRequest r : step.jobs()) {
            if (r instanceof JobRequest.EvictEarly e) {
                uuids.addAll(e.plan().uuids());
            }
        }
        if (uuids.isEmpty()) {
            return recorded.evictedEarly;
        }
        EarlyEvictions e = new EarlyEvictions();
        e.count = uuids.size();
        e.uuids = uuids.stream().limit(LIST_BOUND).toList();
        return e;
    }

    /** The first clients that are not back, the dead first: those are what an operator looks at. */
    private static List<ClientIssue> notReconnected(RoundSnapshot seen) {
        List<ClientIssue> issues = new ArrayList<>();
        for (ClientState wanted : List.of(ClientState.Dead, ClientState.Failed, ClientState.Running, ClientState.Pending)) {
            for (ClientObservation c : seen.clients()) {
                if (issues.size() >= LIST_BOUND) {
                    break;
                }
                if (c.state() == wanted) {
                    ClientIssue i = new ClientIssue();
                    i.node = c.node();
                    if (!c.uuids().isEmpty()) {
                        i.uuid = c.uuids().get(0);
                    } else if (wanted == ClientState.Dead) {
                        List<String> known = seen.inventory().get(c.node());
                        i.uuid = known == null || known.isEmpty() ? null : known.get(0);
                    }
                    i.reason = c.evidence() != null ? c.evidence().name() : wanted.name();
                    i.attempts = c.attempts();
                    i.message = c.message();
                    issues.add(i);
                }
            }
        }
        return issues.isEmpty() ? null : issues;
    }
}
