package dev.lustre.ir.rbac;

import static dev.lustre.ir.rbac.RbacApiServer.OPERATOR_NAMESPACE;
import static dev.lustre.ir.rbac.RbacApiServer.OTHER_NAMESPACE;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lustre.ir.api.LustreFailover;
import dev.lustre.ir.api.LustreRound;
import dev.lustre.ir.api.Phase;
import dev.lustre.ir.sim.LustreVersion;
import dev.lustre.ir.noderuntime.NodeRuntime;
import dev.lustre.ir.noderuntime.RuntimeOptions;
import dev.lustre.ir.sandbox.Dispatch;
import dev.lustre.ir.sandbox.Scenario;
import dev.lustre.ir.sandbox.SimAgentExecutor;
import dev.lustre.ir.sandbox.SimFleet;
import dev.lustre.ir.sim.ClientView;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.extended.leaderelection.LeaderCallbacks;
import io.fabric8.kubernetes.client.extended.leaderelection.LeaderElectionConfigBuilder;
import io.fabric8.kubernetes.client.extended.leaderelection.LeaderElector;
import io.fabric8.kubernetes.client.extended.leaderelection.resourcelock.LeaseLock;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import java.nio.file.Files;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/**
 * The operator with nothing but its installed rights: the product's prod settings (it watches its
 * own namespace only), authenticated as its ServiceAccount on an API server
 * with RBAC authorisation ({@link RbacApiServer}), the simulated node runtime running its Jobs. A
 * Lustre admin (the Role lustre-ir-admin) starts a round in lustre-ir, which completes; a
 * LustreFailover in another namespace is never read: no Job, no status, no request there. The API
 * server's audit log shows that none of the operator's requests was refused.
 */
@QuarkusTest
@TestProfile(RbacOperatorProfile.class)
class OperatorUnderRbacTest {
    private static NodeRuntime runtime;

    @AfterAll
    static void stopRuntime() {
        if (runtime != null) {
            runtime.close();
        }
    }

    /**
     * Leader election as the operator runs it (the client's LeaseLock on the Lease
     * lustre-ir-operator-leader, LeaderElection's settings but a shorter retry), with the operator's
     * token: the Lease is taken and renewed, none of it refused. (In the operator
     * of this test leader election is off: see {@link RbacOperatorProfile}.)
     */
    @Test
    void leaderElectionTakesAndRenewsItsLease() throws Exception {
        RbacApiServer api = RbacApiServer.get();
        String identity = "rbac-test-" + ProcessHandle.current().pid();
        CountDownLatch leading = new CountDownLatch(1);
        AtomicBoolean stopped = new AtomicBoolean();
        try (KubernetesClient asOperator = api.clientAs(OPERATOR_NAMESPACE, "lustre-ir-operator")) {
            LeaderElector elector = asOperator.leaderElector().withConfig(new LeaderElectionConfigBuilder()
                    .withName("lustre-ir-operator").withLock(new LeaseLock(OPERATOR_NAMESPACE, "lustre-ir-operator-leader", identity))
                    .withLeaseDuration(Duration.ofSeconds(15)).withRenewDeadline(Duration.ofSeconds(10)).withRetryPeriod(Duration.ofMillis(500))
                    .withReleaseOnCancel(true)
                    .withLeaderCallbacks(new LeaderCallbacks(leading::countDown, () -> stopped.set(true), leader -> { }))
                    .build()).build();
            CompletableFuture<?> running = elector.start();
            assertTrue(leading.await(30, TimeUnit.SECONDS), "took the Lease");
            Lease taken = api.admin().leases().inNamespace(OPERATOR_NAMESPACE).withName("lustre-ir-operator-leader").get();
            assertEquals(identity, taken.getSpec().getHolderIdentity());
            await().atMost(Duration.ofSeconds(10)).until(() -> !Objects.equals(taken.getSpec().getRenewTime(),
                    api.admin().leases().inNamespace(OPERATOR_NAMESPACE).withName("lustre-ir-operator-leader").get().getSpec().getRenewTime()));
            assertFalse(stopped.get(), "still leading after renewing");
            running.cancel(true);
        }
        Audited audited = audited(api);
        assertEquals(Map.of(), audited.refused(), "requests of the operator the API server refused");
        assertTrue(audited.byRequest().getOrDefault("patch leases", 0) >= 1, "renewed with a patch: " + audited.byRequest());
    }

    /** The operator's requests in the audit log: counts by verb and resource, those refused, the namespaces reached. */
    private record Audited(int requests, Map<String, Integer> byRequest, Map<String, Integer> refused, Set<String> namespaces) {
    }

    private static Audited audited(RbacApiServer api) throws java.io.IOException {
        Map<String, Integer> byRequest = new TreeMap<>();
        Map<String, Integer> refusedRequests = new TreeMap<>();
        Set<String> namespaces = new TreeSet<>();
        int requests = 0;
        for (String line : Files.readAllLines(api.auditLog())) {
            Map<?, ?> event = Serialization.unmarshal(line, Map.class);
            Map<?, ?> user = (Map<?, ?>) event.get("user");
            if (user == null || !RbacApiServer.OPERATOR.equals(user.get("username"))) {
                continue;
            }
            requests++;
            Map<?, ?> ref = event.get("objectRef") instanceof Map<?, ?> m ? m : Map.of();
            String what = event.get("verb") + " " + ref.get("resource") + (ref.get("subresource") == null ? "" : "/" + ref.get("subresource"));
            byRequest.merge(what, 1, Integer::sum);
            if (ref.get("namespace") != null) {
                namespaces.add((String) ref.get("namespace"));
            }
            Object code = event.get("responseStatus") instanceof Map<?, ?> rs ? rs.get("code") : null;
            if (code instanceof Number n && (n.intValue() == 401 || n.intValue() == 403)) {
                refusedRequests.merge(what + " (" + ref.get("namespace") + ")", 1, Integer::sum);
            }
        }
        return new Audited(requests, byRequest, refusedRequests, namespaces);
    }

