package dev.lustre.ir.policy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lustre.ir.api.RecoveryPolicySpec;
import dev.lustre.ir.api.RecoveryPolicySpec.Approval;
import dev.lustre.ir.api.RecoveryPolicySpec.CloseMethod;
import dev.lustre.ir.api.RecoveryPolicySpec.CloseWhen;
import dev.lustre.ir.api.RecoveryPolicySpec.Evidence;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/**
 * Early eviction: each rule that can keep a UUID out. The round: c0 and c1 are still reconnecting
 * (their Jobs run), so the policy does not hold and only an early eviction can act; the node under
 * test is c2, whose UUID the server lists as missing.
 */
class EarlyEvictionTest {
    static final Instant START = Instant.parse("2026-11-25T10:00:00Z");
    static final Instant NOW = START.plusSeconds(90);
    static final String U0 = "00000000-0000-4000-8000-000000000000";
    static final String U1 = "00000001-0000-4000-8000-000000000001";
    static final String U2 = "00000002-0000-4000-8000-000000000002";
    static final String U3 = "00000003-0000-4000-8000-000000000003";
    static final Map<String, List<String>> INVENTORY = Map.of("c0", List.of(U0), "c1", List.of(U1), "c2", List.of(U2),
            "c3", List.of(U3));

    static EffectivePolicy policy(Consumer<RecoveryPolicySpec> set) {
        RecoveryPolicySpec s = new RecoveryPolicySpec();
        set.accept(s);
        return PolicyResolver.resolve(null, s);
    }

    static final EffectivePolicy DEFAULT = policy(s -> { });

    static ClientObservation running(String node) {
        return new ClientObservation(node, ClientState.Running, null, List.of(), 1, null, NodeHealth.Ready, null);
    }

    /** c2 as the classifier sees it: this health, Ready condition changed at {@code since}, no Job yet. */
    static ClientObservation c2(NodeHealth health, Instant since, EffectivePolicy p) {
        return ClientClassifier.classify("c2", new ObservedNodeHealth(health, since), JobOutcome.notCreated(),
                p.deadClientEvidence());
    }

    static RoundObservation round(EffectivePolicy p, ClientObservation c2, Set<String> stale, boolean whole) {
        List<ClientObservation> cs = new ArrayList<>(List.of(running("c0"), running("c1"), c2));
        return new RoundObservation(p, START, NOW, 3, cs, stale, whole, INVENTORY, false);
    }

    static RoundObservation round(EffectivePolicy p, ClientObservation c2) {
        return round(p, c2, new LinkedHashSet<>(List.of(U0, U1, U2)), true);
    }

    static EarlyEviction select(RoundObservation o) {
        return EarlyEviction.select(o, Set.of());
    }

    @Test
    void theDefaultsEvictEarlyWithAMinuteOfGrace() {
        assertTrue(DEFAULT.evictEarly());
        assertEquals(Duration.ofSeconds(60), DEFAULT.notReadyGrace());
    }

    @Test
    void notReadyWithinItsGraceWaitsAndSaysWhenTheGraceEnds() {
        Instant since = NOW.minusSeconds(59);
        EarlyEviction e = select(round(DEFAULT, c2(NodeHealth.NotReady, since, DEFAULT)));
        assertFalse(e.any(), e.reason());
        assertEquals(since.plusSeconds(60), e.graceEndsAt());
        assertTrue(e.reason().contains("1 NotReady node(s) within notReadyGrace 60s"), e.reason());
    }

    @Test
    void notReadyForExactlyTheGraceIsProof() {
        EarlyEviction e = select(round(DEFAULT, c2(NodeHealth.NotReady, NOW.minusSeconds(60), DEFAULT)));
        assertEquals(List.of(U2), e.evict());
        assertNull(e.graceEndsAt());
        assertTrue(e.reason().startsWith("1 node(s) proven dead"), e.reason());
        assertEquals(List.of(U2), select(round(DEFAULT, c2(NodeHealth.NotReady, NOW.minusSeconds(3600), DEFAULT))).evict());
    }

