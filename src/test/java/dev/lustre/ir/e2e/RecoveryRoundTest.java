package dev.lustre.ir.e2e;

import static dev.lustre.ir.e2e.RoundSupport.apply;
import static dev.lustre.ir.e2e.RoundSupport.get;
import static dev.lustre.ir.e2e.RoundSupport.awaitPhase;
import static dev.lustre.ir.e2e.RoundSupport.jobs;
import static dev.lustre.ir.e2e.RoundSupport.policy;
import static dev.lustre.ir.e2e.RoundSupport.scenario;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lustre.ir.api.ClosedBy;
import dev.lustre.ir.api.LustreFailover;
import dev.lustre.ir.api.Phase;
import dev.lustre.ir.api.RecoveryPolicySpec;
import dev.lustre.ir.lustre.RecoveryState;
import dev.lustre.ir.operator.Conditions;
import dev.lustre.ir.sandbox.Scenario;
import dev.lustre.ir.sim.ClientView;
import dev.lustre.ir.testing.KubeApiTestResource;
import dev.lustre.ir.testing.RealApiServerProfile;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.Watch;
import io.fabric8.kubernetes.client.Watcher;
import io.fabric8.kubernetes.client.WatcherException;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** Whole rounds on the real API server, the simulated node runtime and the simulated Lustre. */
@QuarkusTest
@TestProfile(RealApiServerProfile.class)
class RecoveryRoundTest {
    @Inject
    KubernetesClient client;

    @Test
    void allClientsBackNeedsNoEviction() throws Exception {
        Scenario sc = scenario(client, Scenario.Settings.of("allback", 20, 0).withTimeScale(10));
        List<Phase> phases = new CopyOnWriteArrayList<>();
        try (Watch watch = client.resources(LustreFailover.class).inNamespace("default").withName("allback").watch(new Watcher<>() {
            @Override
            public void eventReceived(Action action, LustreFailover resource) {
                Phase p = resource.getStatus() == null ? null : resource.getStatus().phase;
                if (p != null && (phases.isEmpty() || phases.get(phases.size() - 1) != p)) {
                    phases.add(p);
                }
            }

            @Override
            public void onClose(WatcherException cause) {
            }
        })) {
            apply(client, sc, null);
            awaitPhase(client, "allback", Phase.Recovered, Duration.ofSeconds(60));
        }
        assertEquals(List.of(Phase.Pending, Phase.Preflight, Phase.Reconnecting, Phase.ClosingWindow, Phase.Recovered), phases,
                "every phase is recorded, the new round first");

        LustreFailover lfo = get(client, "allback");
        assertEquals(ClosedBy.AllReconnected, lfo.getStatus().closedBy);
        assertEquals("20/20", lfo.getStatus().progress);
        assertEquals("closed", lfo.getStatus().window);
        assertTrue(jobs(client, "allback", "close").isEmpty(), "no close job: nothing to evict");
        assertEquals(0, sc.sim().target().evicted(), "the target evicted nobody");
        assertEquals(20, jobs(client, "allback", "client").size(), "one client Job per node");
        assertTrue(Conditions.isTrue(lfo.getStatus().conditions, Conditions.COMPLETE));
        assertTrue(Conditions.isTrue(lfo.getStatus().conditions, Conditions.WINDOW_CLOSED));
        assertTrue(Conditions.isTrue(lfo.getStatus().conditions, Conditions.RECONNECTED));

        Process wait = new ProcessBuilder("kubectl", "--kubeconfig", KubeApiTestResource.kubeconfig().toString(),
                "-n", "default", "wait", "--for=condition=Complete", "lfo/allback", "--timeout=10s").redirectErrorStream(true).start();
        String out = new String(wait.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, wait.waitFor(), out);
    }

    @Test
    void evictsExactlyTheDeadAndLiveClientsKeepTheirReplay() {
        Scenario sc = scenario(client, Scenario.Settings.of("fiveof50", 50, 5).withTimeScale(10));
        sc.recordInventory(client); // an earlier round learned every node's UUID
        Set<String> dead = new TreeSet<>(sc.deadRosterUuids());
        assertEquals(5, dead.size());
        apply(client, sc, null);

        LustreFailover lfo = awaitPhase(client, "fiveof50", Phase.Recovered, Duration.ofSeconds(90));
        assertEquals(RecoveryPolicySpec.CloseMethod.EvictDead, lfo.getStatus().plan.action);
        assertEquals(dead, new TreeSet<>(lfo.getStatus().plan.uuids), "exactly the dead clients' UUIDs");
        assertEquals(5, lfo.getStatus().clients.dead);
        assertEquals(45, lfo.getStatus().clients.reconnected);
        assertEquals(5, lfo.getStatus().notReconnected.size());
        assertTrue(lfo.getStatus().notReconnected.stream().allMatch(i -> "NodeNotReady".equals(i.reason)));
        assertTrue(Conditions.isTrue(lfo.getStatus().conditions, Conditions.DEGRADED));

        List<ClientView> live = sc.sim().clients().stream().filter(ClientView::alive).toList();
        assertEquals(45, live.size());
        assertTrue(live.stream().noneMatch(ClientView::evicted), "no live client was evicted");
        assertTrue(live.stream().allMatch(ClientView::replayKept), "every live client kept its replay");
        var target = sc.sim().target();
        assertEquals(5, target.evicted());
        Instant start = target.recoveryStart().orElseThrow();
        Instant closed = target.windowClosedAt().orElseThrow();
        assertTrue(Duration.between(start, closed).toSeconds() < 300 / 2,
                "window closed long before the soft timer: " + Duration.between(start, closed));
    }

