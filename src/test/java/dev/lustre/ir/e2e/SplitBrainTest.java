package dev.lustre.ir.e2e;

import static dev.lustre.ir.e2e.RoundSupport.awaitPhase;
import static dev.lustre.ir.e2e.RoundSupport.get;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lustre.ir.api.ApiGroup;
import dev.lustre.ir.api.ClosedBy;
import dev.lustre.ir.api.LustreFailover;
import dev.lustre.ir.api.LustreRound;
import dev.lustre.ir.api.Phase;
import dev.lustre.ir.api.RecoveryPolicySpec;
import dev.lustre.ir.operator.AgentSettings;
import dev.lustre.ir.operator.Conditions;
import dev.lustre.ir.operator.EventRecorder;
import dev.lustre.ir.sandbox.Scenario;
import dev.lustre.ir.sim.ClientView;
import dev.lustre.ir.testing.ManualOperatorProfile;
import dev.lustre.ir.testing.ManualOperators;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.Watch;
import io.fabric8.kubernetes.client.Watcher;
import io.fabric8.kubernetes.client.WatcherException;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.javaoperatorsdk.operator.Operator;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * Two LustreFailovers of one target at the same time would be two arbiters evicting on it. On the
 * real API server with the operator: exactly one round runs; the other waits in Pending, having done
 * nothing on the target, saying which failover holds it; once that round is over it runs, finds the
 * target's recovery already over, and evicts nothing again.
 */
@QuarkusTest
@TestProfile(ManualOperatorProfile.class)
class SplitBrainTest {
    @Inject
    KubernetesClient client;
    @Inject
    EventRecorder events;
    @Inject
    AgentSettings settings;

