package dev.lustre.ir.e2e;

import static dev.lustre.ir.e2e.RoundSupport.apply;
import static dev.lustre.ir.e2e.RoundSupport.awaitPhase;
import static dev.lustre.ir.e2e.RoundSupport.policy;
import static dev.lustre.ir.e2e.RoundSupport.scenario;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lustre.ir.api.ApiGroup;
import dev.lustre.ir.api.ClosedBy;
import dev.lustre.ir.api.LustreFailover;
import dev.lustre.ir.api.Phase;
import dev.lustre.ir.api.RecoveryPolicySpec;
import dev.lustre.ir.operator.JobView;
import dev.lustre.ir.noderuntime.UnfinishedJobs;
import dev.lustre.ir.operator.AgentJobFactory;
import dev.lustre.ir.sandbox.Scenario;
import dev.lustre.ir.sim.ClientView;
import dev.lustre.ir.testing.RealApiServerProfile;
import dev.lustre.ir.testing.SimulatedRuntime;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** Policies that close on a count or a clock, and the Job budget, on the real API server. */
@QuarkusTest
@TestProfile(RealApiServerProfile.class)
class PolicyRoundTest {
    @Inject
    KubernetesClient client;

    @Test
    void quorumClosesAtTheDeadlineEvictingOnlyTheDeadAndLeavesSlowClientsToLustre() {
        // 2 of 20 clients take 10 simulated minutes to reconnect and one is dead: quorum 85% is met,
        // the deadline lets the window close. Only the dead client is proven dead: the slow ones are
        // alive as far as anyone knows, so they are left to Lustre's own timer, never evicted by us.
        Scenario sc = scenario(client, Scenario.Settings.of("quorum", 20, 1).withSlow(2, Duration.ofMinutes(10)).withTimeScale(10));
        sc.recordInventory(client);
        RecoveryPolicySpec p = policy();
        p.closeWhen = RecoveryPolicySpec.CloseWhen.Quorum;
        p.quorum = new IntOrString("85%");
        p.deadline = "8s";
        Instant applied = Instant.now();
        apply(client, sc, p);

        LustreFailover lfo = awaitPhase(client, "quorum", Phase.Recovered, Duration.ofSeconds(120));
        assertEquals("DeadlineExpired", lfo.getStatus().plan.reason);
        Instant issued = Instant.parse(lfo.getStatus().plan.issuedAt);
        assertFalse(issued.isBefore(applied.plusSeconds(7)), "closed before the deadline: " + issued);
        assertEquals(sc.deadRosterUuids(), lfo.getStatus().plan.uuids, "the plan names exactly the dead client");
        assertTrue(lfo.getStatus().plan.leftToLustre.startsWith("2 client(s) not reported and not proven dead"),
                lfo.getStatus().plan.leftToLustre);
        assertEquals(sc.deadRosterUuids(), sc.sim().evictRequests(), "the operator asked to evict the dead client only");
        assertEquals(ClosedBy.LustreFinishedOnItsOwn, lfo.getStatus().closedBy, "Lustre's timer ended the wait for the slow");

        Set<String> reported = RoundSupport.jobs(client, "quorum", "client").stream()
                .map(j -> new JobView(j, List.of())).filter(JobView::complete).map(j -> j.job().getMetadata().getName())
                .collect(Collectors.toSet());
        assertTrue(reported.size() >= 17, "17 clients reported before the deadline: " + reported.size());
        List<ClientView> back = sc.sim().clients().stream().filter(c -> c.reconnectedAt().isPresent()
                && c.reconnectedAt().get().isBefore(sc.sim().target().windowClosedAt().orElseThrow())).toList();
        assertTrue(back.stream().noneMatch(ClientView::evicted), "a client that reconnected in the window is never evicted");
        assertTrue(back.stream().allMatch(ClientView::replayKept));
    }

    @Test
    void neverMoreClientJobsAliveThanTheBudget() {
        Scenario sc = scenario(client, Scenario.Settings.of("budget", 40, 0).withTimeScale(10));
        // Counted by the Job controller, which sees every Job, rather than sampled from watch events.
        UnfinishedJobs alive = SimulatedRuntime.stats().trackUnfinished(j -> "budget".equals(j.getMetadata().getLabels().get(ApiGroup.FAILOVER_LABEL))
                && AgentJobFactory.ROLE_CLIENT.equals(j.getMetadata().getLabels().get(ApiGroup.ROLE_LABEL)));
        try {
            RecoveryPolicySpec p = policy();
            p.maxConcurrentJobs = 4;
            apply(client, sc, p);
            LustreFailover lfo = awaitPhase(client, "budget", Phase.Recovered, Duration.ofSeconds(120));
            assertEquals("40/40", lfo.getStatus().progress);
        } finally {
            SimulatedRuntime.stats().stopTracking(alive);
        }
        assertEquals(0, alive.now(), "every client Job finished");
        assertTrue(alive.max() <= 4, "at most 4 client Jobs unfinished at once, saw " + alive.max());
        assertTrue(alive.max() >= 2, "Jobs ran in parallel up to the budget, saw " + alive.max());
    }
}
