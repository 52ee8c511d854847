package dev.lustre.ir.operator;

import static dev.lustre.ir.operator.RoundFixture.T0;
import static dev.lustre.ir.operator.RoundFixture.dead;
import static dev.lustre.ir.operator.RoundFixture.reconnected;
import static dev.lustre.ir.operator.RoundFixture.recovering;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.lustre.ir.api.LustreFailoverStatus;
import dev.lustre.ir.api.Phase;
import dev.lustre.ir.api.RecoveryPolicySpec.CloseMethod;
import dev.lustre.ir.operator.RoundFixture.Seen;
import dev.lustre.ir.policy.ClientObservation;
import dev.lustre.ir.policy.Plan;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** The status a step records: complete counts, bounded lists, the recorded status left alone. */
class RoundPresenterTest {
    private final RoundTransitions transitions = new RoundTransitions(RoundFixture.CLOSE_TIMEOUT);

    @Test
    void countsAreCompleteAndListsBoundedAtAThousandClients() {
        List<ClientObservation> clients = new ArrayList<>();
        Map<String, List<String>> inventory = new HashMap<>();
        String[] stale = new String[150];
        for (int i = 0; i < 1000; i++) {
            String node = String.format("c%04d", i);
            if (i < 150) {
                clients.add(dead(node));
                inventory.put(node, List.of(node + "-uuid"));
                stale[i] = node + "-uuid";
            } else {
                clients.add(reconnected(node));
            }
        }
        Seen seen = Seen.inspected(recovering(T0, stale), clients.toArray(ClientObservation[]::new))
                .withInventory(inventory).at(T0.plusSeconds(5));
        LustreFailoverStatus recorded = RoundFixture.recorded(Phase.Reconnecting, 1000);
        String before = Serialization.asJson(recorded);
        RoundSnapshot snapshot = seen.build();
        LustreFailoverStatus s = RoundPresenter.present(recorded, snapshot, transitions.next(recorded, snapshot), 1);

        assertEquals(150, s.clients.dead);
        assertEquals(850, s.clients.reconnected);
        assertEquals("850/1000", s.progress);
        assertEquals(RoundPresenter.LIST_BOUND, s.notReconnected.size());
        assertEquals("c0000-uuid", s.notReconnected.get(0).uuid, "a dead node's UUID from the inventory");
        assertEquals("NodeNotReady", s.notReconnected.get(0).reason);
        assertEquals(150, s.plan.count);
        assertEquals(RoundPresenter.LIST_BOUND, s.plan.uuids.size());
        assertEquals(before, Serialization.asJson(recorded), "the recorded status is left as it was");
    }

    @Test
    void aRoundNotYetInspectedKeepsItsRecordedCounts() {
        LustreFailoverStatus recorded = RoundFixture.recorded(Phase.Pending, 7);
        RoundSnapshot snapshot = Seen.start().build();
        LustreFailoverStatus s = RoundPresenter.present(recorded, snapshot, transitions.next(recorded, snapshot), 3);
        assertEquals("0/7", s.progress);
        assertEquals(7, s.clients.expected);
        assertNull(s.notReconnected);
        assertEquals(3L, s.observedGeneration);
        assertEquals(3L, Conditions.find(s.conditions, Conditions.COMPLETE).getObservedGeneration());
    }

    @Test
    void thePlanShowsABoundedListAndTheWholeCount() {
        List<String> uuids = IntStream.range(0, 250).mapToObj(i -> "u" + i).toList();
        var view = RoundPresenter.planView(new Plan(CloseMethod.EvictDead, uuids, "DeadClients", null), T0);
        assertEquals(250, view.count);
        assertEquals(uuids.subList(0, 100), view.uuids);
        assertEquals("2026-11-25T10:00:00Z", view.issuedAt);
    }
}