    @Test
    void aGraceOfZeroTakesNotReadyAsProofAtOnce() {
        EffectivePolicy p = policy(s -> s.notReadyGrace = "0s");
        assertEquals(List.of(U2), select(round(p, c2(NodeHealth.NotReady, NOW, p))).evict());
    }

    @Test
    void aNotReadyNodeWithNoKnownTransitionIsNeverProofEarly() {
        EarlyEviction e = select(round(DEFAULT, c2(NodeHealth.NotReady, null, DEFAULT)));
        assertFalse(e.any());
        assertNull(e.graceEndsAt(), "no time to wait for");
        ClientObservation noHealth = new ClientObservation("c2", ClientState.Dead, Evidence.NodeNotReady, List.of(), 0, "x");
        assertFalse(select(round(DEFAULT, noHealth)).any(), "an observation without its node's health");
    }

    @Test
    void aFencedNodeNeedsNoGrace() {
        assertEquals(List.of(U2), select(round(DEFAULT, c2(NodeHealth.OutOfService, NOW, DEFAULT))).evict());
        assertEquals(List.of(U2), select(round(DEFAULT, c2(NodeHealth.OutOfService, null, DEFAULT))).evict());
    }

    @Test
    void aDeletedNodeNeedsNoGrace() {
        ClientObservation gone = c2(NodeHealth.Missing, null, DEFAULT);
        assertEquals(Evidence.NodeMissing, gone.evidence());
        assertEquals(List.of(U2), select(round(DEFAULT, gone)).evict());
    }

    /** Evidence the policy does not accept makes nobody dead, so nobody is evicted early either. */
    @Test
    void onlyEvidenceThePolicyAcceptsCounts() {
        EffectivePolicy p = policy(s -> s.deadClientEvidence = List.of(Evidence.NodeMissing));
        assertFalse(select(round(p, c2(NodeHealth.OutOfService, NOW, p))).any());
        assertEquals(List.of(U2), select(round(p, c2(NodeHealth.Missing, null, p))).evict());
    }

    @Test
    void aFailedJobIsNeverProofEarly() {
        JobOutcome failed = new JobOutcome(JobOutcome.Phase.Failed, false, "Timeout", List.of(U2), 3, "timed out");
        ClientObservation c2 = ClientClassifier.classify("c2", new ObservedNodeHealth(NodeHealth.Ready, START), failed,
                DEFAULT.deadClientEvidence());
        assertEquals(Evidence.JobFailed, c2.evidence());
        EarlyEviction e = select(round(DEFAULT, c2));
        assertFalse(e.any());
        assertNull(e.graceEndsAt());
    }

    @Test
    void aClientTheServerEvictedIsNotEvictedAgain() {
        JobOutcome evicted = new JobOutcome(JobOutcome.Phase.Failed, false, "Evicted", List.of(U2), 1, "evicted");
        ClientObservation c2 = ClientClassifier.classify("c2", new ObservedNodeHealth(NodeHealth.Ready, START), evicted,
                DEFAULT.deadClientEvidence());
        assertEquals(Evidence.Evicted, c2.evidence());
        assertFalse(select(round(DEFAULT, c2)).any());
    }

    @Test
    void approvalRequiredEvictsNothingEarly() {
        EffectivePolicy p = policy(s -> s.approval = Approval.Required);
        EarlyEviction e = select(round(p, c2(NodeHealth.Missing, null, p)));
        assertFalse(e.any());
        assertTrue(e.reason().contains("approval=Required"), e.reason());
        assertNull(select(round(p, c2(NodeHealth.NotReady, NOW, p))).graceEndsAt(), "no look scheduled for nothing");
    }

    @Test
    void abortRecoveryEvictsNothingEarly() {
        EffectivePolicy p = policy(s -> s.closeMethod = CloseMethod.AbortRecovery);
        EarlyEviction e = select(round(p, c2(NodeHealth.Missing, null, p)));
        assertFalse(e.any());
        assertTrue(e.reason().contains("closeMethod=AbortRecovery"), e.reason());
    }

    @Test
    void evictEarlyFalseEvictsNothingEarly() {
        EffectivePolicy p = policy(s -> s.evictEarly = false);
        EarlyEviction e = select(round(p, c2(NodeHealth.Missing, null, p)));
        assertFalse(e.any());
        assertTrue(e.reason().contains("evictEarly=false"), e.reason());
    }

