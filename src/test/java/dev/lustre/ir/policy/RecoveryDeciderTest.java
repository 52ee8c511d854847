package dev.lustre.ir.policy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lustre.ir.api.ClosedBy;
import dev.lustre.ir.api.RecoveryPolicySpec;
import dev.lustre.ir.api.RecoveryPolicySpec.Approval;
import dev.lustre.ir.api.RecoveryPolicySpec.CloseMethod;
import dev.lustre.ir.api.RecoveryPolicySpec.CloseWhen;
import dev.lustre.ir.api.RecoveryPolicySpec.Evidence;
import io.fabric8.kubernetes.api.model.IntOrString;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

class RecoveryDeciderTest {
    static final Instant START = Instant.parse("2026-11-25T10:00:00Z");

    static EffectivePolicy policy(CloseWhen when, String quorum, CloseMethod method, Approval approval, Evidence... evidence) {
        RecoveryPolicySpec s = new RecoveryPolicySpec();
        s.closeWhen = when;
        s.quorum = quorum == null ? null : new IntOrString(quorum);
        s.closeMethod = method;
        s.approval = approval;
        s.deadline = "120s";
        s.deadClientEvidence = evidence.length == 0 ? null : List.of(evidence);
        return PolicyResolver.resolve(null, s);
    }

    static String uuid(int i) {
        return String.format("%08x-0000-4000-8000-%012x", i, i);
    }

