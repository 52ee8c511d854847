package dev.lustre.ir.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lustre.ir.api.LustreFailover;
import dev.lustre.ir.api.Phase;
import dev.lustre.ir.sandbox.AuditCounts;
import dev.lustre.ir.sandbox.Dispatch;
import dev.lustre.ir.sandbox.OperatorProcess;
import dev.lustre.ir.sandbox.SandboxEnvironment;
import dev.lustre.ir.sandbox.SandboxOptions;
import dev.lustre.ir.sandbox.Scenario;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two replicas of the packaged operator against the real API server: the leader is killed (SIGKILL)
 * in the middle of a round with dead clients, and the standby takes the Lease and finishes the round
 * with no second Job for any node and no UUID evicted twice; until then the standby wrote nothing
 * (the audit log, by user agent). Runs after {@code package}, under failsafe.
 */
class LeaderFailoverIT {
    private static final String LEASE = "lustre-ir-operator-leader";

    @TempDir
    Path work;

    @Test
    void theStandbyFinishesTheRoundOfAKilledLeaderWithoutRepeatingAnything() throws Exception {
        SandboxOptions o = SandboxOptions.parse(List.of("--kube-api-test-dir", System.getProperty("kube-api-test.dir"),
                "--work", work.toString()));
        try (SandboxEnvironment env = SandboxEnvironment.start(o, m -> { })) {
            // The sandbox's own operator is a single replica without leader election: two replicas
            // with it, as deployed, replace it.
            env.operator().close();
            KubernetesClient client = env.client();
            OperatorProcess leader = OperatorProcess.startReplica(o.operatorJar(), env.kubeconfig(), work.resolve("leader.log"));
            OperatorProcess standby = OperatorProcess.startStandby(o.operatorJar(), env.kubeconfig(), work.resolve("standby.log"));
            try {
                run(client, env, leader, standby);
            } finally {
                leader.close();
                standby.close();
            }
        }
    }

    private void run(KubernetesClient client, SandboxEnvironment env, OperatorProcess leader, OperatorProcess standby)
            throws Exception {
        awaitHolder(client, leader.identity(), Duration.ofSeconds(30));

        // Jobs only, three fenced dead clients whose UUIDs are known, two clients 20 s slow: the
        // round is still reconnecting when its leader dies.
        Scenario.Settings settings = Scenario.Settings.of("takeover", 24, 3).withDispatch(Dispatch.JOBS)
                .withDeadFenced(true).withSlow(2, Duration.ofSeconds(20));
        Scenario sc = Scenario.start(client, env.fleet(), settings);
        sc.recordInventory(client);
        client.resource(sc.failover(null, null)).create();
        awaitMidRound(client, 10, Duration.ofSeconds(60));

        // Only the leader acts: the standby, running all along, has written nothing (not even to the
        // Lease, which it only reads while another holds it), as the API server's audit log shows.
        // (A review of its own permissions at start is a "create" that stores nothing: not a write.)
        assertEquals(List.of(), AuditCounts.writeLinesOf(env.auditLog(), standby.userAgent()).stream()
                .filter(w -> !w.contains("/apis/authorization.k8s.io/") && !w.contains("/apis/authentication.k8s.io/")).toList(),
                "the standby wrote while not leading");
        assertTrue(AuditCounts.writesOf(env.auditLog(), leader.userAgent()) > 0, "the leader's writes are counted the same way");
        Instant killed = Instant.now();
        leader.kill();
        Instant tookOver = awaitHolder(client, standby.identity(), Duration.ofSeconds(60));
        Duration takeover = Duration.between(killed, tookOver);
        System.out.printf("leader killed; the standby took the Lease after %.1f s%n", takeover.toMillis() / 1000.0);
        assertTrue(takeover.compareTo(Duration.ofSeconds(30)) < 0, "takeover within the Lease's 15 s plus retries: " + takeover);

        LustreFailover done = awaitFinal(client, Duration.ofSeconds(120));
        assertEquals(Phase.Recovered, done.getStatus().phase, done.getStatus().message);
        List<Job> jobs = client.batch().v1().jobs().inNamespace("default").list().getItems();
        Set<String> nodes = new HashSet<>();
        List<String> twice = new ArrayList<>();
        for (Job j : jobs) {
            String node = j.getMetadata().getLabels().get("ir.lustre.dev/node");
            if (node != null && "client".equals(j.getMetadata().getLabels().get("ir.lustre.dev/role")) && !nodes.add(node)) {
                twice.add(node);
            }
        }
        assertEquals(List.of(), twice, "a second client Job for a node");
        List<String> evicted = sc.sim().evictRequests();
        assertEquals(new HashSet<>(evicted).size(), evicted.size(), "a UUID evicted twice: " + evicted);
        assertEquals(new HashSet<>(sc.deadRosterUuids()), new HashSet<>(evicted), "exactly the dead evicted");
        assertTrue(sc.sim().clients().stream().filter(c -> c.alive()).noneMatch(c -> c.evicted()), "a live client evicted");
        assertNotEquals(leader.identity(), holder(client));
        assertTrue(AuditCounts.writesOf(env.auditLog(), standby.userAgent()) > 0, "the new leader acted");
    }

    private static String holder(KubernetesClient client) {
        Lease l = client.leases().inNamespace("default").withName(LEASE).get();
        return l == null || l.getSpec() == null ? null : l.getSpec().getHolderIdentity();
    }

    private static Instant awaitHolder(KubernetesClient client, String identity, Duration within) throws InterruptedException {
        Instant until = Instant.now().plus(within);
        while (Instant.now().isBefore(until)) {
            if (identity.equals(holder(client))) {
                return Instant.now();
            }
            Thread.sleep(100);
        }
        throw new AssertionError(identity + " never took the Lease; holder " + holder(client));
    }

    private static LustreFailover failover(KubernetesClient client) {
        return client.resources(LustreFailover.class).inNamespace("default").withName("takeover").get();
    }

    /** Until the round is Reconnecting with at least {@code n} Jobs out: the leader is then mid-round. */
    private static void awaitMidRound(KubernetesClient client, int n, Duration within) throws InterruptedException {
        Instant until = Instant.now().plus(within);
        while (Instant.now().isBefore(until)) {
            LustreFailover lfo = failover(client);
            Phase phase = lfo.getStatus() == null ? null : lfo.getStatus().phase;
            if (phase != null && phase.isFinal()) {
                throw new AssertionError("the round ended before the leader could be killed mid-round: " + phase);
            }
            if (phase == Phase.Reconnecting && client.batch().v1().jobs().inNamespace("default").list().getItems().size() >= n) {
                return;
            }
            Thread.sleep(100);
        }
        throw new AssertionError("not Reconnecting with " + n + " Jobs after " + within);
    }

    private static LustreFailover awaitFinal(KubernetesClient client, Duration within) throws InterruptedException {
        Instant until = Instant.now().plus(within);
        LustreFailover lfo = null;
        while (Instant.now().isBefore(until)) {
            lfo = failover(client);
            if (lfo.getStatus() != null && lfo.getStatus().phase != null && lfo.getStatus().phase.isFinal()) {
                return lfo;
            }
            Thread.sleep(250);
        }
        throw new AssertionError("the round did not end: " + (lfo == null ? null : lfo.getStatus().message));
    }
}