    @Test
    void aCompleteRosterLetsAFirstRoundNameTheDeadFromTheServersListReadAgainWhenCut() {
        // No inventory: only a policy declaring the roster complete lets the server's list name the
        // dead. 150 stale UUIDs do not fit the agent's 4 KiB report: the preflight's list is cut, and
        // the plan must come from a fresh look once the live clients are back.
        Scenario sc = scenario(client, Scenario.Settings.of("manyclients", 150, 2).withTimeScale(10));
        RecoveryPolicySpec p = policy();
        p.rosterComplete = true;
        apply(client, sc, p);

        LustreFailover lfo = awaitPhase(client, "manyclients", Phase.Recovered, Duration.ofSeconds(120));
        assertEquals(new TreeSet<>(sc.sim().deadClientUuids()), new TreeSet<>(lfo.getStatus().plan.uuids));
        assertEquals(2, sc.sim().target().evicted());
        assertTrue(lfo.getStatus().verifications >= 1, "the server was inspected again before the plan");
    }

    @Test
    void approvalRequiredWaitsWithThePlanShown() {
        Scenario sc = scenario(client, Scenario.Settings.of("approve", 10, 1).withTimeScale(10));
        sc.recordInventory(client);
        RecoveryPolicySpec p = policy();
        p.approval = RecoveryPolicySpec.Approval.Required;
        apply(client, sc, p);

        LustreFailover lfo = awaitPhase(client, "approve", Phase.AwaitingApproval, Duration.ofSeconds(60));
        assertEquals(List.copyOf(sc.sim().deadClientUuids()), lfo.getStatus().plan.uuids);
        assertTrue(lfo.getStatus().message.contains("ir.lustre.dev/approve=" + lfo.getStatus().round), lfo.getStatus().message);
        sleep(Duration.ofSeconds(3));
        assertEquals(Phase.AwaitingApproval, RoundSupport.get(client, "approve").getStatus().phase);
        assertTrue(jobs(client, "approve", "close").isEmpty(), "nothing is closed before approval");

        client.resources(LustreFailover.class).inNamespace("default").withName("approve")
                .edit(l -> {
                    l.getMetadata().getAnnotations().put("ir.lustre.dev/approve", Long.toString(l.getStatus().round));
                    return l;
                });
        lfo = awaitPhase(client, "approve", Phase.Recovered, Duration.ofSeconds(90));
        assertEquals(ClosedBy.Approved, lfo.getStatus().closedBy);
        assertEquals(1, sc.sim().target().evicted());
    }

    @Test
    void abortRecoveryOnlyWhenThePolicySaysSoAndStatusSaysWhatItCost() {
        Scenario sc = scenario(client, Scenario.Settings.of("abort", 10, 1).withTimeScale(10));
        RecoveryPolicySpec p = policy();
        p.closeMethod = RecoveryPolicySpec.CloseMethod.AbortRecovery;
        apply(client, sc, p);

        LustreFailover lfo = awaitPhase(client, "abort", Phase.Recovered, Duration.ofSeconds(90));
        assertEquals(RecoveryPolicySpec.CloseMethod.AbortRecovery, lfo.getStatus().plan.action);
        long evictedLive = sc.sim().clients().stream().filter(c -> c.alive() && c.evicted()).count();
        assertTrue(evictedLive > 0, "abort_recovery evicts connected clients too, as Lustre does");
        assertEquals(sc.sim().target().evicted(), lfo.getStatus().plan.evicted, "status records what the abort cost");
        assertTrue(lfo.getStatus().message.contains("abort_recovery evicted"), lfo.getStatus().message);
    }

    @Test
    void targetAlreadyCompleteEndsAtOnce() {
        Scenario sc = scenario(client, Scenario.Settings.of("done", 5, 0).withIr(true).withTimeScale(20));
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> {
            sc.sim().advance();
            return sc.sim().target().status() == RecoveryState.COMPLETE;
        });
        apply(client, sc, null);

        LustreFailover lfo = awaitPhase(client, "done", Phase.Recovered, Duration.ofSeconds(30));
        assertEquals(ClosedBy.LustreFinishedOnItsOwn, lfo.getStatus().closedBy);
        assertTrue(jobs(client, "done", "client").isEmpty(), "nothing dispatched");
    }

    @Test
    void deletingTheFailoverRemovesItsJobs() {
        // Lustre's own soft timer (300 s) stays far off: 150 s of wall clock at this scale.
        Scenario sc = scenario(client, Scenario.Settings.of("deleted", 6, 1).withTimeScale(2));
        RecoveryPolicySpec p = policy();
        p.closeWhen = RecoveryPolicySpec.CloseWhen.Never;
        try (RoundSupport.JobLog created = RoundSupport.watchJobs(client, "deleted")) {
            LustreFailover lfo = apply(client, sc, p);
            org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> jobs(client, "deleted", "client").size() == 5
                    && !RoundSupport.pods(client, "deleted").isEmpty() && RoundSupport.roster(client, lfo) != null);

            client.resources(LustreFailover.class).inNamespace("default").withName("deleted").delete();
            org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> RoundSupport.get(client, "deleted") == null
                    && RoundSupport.allJobs(client, "deleted").isEmpty() && RoundSupport.pods(client, "deleted").isEmpty()
                    && RoundSupport.roster(client, lfo) == null);
            assertEquals(0, sc.sim().target().evicted(), "nobody was evicted");
            assertFalse(sc.sim().target().windowClosedAt().isPresent(), "nothing closed the recovery window");
            assertFalse(created.anyWithRole("close"), "no close Job was ever created: " + created.created());
            assertTrue(created.anyWithRole("client"), "the round had dispatched its clients: " + created.created());
        }
    }

    private static void sleep(Duration d) {
        try {
            Thread.sleep(d.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