    @Test
    void closeWhenNeverEvictsNothingEarly() {
        EffectivePolicy p = policy(s -> s.closeWhen = CloseWhen.Never);
        EarlyEviction e = select(round(p, c2(NodeHealth.Missing, null, p)));
        assertFalse(e.any());
        assertTrue(e.reason().contains("closeWhen=Never"), e.reason());
    }

    @Test
    void theOtherCloseRulesAllowIt() {
        for (CloseWhen when : List.of(CloseWhen.AllReconnected, CloseWhen.Quorum, CloseWhen.Deadline)) {
            EffectivePolicy p = policy(s -> s.closeWhen = when);
            assertEquals(List.of(U2), select(round(p, c2(NodeHealth.Missing, null, p))).evict(), when.name());
        }
    }

    /** Before Lustre 2.16 the server cannot say whom it waits for: eviction waits for the close. */
    @Test
    void withoutTheServersListNothingIsEvictedEarly() {
        EarlyEviction e = select(round(DEFAULT, c2(NodeHealth.Missing, null, DEFAULT), null, false));
        assertFalse(e.any());
        assertTrue(e.reason().contains("before Lustre 2.16"), e.reason());
    }

    /**
     * A list cut short cannot rule a UUID out: the dead node's UUID is ordered whether shown or not,
     * for the server to check against its whole list; the other rules still hold.
     */
    @Test
    void aListCutShortOrdersTheDeadForTheServerToCheck() {
        EarlyEviction shown = select(round(DEFAULT, c2(NodeHealth.Missing, null, DEFAULT), new LinkedHashSet<>(List.of(U2)), false));
        assertEquals(List.of(U2), shown.evict());
        assertTrue(shown.reason().contains("cut short"), shown.reason());
        EarlyEviction notShown = select(round(DEFAULT, c2(NodeHealth.Missing, null, DEFAULT), new LinkedHashSet<>(List.of(U0)), false));
        assertEquals(List.of(U2), notShown.evict(), notShown.reason());
        assertFalse(select(round(DEFAULT, c2(NodeHealth.NotReady, NOW, DEFAULT), new LinkedHashSet<>(List.of(U0)), false)).any(),
                "the grace holds with a cut list too");
        Map<String, List<String>> inv = new HashMap<>(INVENTORY);
        inv.put("c1", List.of(U1, U2));
        RoundObservation twoClaims = new RoundObservation(DEFAULT, START, NOW, 3,
                List.of(running("c0"), running("c1"), c2(NodeHealth.Missing, null, DEFAULT)),
                new LinkedHashSet<>(List.of(U0)), false, inv, false);
        assertFalse(select(twoClaims).any(), "a UUID two nodes claim, never");
    }

    /** A UUID the server does not list is connected (or already gone): never evicted early. */
    @Test
    void aUuidTheServerDoesNotListIsNeverEvicted() {
        assertFalse(select(round(DEFAULT, c2(NodeHealth.Missing, null, DEFAULT), new LinkedHashSet<>(List.of(U0, U1)), true)).any());
        assertFalse(select(round(DEFAULT, c2(NodeHealth.Missing, null, DEFAULT), Set.of(), true)).any());
        // And no look is scheduled for a NotReady node the server does not wait for.
        assertNull(select(round(DEFAULT, c2(NodeHealth.NotReady, NOW, DEFAULT), new LinkedHashSet<>(List.of(U0)), true))
                .graceEndsAt());
    }

    @Test
    void aTargetsOwnUuidIsNeverEvicted() {
        String mdt = "lustre-MDT0000-mdtlov_UUID";
        Map<String, List<String>> inv = new HashMap<>(INVENTORY);
        inv.put("c2", List.of(mdt, U2));
        RoundObservation o = new RoundObservation(DEFAULT, START, NOW, 3,
                List.of(running("c0"), running("c1"), c2(NodeHealth.Missing, null, DEFAULT)),
                new LinkedHashSet<>(List.of(U0, U1, U2, mdt)), true, inv, false);
        assertEquals(List.of(U2), select(o).evict());
        inv.put("c2", List.of(mdt));
        RoundObservation onlyMdt = new RoundObservation(DEFAULT, START, NOW, 3, o.clients(), o.staleUuids(), true, inv, false);
        assertFalse(select(onlyMdt).any());
    }

