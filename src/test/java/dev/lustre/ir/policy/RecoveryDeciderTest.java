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

    /** The server's list of the clients it still waits for: the UUIDs of these client indices. */
    static Set<String> stale(Set<Integer> indices) {
        Set<String> s = new LinkedHashSet<>();
        indices.stream().sorted().forEach(i -> s.add(uuid(i)));
        return s;
    }

    /** Every node's UUID, as an earlier round (or a resident agent's registration) recorded it. */
    static Map<String, List<String>> inventory(int n) {
        Map<String, List<String>> inv = new HashMap<>();
        for (int i = 0; i < n; i++) {
            inv.put(String.format("c%03d", i), List.of(uuid(i)));
        }
        return inv;
    }

    static RoundObservation obs(EffectivePolicy p, Duration elapsed, int n, Map<Integer, ClientState> states, Set<String> stale) {
        return new RoundObservation(p, START, START.plus(elapsed), n, clients(n, states), stale, true, inventory(n), false);
    }

    @Test
    void allBackNeedsNoEviction() {
        Decision d = RecoveryDecider.decide(obs(PolicyResolver.resolve(null, null), Duration.ofSeconds(3), 10, Map.of(), Set.of()));
        assertEquals(new Decision.AllBack(), d);
    }

    @Test
    void defaultPolicyEvictsExactlyTheDeadOnceEveryLiveClientReported() {
        Map<Integer, ClientState> st = new HashMap<>();
        for (int i = 0; i < 5; i++) {
            st.put(i * 10, ClientState.Dead);
        }
        Set<String> stale = stale(Set.of(0, 10, 20, 30, 40, 7)); // 7 reconnected after the server listed it
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
                Map.of(1, ClientState.Dead, 2, ClientState.Running), stale(Set.of(1, 2))));
        assertInstanceOf(Decision.Wait.class, d, "AllReconnected never closes at the deadline");
    }

    @Test
    void quorumClosesAtTheDeadlineEvictingOnlyTheProvenDead() {
        EffectivePolicy p = policy(CloseWhen.Quorum, "90%", null, null);
        Map<Integer, ClientState> st = Map.of(2, ClientState.Dead, 3, ClientState.Running, 4, ClientState.Running,
                5, ClientState.Pending);
        Set<String> stale = stale(Set.of(2, 3, 4, 5, 6)); // 6 reported after the server listed it
        assertInstanceOf(Decision.Wait.class, RecoveryDecider.decide(obs(p, Duration.ofSeconds(119), 50, st, stale)));
        Decision.Close close = assertInstanceOf(Decision.Close.class, RecoveryDecider.decide(obs(p, Duration.ofSeconds(120), 50, st, stale)));
        assertEquals(ClosedBy.Quorum, close.closedBy());
        assertEquals("DeadlineExpired", close.plan().reason());
        assertEquals(List.of(uuid(2)), close.plan().uuids(), "slow clients are alive as far as anyone knows");
        assertTrue(close.plan().leftToLustre().startsWith("3 client(s) not reported and not proven dead"), close.plan().leftToLustre());
    }

    @Test
    void atTheDeadlineWithNobodyProvenDeadNobodyIsEvicted() {
        EffectivePolicy p = policy(CloseWhen.Deadline, null, null, null);
        Map<Integer, ClientState> st = Map.of(0, ClientState.Running, 1, ClientState.Failed);
        Decision.LeaveToLustre l = assertInstanceOf(Decision.LeaveToLustre.class,
                RecoveryDecider.decide(obs(p, Duration.ofSeconds(130), 4, st, stale(st.keySet()))));
        assertFalse(l.nobodyMissing());
        assertTrue(l.reason().contains("2 client(s) not reported and not proven dead"), l.reason());
    }

    @Test
    void quorumNotMetKeepsWaitingPastTheDeadline() {
        EffectivePolicy p = policy(CloseWhen.Quorum, "90%", null, null);
        Map<Integer, ClientState> st = new HashMap<>();
        for (int i = 0; i < 6; i++) {
            st.put(i, ClientState.Running);
        }
        assertInstanceOf(Decision.Wait.class, RecoveryDecider.decide(obs(p, Duration.ofSeconds(600), 50, st, stale(st.keySet()))));
    }

    @Test
    void integerQuorumCountsClients() {
        EffectivePolicy p = policy(CloseWhen.Quorum, null, null, null);
        p = new EffectivePolicy(p.closeWhen(), new EffectivePolicy.Quorum(8, false), p.deadline(), p.deadClientEvidence(),
                p.closeMethod(), p.approval(), false, p.evictEarly(), p.notReadyGrace(), p.reconnectTimeout(), p.maxConcurrentJobs(), p.jobBackoffLimit(),
                p.jobTtlAfterFinished());
        Map<Integer, ClientState> st = Map.of(0, ClientState.Dead, 1, ClientState.Running);
        assertInstanceOf(Decision.Close.class, RecoveryDecider.decide(obs(p, Duration.ofSeconds(121), 10, st, stale(st.keySet()))));
        Map<Integer, ClientState> st3 = Map.of(0, ClientState.Dead, 1, ClientState.Running, 2, ClientState.Running);
        assertInstanceOf(Decision.Wait.class, RecoveryDecider.decide(obs(p, Duration.ofSeconds(121), 10, st3, stale(st3.keySet()))));
    }

    @Test
    void deadlineClosesWhateverTheCount() {
        EffectivePolicy p = policy(CloseWhen.Deadline, null, null, null);
        Map<Integer, ClientState> st = Map.of(0, ClientState.Dead, 1, ClientState.Running, 2, ClientState.Running);
        assertInstanceOf(Decision.Wait.class, RecoveryDecider.decide(obs(p, Duration.ofSeconds(60), 4, st, stale(st.keySet()))));
        Decision.Close c = assertInstanceOf(Decision.Close.class, RecoveryDecider.decide(obs(p, Duration.ofSeconds(120), 4, st, stale(st.keySet()))));
        assertEquals(ClosedBy.Deadline, c.closedBy());
        assertEquals(List.of(uuid(0)), c.plan().uuids());
    }

    @Test
    void approvalRequiredShowsThePlanFirst() {
        EffectivePolicy p = policy(CloseWhen.AllReconnected, null, null, Approval.Required);
        RoundObservation o = obs(p, Duration.ofSeconds(5), 10, Map.of(9, ClientState.Dead), stale(Set.of(9)));
        Decision.AwaitApproval wait = assertInstanceOf(Decision.AwaitApproval.class, RecoveryDecider.decide(o));
        assertEquals(List.of(uuid(9)), wait.plan().uuids());
        RoundObservation approved = new RoundObservation(p, START, o.now(), 10, o.clients(), o.staleUuids(), true,
                o.inventory(), true);
        Decision.Close close = assertInstanceOf(Decision.Close.class, RecoveryDecider.decide(approved));
        assertEquals(ClosedBy.Approved, close.closedBy());
        assertEquals(wait.plan(), close.plan());
    }

    @Test
    void abortRecoveryOnlyWhenThePolicySaysSo() {
        EffectivePolicy p = policy(CloseWhen.AllReconnected, null, CloseMethod.AbortRecovery, null);
        Decision.Close c = assertInstanceOf(Decision.Close.class,
                RecoveryDecider.decide(obs(p, Duration.ofSeconds(5), 10, Map.of(9, ClientState.Dead), stale(Set.of(9)))));
        assertEquals(CloseMethod.AbortRecovery, c.plan().action());
        assertTrue(c.plan().uuids().isEmpty());
    }

    @Test
    void neverOnlyObserves() {
        EffectivePolicy p = policy(CloseWhen.Never, null, null, null);
        assertInstanceOf(Decision.Wait.class,
                RecoveryDecider.decide(obs(p, Duration.ofHours(1), 10, Map.of(9, ClientState.Dead), stale(Set.of(9)))));
    }

    @Test
    void withoutStaleListTheInventoryNamesTheDead() {
        EffectivePolicy p = PolicyResolver.resolve(null, null);
        List<ClientObservation> cs = clients(3, Map.of(2, ClientState.Dead));
        RoundObservation o = new RoundObservation(p, START, START.plusSeconds(5), 3, cs, null, false,
                Map.of("c002", List.of("dead-uuid"), "c001", List.of(uuid(1))), false);
        Decision.Close c = assertInstanceOf(Decision.Close.class, RecoveryDecider.decide(o));
        assertEquals(List.of("dead-uuid"), c.plan().uuids());

        RoundObservation unknown = new RoundObservation(p, START, START.plusSeconds(5), 3, cs, null, false, Map.of(), false);
        Decision.LeaveToLustre l = assertInstanceOf(Decision.LeaveToLustre.class, RecoveryDecider.decide(unknown));
        assertTrue(l.reason().contains("1 dead node(s) whose client UUID is unknown"), l.reason());
    }

    /**
     * On an OST the MDTs' exports are in the stale list, and so are clients outside the roster (a
     * login node). Only the dead roster node's UUID is evicted; the rest is left to Lustre and said so.
     */
    @Test
    void targetExportsAndClientsNobodyClaimsAreNeverEvicted() {
        EffectivePolicy p = PolicyResolver.resolve(null, null);
        Set<String> stale = new LinkedHashSet<>(List.of(uuid(3), "lustre-MDT0000-mdtlov_UUID", "lustre-MDT0001-mdtlov_UUID",
                "5d1f0a9e-aaaa-4bbb-8ccc-0123456789ab"));
        Decision.Close c = assertInstanceOf(Decision.Close.class,
                RecoveryDecider.decide(obs(p, Duration.ofSeconds(5), 8, Map.of(3, ClientState.Dead), stale)));
        assertEquals(List.of(uuid(3)), c.plan().uuids());
        assertTrue(c.plan().leftToLustre().contains("1 client(s) the server waits for that no roster node claims"), c.plan().leftToLustre());
        assertTrue(c.plan().leftToLustre().contains("2 other target(s)' export(s)"), c.plan().leftToLustre());
    }

    @Test
    void aDeadNodesInventoryNeverNamesATargetExport() {
        EffectivePolicy p = PolicyResolver.resolve(null, null);
        Map<String, List<String>> inv = new HashMap<>(inventory(4));
        inv.put("c002", List.of("lustre-MDT0000-mdtlov_UUID", uuid(2)));
        RoundObservation o = new RoundObservation(p, START, START.plusSeconds(5), 4, clients(4, Map.of(2, ClientState.Dead)),
                null, false, inv, false);
        assertEquals(List.of(uuid(2)), assertInstanceOf(Decision.Close.class, RecoveryDecider.decide(o)).plan().uuids());
    }

    @Test
    void aUuidTwoNodesClaimIsNeverEvicted() {
        EffectivePolicy p = PolicyResolver.resolve(null, null);
        Map<String, List<String>> inv = new HashMap<>(inventory(4));
        inv.put("c002", List.of(uuid(1))); // c002's old entry names what c001 now reports
        RoundObservation o = new RoundObservation(p, START, START.plusSeconds(5), 4, clients(4, Map.of(2, ClientState.Dead)),
                stale(Set.of(1, 2)), true, inv, false);
        Decision.LeaveToLustre l = assertInstanceOf(Decision.LeaveToLustre.class, RecoveryDecider.decide(o));
        assertTrue(l.reason().contains("claimed by more than one node"), l.reason());
    }

    /** 2.16+: an empty recovery_stale_clients during RECOVERING means the server waits for nobody. */
    @Test
    void anEmptyStaleListMeansNothingToEvictWhateverTheMethod() {
        for (CloseMethod m : CloseMethod.values()) {
            EffectivePolicy p = policy(CloseWhen.AllReconnected, null, m, null);
            Decision.LeaveToLustre l = assertInstanceOf(Decision.LeaveToLustre.class,
                    RecoveryDecider.decide(obs(p, Duration.ofSeconds(5), 10, Map.of(9, ClientState.Dead), Set.of())));
            assertTrue(l.nobodyMissing(), m.name());
        }
    }

    /** A list cut to fit a report says nothing about who is missing beyond the cut: it filters nobody out. */
    @Test
    void aTruncatedStaleListDoesNotDropDeadClients() {
        EffectivePolicy p = PolicyResolver.resolve(null, null);
        RoundObservation o = new RoundObservation(p, START, START.plusSeconds(5), 6,
                clients(6, Map.of(1, ClientState.Dead, 5, ClientState.Dead)), stale(Set.of(1)), false, inventory(6), false);
        assertEquals(List.of(uuid(1), uuid(5)), assertInstanceOf(Decision.Close.class, RecoveryDecider.decide(o)).plan().uuids());
    }

    /** 2.16+: what was evicted early is never ordered again, even where the list read still shows it. */
    @Test
    void theCloseLeavesOutWhatWasEvictedEarly() {
        EffectivePolicy p = PolicyResolver.resolve(null, null);
        List<ClientObservation> cs = clients(6, Map.of(1, ClientState.Dead, 5, ClientState.Dead));
        RoundObservation o = new RoundObservation(p, START, START.plusSeconds(5), 6, cs, stale(Set.of(1, 5)), true,
                inventory(6), false, Set.of(uuid(1)));
        assertEquals(List.of(uuid(5)), assertInstanceOf(Decision.Close.class, RecoveryDecider.decide(o)).plan().uuids());

        RoundObservation allEarly = new RoundObservation(p, START, START.plusSeconds(5), 6, cs, stale(Set.of(1, 5)), true,
                inventory(6), false, Set.of(uuid(1), uuid(5)));
        Decision.LeaveToLustre l = assertInstanceOf(Decision.LeaveToLustre.class, RecoveryDecider.decide(allEarly));
        assertTrue(l.nobodyMissing(), "nobody is left for the operator to evict or to warn about");
        assertTrue(l.reason().contains("already evicted this round"), l.reason());

        // A list cut short, or none: the UUIDs evicted early are still left out, and the rest is planned.
        RoundObservation cut = new RoundObservation(p, START, START.plusSeconds(5), 6, cs, stale(Set.of(1)), false,
                inventory(6), false, Set.of(uuid(1)));
        assertEquals(List.of(uuid(5)), assertInstanceOf(Decision.Close.class, RecoveryDecider.decide(cut)).plan().uuids());
        RoundObservation none = new RoundObservation(p, START, START.plusSeconds(5), 6, cs, null, false,
                inventory(6), false, Set.of(uuid(1)));
        assertEquals(List.of(uuid(5)), assertInstanceOf(Decision.Close.class, RecoveryDecider.decide(none)).plan().uuids());
    }

    /** The other clients the server still lists are reported as left to Lustre, the early-evicted ones are not. */
    @Test
    void whatWasEvictedEarlyIsNotReportedAsLeftToLustre() {
        EffectivePolicy p = PolicyResolver.resolve(null, null);
        Set<String> stale = new LinkedHashSet<>(List.of(uuid(1), "5d1f0a9e-aaaa-4bbb-8ccc-0123456789ab"));
        RoundObservation o = new RoundObservation(p, START, START.plusSeconds(5), 4, clients(4, Map.of(1, ClientState.Dead)),
                stale, true, inventory(4), false, Set.of(uuid(1)));
        Decision.LeaveToLustre l = assertInstanceOf(Decision.LeaveToLustre.class, RecoveryDecider.decide(o));
        assertFalse(l.nobodyMissing());
        assertTrue(l.reason().contains("1 client(s) the server waits for that no roster node claims"), l.reason());
    }

    @Test
    void everyDeadClientIsInThePlanHoweverMany() {
        Map<Integer, ClientState> st = new HashMap<>();
        for (int i = 0; i < 150; i++) {
            st.put(i * 6, ClientState.Dead);
        }
        Decision.Close c = assertInstanceOf(Decision.Close.class,
                RecoveryDecider.decide(obs(PolicyResolver.resolve(null, null), Duration.ofSeconds(5), 1000, st, stale(st.keySet()))));
        assertEquals(150, c.plan().uuids().size());
    }

    /**
     * A declared-complete roster lets a first round (no inventory) evict the stale UUIDs nobody
     * claims, once every unreported roster node is proven dead; never a target export, and not while
     * any unreported node is merely failed or slow.
     */
    @Test
    void aCompleteRosterNamesTheDeadFromTheServersList() {
        RecoveryPolicySpec complete = new RecoveryPolicySpec();
        complete.rosterComplete = true;
        EffectivePolicy p = PolicyResolver.resolve(null, complete);
        Set<String> stale = new LinkedHashSet<>(List.of(uuid(3), uuid(7), "lustre-MDT0000-mdtlov_UUID"));
        RoundObservation o = new RoundObservation(p, START, START.plusSeconds(5), 8,
                clients(8, Map.of(3, ClientState.Dead, 7, ClientState.Dead)), stale, true, Map.of(), false);
        Decision.Close c = assertInstanceOf(Decision.Close.class, RecoveryDecider.decide(o));
        assertEquals(List.of(uuid(3), uuid(7)), c.plan().uuids());

        EffectivePolicy deadline = PolicyResolver.resolve(null, policySpec(complete, CloseWhen.Deadline));
        RoundObservation oneFailed = new RoundObservation(deadline, START, START.plusSeconds(500), 8,
                clients(8, Map.of(3, ClientState.Dead, 7, ClientState.Failed)), stale, true, Map.of(), false);
        Decision.LeaveToLustre l = assertInstanceOf(Decision.LeaveToLustre.class, RecoveryDecider.decide(oneFailed));
        assertTrue(l.reason().contains("2 client(s) the server waits for that no roster node claims"), l.reason());

        assertInstanceOf(Decision.LeaveToLustre.class, RecoveryDecider.decide(new RoundObservation(
                PolicyResolver.resolve(null, null), START, START.plusSeconds(5), 8, o.clients(), stale, true, Map.of(), false)),
                "without the declaration an unclaimed UUID is never evicted");
    }

    private static RecoveryPolicySpec policySpec(RecoveryPolicySpec base, CloseWhen when) {
        RecoveryPolicySpec s = new RecoveryPolicySpec();
        s.rosterComplete = base.rosterComplete;
        s.closeWhen = when;
        return s;
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
                                closes += checkRandomRound(p, quorum, random) ? 1 : 0;
                            }
                        }
                    }
                }
            }
        }
        assertTrue(closes > 100, "the generator reaches closing decisions: " + closes);
    }

    /** The quorum as a count of clients, from the policy's text: a percent of n rounds up. */
    private static int clientsRequired(String quorum, int n) {
        if (!quorum.endsWith("%")) {
            return Integer.parseInt(quorum);
        }
        int percent = Integer.parseInt(quorum.substring(0, quorum.length() - 1));
        return (n * percent + 99) / 100;
    }

    private static boolean checkRandomRound(EffectivePolicy p, String quorum, Random random) {
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
            Instant since = random.nextInt(5) == 0 ? null : now.minusSeconds(random.nextInt(150));
            ClientObservation c = ClientClassifier.classify("c" + i, new ObservedNodeHealth(health, since), job,
                    p.deadClientEvidence());
            cs.add(c);
            if (random.nextInt(4) != 0) {
                stale.add(u); // the server's list may lag behind reconnects
            }
            if (random.nextBoolean()) {
                inventory.put("c" + i, List.of(random.nextInt(8) == 0 ? uuid(random.nextInt(n)) : u));
            }
        }
        if (random.nextBoolean()) {
            stale.add("lustre-MDT0000-mdtlov_UUID");
        }
        if (random.nextBoolean()) {
            stale.add("feedface-0000-4000-8000-00000000beef"); // a client outside the roster
        }
        boolean approved = random.nextBoolean();
        Set<String> staleOrNull = random.nextInt(3) == 0 ? null : stale;
        boolean whole = random.nextBoolean();
        RoundObservation o = new RoundObservation(p, START, now, n, cs, staleOrNull, whole, inventory, approved);
        Decision d = RecoveryDecider.decide(o);

        // Who may be evicted, stated independently of the decider: a UUID of exactly one roster node,
        // that node proven dead; or, with a declared-complete roster and every unreported node dead,
        // a client UUID the server lists and no node claims.
        Map<String, Set<String>> claims = new HashMap<>();
        for (ClientObservation c : cs) {
            List<String> own = new ArrayList<>(c.uuids());
            own.addAll(inventory.getOrDefault(c.node(), List.of()));
            own.forEach(u -> claims.computeIfAbsent(u, k -> new HashSet<>()).add(c.node()));
        }
        Set<String> deadNodes = new HashSet<>();
        cs.stream().filter(c -> c.state() == ClientState.Dead).forEach(c -> deadNodes.add(c.node()));
        boolean onlyDeadUnreported = cs.stream().allMatch(c -> c.state() == ClientState.Reconnected || c.state() == ClientState.Dead);
        long back = o.count(ClientState.Reconnected);
        boolean settled = o.count(ClientState.Pending) + o.count(ClientState.Running) + o.count(ClientState.Failed) == 0;
        boolean deadlinePassed = !now.isBefore(o.deadlineAt());

        Plan plan = d instanceof Decision.Close c ? c.plan() : d instanceof Decision.AwaitApproval a ? a.plan() : null;
        if (plan != null) {
            for (String u : plan.uuids()) {
                assertFalse(u.contains("-MDT"), "a target export in a plan: " + o);
                Set<String> owners = claims.getOrDefault(u, Set.of());
                boolean ownedByOneDead = owners.size() == 1 && deadNodes.containsAll(owners);
                boolean unclaimedUnderCompleteRoster = owners.isEmpty() && p.rosterComplete() && onlyDeadUnreported
                        && staleOrNull != null && staleOrNull.contains(u);
                assertTrue(ownedByOneDead || unclaimedUnderCompleteRoster, u + " is not proven dead: " + o);
                if (staleOrNull != null && whole) {
                    assertTrue(staleOrNull.contains(u), "the server does not wait for " + u + ": " + o);
                }
            }
            assertTrue(plan.action() == CloseMethod.EvictDead || p.closeMethod() == CloseMethod.AbortRecovery);
            assertTrue(p.closeWhen() != CloseWhen.Never, "Never closes nothing");
            switch (p.closeWhen()) {
                case AllReconnected -> assertTrue(settled, "AllReconnected closed with clients in flight: " + o);
                case Deadline -> assertTrue(settled || deadlinePassed, "Deadline closed early: " + o);
                case Quorum -> assertTrue(back >= clientsRequired(quorum, n) && (settled || deadlinePassed), "Quorum closed early: " + o);
                default -> { }
            }
        }
        if (d instanceof Decision.Close c) {
            assertTrue(p.approval() == Approval.Automatic || approved, "closed without approval");
            assertEquals(p.approval() == Approval.Required, c.closedBy() == ClosedBy.Approved);
            assertTrue(c.plan().action() == CloseMethod.AbortRecovery || !c.plan().uuids().isEmpty(), "a close that evicts nobody");
        }
        if (d instanceof Decision.AllBack) {
            assertTrue(settled && deadNodes.isEmpty() && back >= n, "AllBack while someone is missing: " + o);
        }
        if (d instanceof Decision.Wait w) {
            assertTrue(w.nextCheck().isAfter(now), "a wait looks again later");
        }
        checkEarlyEviction(o, claims, random);
        return d instanceof Decision.Close;
    }

    /**
     * Early eviction, stated independently: only under EvictDead, evictEarly, Automatic and a close
     * rule; only where the server lists whom it waits for, and within that list when it is whole;
     * only a UUID of exactly one roster node that is dead by node evidence (deleted, fenced, or
     * NotReady for the grace); never one already ordered.
     */
    private static void checkEarlyEviction(RoundObservation o, Map<String, Set<String>> claims, Random random) {
        EffectivePolicy p = o.policy();
        Set<String> ordered = new HashSet<>();
        o.clients().forEach(c -> c.uuids().stream().filter(u -> random.nextInt(6) == 0).forEach(ordered::add));
        EarlyEviction e = EarlyEviction.select(o, ordered);
        if (e.graceEndsAt() != null) {
            assertTrue(e.graceEndsAt().isAfter(o.now()), "a grace that ended is acted on, not waited for: " + o);
        }
        if (!e.any()) {
            return;
        }
        assertTrue(p.closeMethod() == CloseMethod.EvictDead && p.evictEarly() && p.approval() == Approval.Automatic
                && p.closeWhen() != CloseWhen.Never, "early eviction under " + p);
        assertTrue(o.staleUuids() != null, "early eviction where the server lists nobody it waits for (before 2.16)");
        for (String u : e.evict()) {
            // A cut list cannot rule a UUID out: the server's agent checks its whole list before it evicts.
            assertTrue(!o.staleComplete() || o.staleUuids().contains(u), u + " is not waited for: " + o);
            assertFalse(ordered.contains(u), u + " ordered twice");
            assertFalse(u.contains("-MDT"), "a target export evicted early");
            Set<String> owners = claims.getOrDefault(u, Set.of());
            assertEquals(1, owners.size(), u + " has no single owner: " + o);
            ClientObservation owner = o.clients().stream().filter(c -> owners.contains(c.node())).findFirst().orElseThrow();
            assertEquals(ClientState.Dead, owner.state());
            boolean fenced = owner.evidence() == Evidence.NodeNotReady && owner.health() == NodeHealth.OutOfService;
            boolean notReadyLongEnough = owner.evidence() == Evidence.NodeNotReady && owner.evidenceSince() != null
                    && !o.now().isBefore(owner.evidenceSince().plus(p.notReadyGrace()));
            boolean byNode = owner.evidence() == Evidence.NodeMissing || fenced || notReadyLongEnough;
            assertTrue(byNode, owner + " is not proven dead by its node");
        }
    }
}