    @Test
    void aRoundCompletesWithOnlyTheInstalledRightsAndAFailoverElsewhereIsLeftAlone() throws Exception {
        long t0 = System.nanoTime();
        RbacApiServer api = RbacApiServer.get();
        KubernetesClient admin = api.admin();
        SimFleet fleet = new SimFleet();
        runtime = new NodeRuntime(admin, null, new SimAgentExecutor(fleet), RuntimeOptions.defaults()).start();

        Scenario sc = Scenario.start(admin, fleet, new Scenario.Settings("rbac", OPERATOR_NAMESPACE, 8, 2, 0, Duration.ZERO, false,
                LustreVersion.V2_16, 10, 42, 0, false, List.of(), Dispatch.JOBS, false));
        sc.recordInventory(admin);
        Set<String> dead = new TreeSet<>(sc.deadRosterUuids());

        Config asAdmin = api.adminConfig();
        asAdmin.setImpersonateUsername(RbacApiServer.ADMIN);
        asAdmin.setImpersonateGroups("system:authenticated");
        try (KubernetesClient lustreAdmin = new KubernetesClientBuilder().withConfig(asAdmin).build()) {
            // The same failover in a namespace the operator does not watch (created there by the
            // cluster's administrator: a Lustre admin may not), then the admin's in lustre-ir.
            LustreFailover elsewhere = sc.failover(null, null);
            elsewhere.setMetadata(new ObjectMetaBuilder().withName("elsewhere").withNamespace(OTHER_NAMESPACE).build());
            KubernetesClientException refused = assertThrows(KubernetesClientException.class,
                    () -> lustreAdmin.resource(elsewhere).create());
            assertEquals(403, refused.getCode());
            admin.resource(elsewhere).create();
            lustreAdmin.resource(sc.failover(null, null)).create();
        }

        await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(250)).untilAsserted(() -> {
            LustreFailover lfo = admin.resources(LustreFailover.class).inNamespace(OPERATOR_NAMESPACE).withName("rbac").get();
            assertEquals(Phase.Recovered, lfo.getStatus() == null ? null : lfo.getStatus().phase,
                    () -> "status: " + Serialization.asYaml(lfo.getStatus()));
        });
        LustreFailover done = admin.resources(LustreFailover.class).inNamespace(OPERATOR_NAMESPACE).withName("rbac").get();
        assertEquals(dead, new TreeSet<>(done.getStatus().plan.uuids), "exactly the dead clients' UUIDs");
        List<ClientView> live = sc.sim().clients().stream().filter(ClientView::alive).toList();
        assertTrue(live.stream().noneMatch(ClientView::evicted), "no live client was evicted");
        assertFalse(admin.batch().v1().jobs().inNamespace(OPERATOR_NAMESPACE).list().getItems().isEmpty(), "the round ran Jobs");


        // The other namespace: untouched.
        LustreFailover untouched = admin.resources(LustreFailover.class).inNamespace(OTHER_NAMESPACE).withName("elsewhere").get();
        assertNull(untouched.getStatus(), "no status written in " + OTHER_NAMESPACE);
        assertEquals(List.of(), admin.batch().v1().jobs().inNamespace(OTHER_NAMESPACE).list().getItems());
        assertEquals(List.of(), admin.pods().inNamespace(OTHER_NAMESPACE).list().getItems());
        assertEquals(List.of(), admin.resources(LustreRound.class).inNamespace(OTHER_NAMESPACE).list().getItems());
        assertTrue(admin.configMaps().inNamespace(OTHER_NAMESPACE).list().getItems().stream()
                .noneMatch(cm -> cm.getMetadata().getLabels() != null && cm.getMetadata().getLabels().containsKey("app.kubernetes.io/managed-by")));
        assertEquals(List.of(), admin.v1().events().inNamespace(OTHER_NAMESPACE).list().getItems());

        // Every request the operator made, as the API server audited it.
        Audited audited = audited(api);
        System.out.printf("[least-privilege] the operator under RBAC: round Recovered, %d requests of its own (%s), in namespaces %s,"
                + " %d refused; the failover in %s untouched (%.1f s)%n", audited.requests(), audited.byRequest(), audited.namespaces(),
                audited.refused().size(), OTHER_NAMESPACE, (System.nanoTime() - t0) / 1e9);
        assertTrue(audited.byRequest().getOrDefault("create jobs", 0) > 0, "the operator's requests were audited under its own name: "
                + audited.byRequest());
        assertEquals(Map.of(), audited.refused(), "requests of the operator the API server refused");
        assertEquals(Set.of(OPERATOR_NAMESPACE), audited.namespaces(), "the operator reached into no other namespace");
    }
}