    @Test
    void twoAtOnceOneRoundRunsTheOtherWaitsNamingItThenFindsTheTargetRecovered() {
        Scenario sc = RoundSupport.scenario(client, Scenario.Settings.of("twice", 12, 2).withTimeScale(10));
        sc.recordInventory(client);
        Operator operator = ManualOperators.start(client, events, settings);
        try (PhaseLog log = new PhaseLog(client, "twice")) {
            client.resource(sc.failover(null, null)).create();
            client.resource(renamed(sc.failover(null, null), "twice-again")).create();

            // Whichever reconcile came first holds the target; the other must wait for it.
            await().atMost(Duration.ofSeconds(30)).until(() -> log.firstActive() != null);
            String holder = log.firstActive();
            String waiter = holder.equals("twice") ? "twice-again" : "twice";
            await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertTrue(waiting(waiter, holder),
                    () -> Serialization.asYaml(get(client, waiter).getStatus())));
            LustreFailover w = get(client, waiter);
            assertEquals("TargetBusy", Conditions.find(w.getStatus().conditions, Conditions.COMPLETE).getReason());

            LustreFailover first = awaitPhase(client, holder, Phase.Recovered, Duration.ofSeconds(90));
            LustreFailover second = awaitPhase(client, waiter, Phase.Recovered, Duration.ofSeconds(60));
            assertEquals(ClosedBy.LustreFinishedOnItsOwn, second.getStatus().closedBy,
                    "the second round inspects the target afresh: its recovery is over, nothing is done again");
            assertEquals(new TreeSet<>(sc.deadRosterUuids()), new TreeSet<>(first.getStatus().plan.uuids));

            List<String> order = log.transitions();
            int holderEnded = order.indexOf(holder + ":Recovered");
            int waiterStarted = firstActiveIndex(order, waiter);
            assertTrue(holderEnded >= 0 && waiterStarted > holderEnded, "the second round acted only after the first ended: " + order);
            assertTrue(log.createdWhileOtherActive().isEmpty(), "no Job or LustreRound of one while the other's round ran: "
                    + log.createdWhileOtherActive());
            assertEquals(sc.deadRosterUuids(), sc.sim().evictRequests().stream().sorted().toList(), "each dead UUID evicted once");
            assertTrue(sc.sim().clients().stream().filter(ClientView::alive).noneMatch(ClientView::evicted));
            assertTrue(eventReasons(waiter).containsAll(List.of("TargetBusy", "TargetFreed")), eventReasons(waiter).toString());
        } finally {
            operator.stop();
        }
    }

    /**
     * Applied while no operator runs (a restart, a new leader), both at once: the new process decides
     * as any would, the oldest first whatever its name; stopped again mid-round, the next one keeps the
     * same holder and the same waiter.
     */
    @Test
    void twoAtOnceOnARestartTheOldestHoldsAndTheNextProcessKeepsIt() {
        Scenario sc = RoundSupport.scenario(client, Scenario.Settings.of("restarted", 12, 2)
                .withSlow(3, Duration.ofSeconds(60)).withTimeScale(5));
        sc.recordInventory(client);
        try (PhaseLog log = new PhaseLog(client, "rs-")) {
            client.resource(renamed(sc.failover(null, null), "rs-zz-older")).create();
            await().pollDelay(Duration.ofMillis(1100)).until(() -> true); // creation times are in seconds
            client.resource(renamed(sc.failover(null, null), "rs-aa-newer")).create();

            Operator first = ManualOperators.start(client, events, settings);
            await().atMost(Duration.ofSeconds(30)).until(() -> phase("rs-zz-older") == Phase.Reconnecting);
            first.stop();
            assertEquals("rs-zz-older", log.firstActive(), "the oldest holds, though its name sorts last");
            assertTrue(waiting("rs-aa-newer", "rs-zz-older"), () -> Serialization.asYaml(get(client, "rs-aa-newer").getStatus()));

            Operator second = ManualOperators.start(client, events, settings);
            try {
                await().pollDelay(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(10)).until(() -> true);
                assertTrue(waiting("rs-aa-newer", "rs-zz-older"), "a new process keeps the holder at work");
                awaitPhase(client, "rs-zz-older", Phase.Recovered, Duration.ofSeconds(120));
                LustreFailover newer = awaitPhase(client, "rs-aa-newer", Phase.Recovered, Duration.ofSeconds(60));
                assertEquals(ClosedBy.LustreFinishedOnItsOwn, newer.getStatus().closedBy);
            } finally {
                second.stop();
            }
            assertTrue(log.createdWhileOtherActive().isEmpty(), log.createdWhileOtherActive().toString());
            assertTrue(firstActiveIndex(log.transitions(), "rs-aa-newer") > log.transitions().indexOf("rs-zz-older:Recovered"),
                    log.transitions().toString());
            assertEquals(sc.deadRosterUuids(), sc.sim().evictRequests().stream().sorted().toList(), "each dead UUID evicted once");
        }
    }

    /** The holder deleted mid-round (its Jobs go with it): the waiting round starts and closes the window itself. */
    @Test
    void theHolderDeletedTheWaitingRoundStarts() {
        Scenario sc = RoundSupport.scenario(client, Scenario.Settings.of("del", 8, 1).withTimeScale(10));
        sc.recordInventory(client);
        Operator operator = ManualOperators.start(client, events, settings);
        try {
            RecoveryPolicySpec approval = new RecoveryPolicySpec();
            approval.approval = RecoveryPolicySpec.Approval.Required;
            client.resource(renamed(sc.failover(null, approval), "del-first")).create();
            awaitPhase(client, "del-first", Phase.AwaitingApproval, Duration.ofSeconds(60));
            client.resource(renamed(sc.failover(null, null), "del-second")).create();
            await().atMost(Duration.ofSeconds(10)).until(() -> waiting("del-second", "del-first"));
            assertTrue(get(client, "del-second").getStatus().message.contains("(phase AwaitingApproval)"),
                    get(client, "del-second").getStatus().message);

            client.resources(LustreFailover.class).inNamespace("default").withName("del-first").delete();
            LustreFailover second = awaitPhase(client, "del-second", Phase.Recovered, Duration.ofSeconds(60));
            assertEquals(sc.deadRosterUuids(), second.getStatus().plan.uuids);
            assertEquals(sc.deadRosterUuids(), sc.sim().evictRequests(), "evicted once, by the round that held the target");
        } finally {
            operator.stop();
        }
    }

    private boolean waiting(String waiter, String holder) {
        LustreFailover w = get(client, waiter);
        return w.getStatus() != null && w.getStatus().phase == Phase.Pending && w.getStatus().message != null
                && w.getStatus().message.startsWith("waiting: target " + w.getSpec().target + " is being recovered by LustreFailover default/"
                        + holder + " (phase ")
                && RoundSupport.allJobs(client, waiter).isEmpty()
                && client.resources(LustreRound.class).inNamespace("default").withLabel(ApiGroup.FAILOVER_LABEL, waiter).list()
                        .getItems().isEmpty();
    }

    private Phase phase(String name) {
        LustreFailover lfo = get(client, name);
        return lfo == null || lfo.getStatus() == null ? null : lfo.getStatus().phase;
    }

    private List<String> eventReasons(String name) {
        return client.v1().events().inNamespace("default").list().getItems().stream()
                .filter(e -> name.equals(e.getInvolvedObject().getName())).map(e -> e.getReason()).toList();
    }

    private static int firstActiveIndex(List<String> order, String name) {
        for (int i = 0; i < order.size(); i++) {
            if (order.get(i).startsWith(name + ":") && !order.get(i).equals(name + ":Pending")) {
                return i;
            }
        }
        return -1;
    }

    private static LustreFailover renamed(LustreFailover lfo, String name) {
        lfo.setMetadata(new ObjectMetaBuilder().withName(name).withNamespace("default").build());
        return lfo;
    }

    /**
     * One watch on LustreFailovers, Jobs and LustreRounds of the namespace: the phases in the order
     * the API server wrote them, and every object one round created while the other's was at work.
     */
    private static final class PhaseLog implements AutoCloseable {
        private final List<String> transitions = new CopyOnWriteArrayList<>();
        private final Map<String, Phase> phases = new TreeMap<>();
        private final List<String> violations = new CopyOnWriteArrayList<>();
        private final List<Watch> watches = new ArrayList<>();
        private final String prefix;

        /** Of the failovers whose name starts with {@code prefix}. */
        PhaseLog(KubernetesClient client, String prefix) {
            this.prefix = prefix;
            watches.add(client.resources(LustreFailover.class).inNamespace("default").watch(watcher(lfo -> {
                if (!lfo.getMetadata().getName().startsWith(prefix)) {
                    return null;
                }
                Phase p = lfo.getStatus() == null ? null : lfo.getStatus().phase;
                synchronized (phases) {
                    if (p != null && p != phases.get(lfo.getMetadata().getName())) {
                        phases.put(lfo.getMetadata().getName(), p);
                        transitions.add(lfo.getMetadata().getName() + ":" + p);
                    }
                }
                return null;
            })));
            watches.add(client.batch().v1().jobs().inNamespace("default").watch(watcher(this::created)));
            watches.add(client.resources(LustreRound.class).inNamespace("default").watch(watcher(this::created)));
        }

        private Void created(io.fabric8.kubernetes.api.model.HasMetadata r) {
            String owner = r.getMetadata().getLabels() == null ? null : r.getMetadata().getLabels().get(ApiGroup.FAILOVER_LABEL);
            if (owner == null || !owner.startsWith(prefix)) {
                return null;
            }
            synchronized (phases) {
                phases.forEach((name, p) -> {
                    if (!name.equals(owner) && p != Phase.Pending && !p.isFinal()) {
                        violations.add(r.getKind() + " " + r.getMetadata().getName() + " of " + owner + " while " + name + " was " + p);
                    }
                });
            }
            return null;
        }

        private <T extends io.fabric8.kubernetes.api.model.HasMetadata> Watcher<T> watcher(Function<T, Void> onAddOrModify) {
            return new Watcher<>() {
                @Override
                public void eventReceived(Action action, T resource) {
                    if (action == Action.ADDED || action == Action.MODIFIED) {
                        onAddOrModify.apply(resource);
                    }
                }

                @Override
                public void onClose(WatcherException cause) {
                }
            };
        }

        /** The first failover seen leaving Pending. */
        String firstActive() {
            return transitions.stream().filter(t -> !t.endsWith(":Pending")).map(t -> t.substring(0, t.indexOf(':')))
                    .findFirst().orElse(null);
        }

        List<String> transitions() {
            return List.copyOf(transitions);
        }

        List<String> createdWhileOtherActive() {
            return violations.stream().collect(Collectors.toList());
        }

        @Override
        public void close() {
            watches.forEach(Watch::close);
        }
    }
}