    @Test
    void aUuidTwoNodesClaimIsNeverEvicted() {
        Map<String, List<String>> inv = new HashMap<>(INVENTORY);
        inv.put("c1", List.of(U1, U2)); // c1's old entry names what c2 now holds
        RoundObservation o = new RoundObservation(DEFAULT, START, NOW, 3,
                List.of(running("c0"), running("c1"), c2(NodeHealth.Missing, null, DEFAULT)),
                new LinkedHashSet<>(List.of(U0, U1, U2)), true, inv, false);
        assertFalse(select(o).any());
    }

    /** Without an inventory entry or a report, a dead node's UUID is unknown: never guessed early. */
    @Test
    void aDeadNodeWhoseUuidIsUnknownIsNotEvictedEarly() {
        Map<String, List<String>> inv = new HashMap<>(INVENTORY);
        inv.remove("c2");
        RoundObservation o = new RoundObservation(policy(s -> s.rosterComplete = true), START, NOW, 3,
                List.of(running("c0"), running("c1"), c2(NodeHealth.Missing, null, DEFAULT)),
                new LinkedHashSet<>(List.of(U0, U1, U2)), true, inv, false);
        assertFalse(select(o).any(), "rosterComplete names the unclaimed only at the close");
    }

    @Test
    void aUuidAlreadyOrderedIsExcluded() {
        RoundObservation o = round(DEFAULT, c2(NodeHealth.Missing, null, DEFAULT));
        EarlyEviction e = EarlyEviction.select(o, Set.of(U2));
        assertFalse(e.any(), e.reason());
        RoundObservation recorded = new RoundObservation(DEFAULT, START, NOW, 3, o.clients(), o.staleUuids(), true,
                INVENTORY, false, Set.of(U2));
        assertFalse(EarlyEviction.select(recorded, Set.of()).any(), "the round's own record counts too");
        assertFalse(EarlyEviction.select(recorded, null).any());
    }

    @Test
    void aClientThatReportedItselfBackIsNeverEvicted() {
        JobOutcome ok = new JobOutcome(JobOutcome.Phase.Succeeded, true, null, List.of(U2), 1, null);
        ClientObservation back = ClientClassifier.classify("c2", ObservedNodeHealth.MISSING, ok, DEFAULT.deadClientEvidence());
        assertFalse(select(round(DEFAULT, back)).any());
    }

    /** Several dead nodes: the proven ones evicted together, sorted; the earliest running grace reported. */
    @Test
    void manyNodesSortedAndTheEarliestGraceReported() {
        Map<String, List<String>> inv = new HashMap<>();
        List<ClientObservation> cs = new ArrayList<>();
        Set<String> stale = new LinkedHashSet<>();
        String[] uuids = {U3, U1, U2, U0};
        NodeHealth[] health = {NodeHealth.Missing, NodeHealth.OutOfService, NodeHealth.NotReady, NodeHealth.NotReady};
        Instant[] since = {null, null, NOW.minusSeconds(30), NOW.minusSeconds(10)};
        for (int i = 0; i < 4; i++) {
            inv.put("n" + i, List.of(uuids[i]));
            stale.add(uuids[i]);
            cs.add(ClientClassifier.classify("n" + i, new ObservedNodeHealth(health[i], since[i]), JobOutcome.notCreated(),
                    DEFAULT.deadClientEvidence()));
        }
        cs.add(running("live"));
        EarlyEviction e = select(new RoundObservation(DEFAULT, START, NOW, 5, cs, stale, true, inv, false));
        assertEquals(List.of(U1, U3), e.evict());
        assertEquals(NOW.plusSeconds(30), e.graceEndsAt());
        assertTrue(e.reason().startsWith("2 node(s) proven dead"), e.reason());
        assertTrue(e.reason().endsWith("2 NotReady node(s) within notReadyGrace 60s"), e.reason());
    }
}