    /** n clients c000..; the given indices in the given states, the rest reconnected. */
    static List<ClientObservation> clients(int n, Map<Integer, ClientState> states) {
        List<ClientObservation> list = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            ClientState st = states.getOrDefault(i, ClientState.Reconnected);
            Evidence ev = st == ClientState.Dead ? Evidence.NodeNotReady : null;
            List<String> uuids = st == ClientState.Reconnected ? List.of(uuid(i)) : List.of();
            list.add(new ClientObservation(String.format("c%03d", i), st, ev, uuids, 1, null));
        }
        return list;
    }

    static Set<String> stale(int n, Set<Integer> indices) {
        Set<String> s = new LinkedHashSet<>();
        indices.forEach(i -> s.add(uuid(i)));
        return s;
    }

    static RoundObservation obs(EffectivePolicy p, Duration elapsed, int n, Map<Integer, ClientState> states, Set<String> stale) {
        return new RoundObservation(p, START, START.plus(elapsed), n, clients(n, states), stale, Map.of(), false);
    }

    @Test
    void allBackNeedsNoEviction() {
        Decision d = RecoveryDecider.decide(obs(PolicyResolver.resolve(null, null), Duration.ofSeconds(3), 10, Map.of(), Set.of()));
        assertEquals(new Decision.NothingToEvict(ClosedBy.AllReconnected), d);
    }

    @Test
    void defaultPolicyEvictsExactlyTheDeadOnceEveryLiveClientReported() {
        Map<Integer, ClientState> st = new HashMap<>();
        for (int i = 0; i < 5; i++) {
            st.put(i * 10, ClientState.Dead);
        }
        Set<String> stale = stale(50, Set.of(0, 10, 20, 30, 40, 7)); // 7 reconnected after the server listed it
        Decision d = RecoveryDecider.decide(obs(PolicyResolver.resolve(null, null), Duration.ofSeconds(4), 50, st, stale));
        Decision.Close close = assertInstanceOf(Decision.Close.class, d);
        assertEquals(ClosedBy.AllReconnected, close.closedBy());
        assertEquals(CloseMethod.EvictDead, close.plan().action());
        assertEquals(List.of(uuid(0), uuid(10), uuid(20), uuid(30), uuid(40)), close.plan().uuids());
        assertEquals("DeadClients", close.plan().reason());
    }

    @Test
    void defaultPolicyWaitsWhileAClientIsInFlight() {
        Decision d = RecoveryDecider.decide(obs(PolicyResolver.resolve(null, null), Duration.ofSeconds(500), 10,
                Map.of(1, ClientState.Dead, 2, ClientState.Running), stale(10, Set.of(1, 2))));
        assertInstanceOf(Decision.Wait.class, d, "AllReconnected never closes at the deadline");
    }

    @Test
    void quorumClosesAtTheDeadlineAndSparesClientsThatReported() {
        EffectivePolicy p = policy(CloseWhen.Quorum, "90%", null, null);
        Map<Integer, ClientState> st = Map.of(3, ClientState.Running, 4, ClientState.Running, 5, ClientState.Pending);
        Set<String> stale = stale(50, Set.of(3, 4, 5, 6)); // 6 reported after the server listed it
        assertInstanceOf(Decision.Wait.class, RecoveryDecider.decide(obs(p, Duration.ofSeconds(119), 50, st, stale)));
        Decision.Close close = assertInstanceOf(Decision.Close.class, RecoveryDecider.decide(obs(p, Duration.ofSeconds(120), 50, st, stale)));
        assertEquals(ClosedBy.Quorum, close.closedBy());
        assertEquals("DeadlineExpired", close.plan().reason());
        assertEquals(List.of(uuid(3), uuid(4), uuid(5)), close.plan().uuids());
    }

    @Test
    void quorumNotMetKeepsWaitingPastTheDeadline() {
        EffectivePolicy p = policy(CloseWhen.Quorum, "90%", null, null);
        Map<Integer, ClientState> st = new HashMap<>();
        for (int i = 0; i < 6; i++) {
            st.put(i, ClientState.Running);
        }
        assertInstanceOf(Decision.Wait.class, RecoveryDecider.decide(obs(p, Duration.ofSeconds(600), 50, st, stale(50, st.keySet()))));
    }

    @Test
    void integerQuorumCountsClients() {
        EffectivePolicy p = policy(CloseWhen.Quorum, null, null, null);
        p = new EffectivePolicy(p.closeWhen(), new EffectivePolicy.Quorum(8, false), p.deadline(), p.deadClientEvidence(),
                p.closeMethod(), p.approval(), p.reconnectTimeout(), p.maxConcurrentJobs(), p.jobBackoffLimit(), p.jobTtlAfterFinished());
        Map<Integer, ClientState> st = Map.of(0, ClientState.Running, 1, ClientState.Running);
        assertInstanceOf(Decision.Close.class, RecoveryDecider.decide(obs(p, Duration.ofSeconds(121), 10, st, stale(10, st.keySet()))));
        Map<Integer, ClientState> st3 = Map.of(0, ClientState.Running, 1, ClientState.Running, 2, ClientState.Running);
        assertInstanceOf(Decision.Wait.class, RecoveryDecider.decide(obs(p, Duration.ofSeconds(121), 10, st3, stale(10, st3.keySet()))));
    }

    @Test
    void deadlineClosesWhateverTheCount() {
        EffectivePolicy p = policy(CloseWhen.Deadline, null, null, null);
        Map<Integer, ClientState> st = Map.of(0, ClientState.Running, 1, ClientState.Running, 2, ClientState.Running);
        assertInstanceOf(Decision.Wait.class, RecoveryDecider.decide(obs(p, Duration.ofSeconds(60), 4, st, stale(4, st.keySet()))));
        Decision.Close c = assertInstanceOf(Decision.Close.class, RecoveryDecider.decide(obs(p, Duration.ofSeconds(120), 4, st, stale(4, st.keySet()))));
        assertEquals(ClosedBy.Deadline, c.closedBy());
        assertEquals(3, c.plan().uuids().size());
    }

    @Test
    void approvalRequiredShowsThePlanFirst() {
        EffectivePolicy p = policy(CloseWhen.AllReconnected, null, null, Approval.Required);
        RoundObservation o = obs(p, Duration.ofSeconds(5), 10, Map.of(9, ClientState.Dead), stale(10, Set.of(9)));
        Decision.AwaitApproval wait = assertInstanceOf(Decision.AwaitApproval.class, RecoveryDecider.decide(o));
        assertEquals(List.of(uuid(9)), wait.plan().uuids());
        RoundObservation approved = new RoundObservation(p, START, o.now(), 10, o.clients(), o.staleUuids(), Map.of(), true);
        Decision.Close close = assertInstanceOf(Decision.Close.class, RecoveryDecider.decide(approved));
        assertEquals(ClosedBy.Approved, close.closedBy());
        assertEquals(wait.plan(), close.plan());
    }

    @Test
    void abortRecoveryOnlyWhenThePolicySaysSo() {
        EffectivePolicy p = policy(CloseWhen.AllReconnected, null, CloseMethod.AbortRecovery, null);
        Decision.Close c = assertInstanceOf(Decision.Close.class,
                RecoveryDecider.decide(obs(p, Duration.ofSeconds(5), 10, Map.of(9, ClientState.Dead), stale(10, Set.of(9)))));
        assertEquals(CloseMethod.AbortRecovery, c.plan().action());
        assertTrue(c.plan().uuids().isEmpty());
    }

    @Test
    void neverOnlyObserves() {
        EffectivePolicy p = policy(CloseWhen.Never, null, null, null);
        assertInstanceOf(Decision.Wait.class,
                RecoveryDecider.decide(obs(p, Duration.ofHours(1), 10, Map.of(9, ClientState.Dead), stale(10, Set.of(9)))));
    }

    @Test
    void withoutStaleListTheInventoryNamesTheDead() {
        EffectivePolicy p = PolicyResolver.resolve(null, null);
        List<ClientObservation> cs = clients(3, Map.of(2, ClientState.Dead));
        RoundObservation o = new RoundObservation(p, START, START.plusSeconds(5), 3, cs, null,
                Map.of("c002", List.of("dead-uuid"), "c001", List.of(uuid(1))), false);
        Decision.Close c = assertInstanceOf(Decision.Close.class, RecoveryDecider.decide(o));
        assertEquals(List.of("dead-uuid"), c.plan().uuids());

        RoundObservation unknown = new RoundObservation(p, START, START.plusSeconds(5), 3, cs, null, Map.of(), false);
        Decision.Wait w = assertInstanceOf(Decision.Wait.class, RecoveryDecider.decide(unknown));
        assertTrue(w.reason().contains("no UUID is known"), w.reason());
    }

    @Test
    void aFailedJobBlocksClosingUnlessThePolicyTakesItAsDeath() {
        JobOutcome failed = new JobOutcome(JobOutcome.Phase.Failed, false, "Timeout", List.of("u1"), 3, "timed out");
        ClientObservation strict = ClientClassifier.classify("c1", NodeHealth.Ready, failed, EnumSet.of(Evidence.NodeNotReady));
        assertEquals(ClientState.Failed, strict.state());
        ClientObservation lenient = ClientClassifier.classify("c1", NodeHealth.Ready, failed, EnumSet.allOf(Evidence.class));
        assertEquals(ClientState.Dead, lenient.state());
        assertEquals(Evidence.JobFailed, lenient.evidence());
    }

    @Test
    void classifierPrefersAReportedReconnectOverLaterNodeTrouble() {
        JobOutcome ok = new JobOutcome(JobOutcome.Phase.Succeeded, true, null, List.of("u1"), 1, null);
        assertEquals(ClientState.Reconnected, ClientClassifier.classify("c1", NodeHealth.NotReady, ok, EnumSet.allOf(Evidence.class)).state());
        assertEquals(ClientState.Reconnected, ClientClassifier.classify("c1", NodeHealth.Missing, ok, EnumSet.allOf(Evidence.class)).state());
        JobOutcome none = JobOutcome.notCreated();
        assertEquals(ClientState.Dead, ClientClassifier.classify("c1", NodeHealth.OutOfService, none, EnumSet.allOf(Evidence.class)).state());
        assertEquals(ClientState.Pending, ClientClassifier.classify("c1", NodeHealth.NotReady, none, EnumSet.of(Evidence.JobFailed)).state());
        JobOutcome evicted = new JobOutcome(JobOutcome.Phase.Failed, false, "Evicted", List.of("u1"), 1, "evicted");
        assertEquals(Evidence.Evicted, ClientClassifier.classify("c1", NodeHealth.Ready, evicted, EnumSet.of(Evidence.Evicted)).evidence());
    }

    /**
     * Every policy x evidence set x clock x random evidence: the invariants hold. A reported UUID is
     * never in a plan; nothing closes unless the policy holds; AbortRecovery only when asked;
     * approval is never skipped.
     */
    @Test
    void invariantsHoldAcrossPoliciesEvidenceAndClock() {
        Random random = new Random(20261125);
        int closes = 0;
        for (CloseWhen when : CloseWhen.values()) {
            for (CloseMethod method : CloseMethod.values()) {
                for (Approval approval : Approval.values()) {
                    for (String quorum : new String[] {"100%", "90%", "50%", "3"}) {
                        for (int evidenceMask = 1; evidenceMask < 16; evidenceMask++) {
                            EnumSet<Evidence> accepted = EnumSet.noneOf(Evidence.class);
                            for (Evidence e : Evidence.values()) {
                                if ((evidenceMask & (1 << e.ordinal())) != 0) {
                                    accepted.add(e);
                                }
                            }
                            EffectivePolicy p = policy(when, quorum, method, approval, accepted.toArray(new Evidence[0]));
                            for (int trial = 0; trial < 8; trial++) {
                                closes += checkRandomRound(p, random) ? 1 : 0;
                            }
                        }
                    }
                }
            }
        }
        assertTrue(closes > 100, "the generator reaches closing decisions: " + closes);
    }

    private static boolean checkRandomRound(EffectivePolicy p, Random random) {
        int n = 1 + random.nextInt(12);
        Instant now = START.plusSeconds(random.nextInt(240));
        List<ClientObservation> cs = new ArrayList<>();
        Set<String> stale = new LinkedHashSet<>();
        Map<String, List<String>> inventory = new HashMap<>();
        for (int i = 0; i < n; i++) {
            NodeHealth health = NodeHealth.values()[random.nextInt(NodeHealth.values().length)];
            JobOutcome.Phase phase = JobOutcome.Phase.values()[random.nextInt(JobOutcome.Phase.values().length)];
            boolean ok = random.nextBoolean();
            String u = uuid(i);
            JobOutcome job = new JobOutcome(phase, ok, ok ? null : (random.nextBoolean() ? "Evicted" : "Timeout"),
                    phase == JobOutcome.Phase.NotCreated ? List.of() : List.of(u), 1, null);
            ClientObservation c = ClientClassifier.classify("c" + i, health, job, p.deadClientEvidence());
            cs.add(c);
            if (random.nextInt(4) != 0) {
                stale.add(u); // the server's list may lag behind reconnects
            }
            if (random.nextBoolean()) {
                inventory.put("c" + i, List.of(u));
            }
        }
        boolean approved = random.nextBoolean();
        Set<String> staleOrNull = random.nextInt(3) == 0 ? null : stale;
        RoundObservation o = new RoundObservation(p, START, now, n, cs, staleOrNull, inventory, approved);
        Decision d = RecoveryDecider.decide(o);

        Set<String> reported = new HashSet<>();
        cs.stream().filter(c -> c.state() == ClientState.Reconnected).forEach(c -> reported.addAll(c.uuids()));
        long back = o.count(ClientState.Reconnected);
        boolean settled = o.count(ClientState.Pending) + o.count(ClientState.Running) + o.count(ClientState.Failed) == 0;
        boolean deadlinePassed = !now.isBefore(o.deadlineAt());

        Plan plan = d instanceof Decision.Close c ? c.plan() : d instanceof Decision.AwaitApproval a ? a.plan() : null;
        if (plan != null) {
            for (String u : plan.uuids()) {
                assertFalse(reported.contains(u), "plan evicts a client that reported itself reconnected: " + o);
            }
            assertTrue(plan.action() == CloseMethod.EvictDead || p.closeMethod() == CloseMethod.AbortRecovery);
            assertTrue(p.closeWhen() != CloseWhen.Never, "Never closes nothing");
            switch (p.closeWhen()) {
                case AllReconnected -> assertTrue(settled, "AllReconnected closed with clients in flight: " + o);
                case Deadline -> assertTrue(settled || deadlinePassed, "Deadline closed early: " + o);
                case Quorum -> assertTrue(back >= p.quorum().required(n) && (settled || deadlinePassed), "Quorum closed early: " + o);
                default -> { }
            }
        }
        if (d instanceof Decision.Close c) {
            assertTrue(p.approval() == Approval.Automatic || approved, "closed without approval");
            assertEquals(p.approval() == Approval.Required, c.closedBy() == ClosedBy.Approved);
        }
        if (d instanceof Decision.NothingToEvict) {
            assertTrue(p.closeWhen() != CloseWhen.Never);
        }
        if (d instanceof Decision.Wait w) {
            assertTrue(w.nextCheck().isAfter(now), "a wait looks again later");
        }
        return d instanceof Decision.Close;
    }
}
