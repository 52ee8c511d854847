package dev.lustre.ir.e2e;

import static dev.lustre.ir.e2e.RoundSupport.apply;
import static dev.lustre.ir.e2e.RoundSupport.awaitPhase;
import static dev.lustre.ir.e2e.RoundSupport.get;
import static dev.lustre.ir.e2e.RoundSupport.jobs;
import static dev.lustre.ir.e2e.RoundSupport.policy;
import static dev.lustre.ir.e2e.RoundSupport.scenario;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lustre.ir.api.ClosedBy;
import dev.lustre.ir.api.LustreFailover;
import dev.lustre.ir.api.Phase;
import dev.lustre.ir.api.RecoveryPolicySpec;
import dev.lustre.ir.operator.Conditions;
import dev.lustre.ir.sandbox.Scenario;
import dev.lustre.ir.sim.ClientView;
import dev.lustre.ir.testing.RealApiServerProfile;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * The paths that could evict a client nobody proved dead, each on the real API server with the
 * simulated node runtime and Lustre: only UUIDs mapped to dead roster nodes are ever evicted.
 */
@QuarkusTest
@TestProfile(RealApiServerProfile.class)
class EvictionSafetyTest {
    @Inject
    KubernetesClient client;

    /**
     * On an OST the stale list holds the MDT's own export, and clients outside the roster (a login
     * node down with the failover). Only the dead roster clients are evicted; the rest is left to
     * Lustre's timer, and the round says so (status, condition reason, Event).
     */
    @Test
    void aTargetExportAndAClientOutsideTheRosterAreNeverEvicted() {
        Scenario sc = scenario(client, Scenario.Settings.of("strangers", 20, 2).withStrangers(1, true).withTimeScale(20));
        sc.recordInventory(client);
        List<String> dead = sc.deadRosterUuids();
        assertEquals(2, dead.size());
        List<String> outside = sc.sim().nonRosterUuids();
        assertEquals(2, outside.size(), "the login node's client and the MDT's export: " + outside);
        apply(client, sc, null);

        await().atMost(Duration.ofSeconds(90)).until(() -> !jobs(client, "strangers", "close").isEmpty()
                && get(client, "strangers").getStatus().leftToLustre != null);
        Job close = jobs(client, "strangers", "close").get(0);
        List<String> args = close.getSpec().getTemplate().getSpec().getContainers().get(0).getArgs();
        List<String> evicting = new ArrayList<>();
        for (int i = 0; i + 1 < args.size(); i++) {
            if (args.get(i).equals("--evict-uuid")) {
                evicting.add(args.get(i + 1));
            }
        }
        assertEquals(new TreeSet<>(dead), new TreeSet<>(evicting), "the close evicts exactly the dead roster clients");
        LustreFailover lfo = get(client, "strangers");
        assertTrue(lfo.getStatus().leftToLustre.contains("1 client(s) the server waits for that no roster node claims"),
                lfo.getStatus().leftToLustre);
        assertTrue(lfo.getStatus().leftToLustre.contains("lustre-MDT0000-mdtlov_UUID"), lfo.getStatus().leftToLustre);
        assertEquals("LeftToLustreTimer", Conditions.find(lfo.getStatus().conditions, Conditions.WINDOW_CLOSED).getReason());

        lfo = awaitPhase(client, "strangers", Phase.Recovered, Duration.ofSeconds(120));
        assertEquals(ClosedBy.LustreFinishedOnItsOwn, lfo.getStatus().closedBy, "Lustre's soft timer ended the wait");
        assertTrue(events("strangers").stream().anyMatch(e -> "LeftToLustreTimer".equals(e.getReason())
                && "Warning".equals(e.getType())), "an Event says who was left to Lustre");
        assertTrue(sc.sim().clients().stream().filter(ClientView::alive).noneMatch(ClientView::evicted));
        List<String> writes = sc.sim().evictRequests();
        assertEquals(new TreeSet<>(dead), new TreeSet<>(writes), "evict_client was written for the dead roster clients only");
        outside.forEach(u -> assertFalse(writes.contains(u), u));
    }

    /** 150 dead of 1,000: every dead UUID is evicted, while status lists at most 100. */
    @Test
    void everyDeadClientIsEvictedHoweverManyAndStatusStaysBounded() {
        // Time runs only twice as fast: dispatching 850 Jobs must fit in Lustre's soft timer.
        Scenario sc = scenario(client, Scenario.Settings.of("many", 1000, 150).withTimeScale(2));
        sc.recordInventory(client);
        RecoveryPolicySpec p = policy();
        p.maxConcurrentJobs = 1000;
        apply(client, sc, p);

        LustreFailover lfo = awaitPhase(client, "many", Phase.Recovered, Duration.ofSeconds(240));
        assertEquals(150, lfo.getStatus().plan.count);
        assertEquals(100, lfo.getStatus().plan.uuids.size(), "the list in status is bounded");
        assertEquals(150, sc.sim().target().evicted(), "every dead client was evicted");
        assertEquals(new TreeSet<>(sc.deadRosterUuids()), new TreeSet<>(sc.sim().evictRequests()));
        int bytes = Serialization.asJson(lfo.getStatus()).getBytes(StandardCharsets.UTF_8).length;
        assertTrue(bytes < 32 * 1024, "status stays small: " + bytes + " bytes");
    }

    /** Client nodes named like server Jobs' roles get their own Jobs, and the round ends right. */
    @Test
    void nodesNamedCloseAndPreflightAreClientsLikeAnyOther() {
        Scenario sc = scenario(client, Scenario.Settings.of("rolenames", 4, 0)
                .withNodeNames(List.of("close", "preflight", "verify-1")).withTimeScale(10));
        apply(client, sc, null);

        LustreFailover lfo = awaitPhase(client, "rolenames", Phase.Recovered, Duration.ofSeconds(60));
        assertEquals(ClosedBy.AllReconnected, lfo.getStatus().closedBy);
        assertEquals("4/4", lfo.getStatus().progress);
        List<String> clientJobNodes = jobs(client, "rolenames", "client").stream()
                .map(j -> j.getMetadata().getLabels().get("ir.lustre.dev/node")).sorted().toList();
        assertEquals(List.of("close", "preflight", "rolenames-c004", "verify-1"), clientJobNodes);
        assertEquals(1, jobs(client, "rolenames", "preflight").size());
        assertTrue(jobs(client, "rolenames", "close").isEmpty());
    }

    /**
     * The server dies again between the plan and the close: the close Job fails, the round watches
     * the server for a bounded time, then fails with CloseFailed, the server's last state and a
     * Warning Event. The eviction is never re-run.
     */
    @Test
    void aCloseThatFailsEndsTheRoundFailedWithinItsBound() {
        Scenario sc = scenario(client, Scenario.Settings.of("closefail", 6, 1).withTimeScale(10));
        sc.recordInventory(client);
        RecoveryPolicySpec p = policy();
        p.approval = RecoveryPolicySpec.Approval.Required;
        apply(client, sc, p);
        LustreFailover lfo = awaitPhase(client, "closefail", Phase.AwaitingApproval, Duration.ofSeconds(60));
        sc.sim().kill(sc.sim().serverNode());
        client.resources(LustreFailover.class).inNamespace("default").withName("closefail").edit(l -> {
            l.getMetadata().getAnnotations().put("ir.lustre.dev/approve", Long.toString(l.getStatus().round));
            return l;
        });

        lfo = awaitPhase(client, "closefail", Phase.Failed, Duration.ofSeconds(90));
        var complete = Conditions.find(lfo.getStatus().conditions, Conditions.COMPLETE);
        assertEquals("CloseFailed", complete.getReason());
        assertTrue(lfo.getStatus().message.contains("the server's last state: "), lfo.getStatus().message);
        assertTrue(lfo.getStatus().message.contains("node is down"), lfo.getStatus().message);
        assertEquals(1, jobs(client, "closefail", "close").size(), "the close was not re-run");
        assertTrue(events("closefail").stream().anyMatch(e -> "RoundFailed".equals(e.getReason()) && "Warning".equals(e.getType())));
        assertEquals(List.of(), sc.sim().evictRequests(), "the operator never wrote an eviction");
    }

    private List<Event> events(String failover) {
        return client.v1().events().inNamespace("default").list().getItems().stream()
                .filter(e -> failover.equals(e.getInvolvedObject().getName())).toList();
    }
}
