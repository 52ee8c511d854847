package dev.lustre.ir.e2e;

import static dev.lustre.ir.e2e.RoundSupport.apply;
import static dev.lustre.ir.e2e.RoundSupport.awaitPhase;
import static dev.lustre.ir.e2e.RoundSupport.get;
import static dev.lustre.ir.e2e.RoundSupport.jobs;
import static dev.lustre.ir.e2e.RoundSupport.policy;
import static dev.lustre.ir.e2e.RoundSupport.scenario;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lustre.ir.api.LustreFailover;
import dev.lustre.ir.api.LustreFailoverStatus;
import dev.lustre.ir.api.Phase;
import dev.lustre.ir.api.RecoveryPolicySpec;
import dev.lustre.ir.operator.AgentSettings;
import dev.lustre.ir.operator.EventRecorder;
import dev.lustre.ir.sandbox.Scenario;
import dev.lustre.ir.testing.ManualOperatorProfile;
import dev.lustre.ir.testing.ManualOperators;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.javaoperatorsdk.operator.Operator;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/**
 * An operator stopped and started again mid-round (each time a new process as far as the round can
 * tell: new informers, new reconciler, nothing in memory) adopts its Jobs and finishes the round.
 */
@QuarkusTest
@TestProfile(ManualOperatorProfile.class)
class OperatorRestartTest {
    @Inject
    KubernetesClient client;
    @Inject
    EventRecorder events;
    @Inject
    AgentSettings settings;

    @Test
    void restartedTwiceTheRoundEndsTheSameWithoutDuplicatesOrASecondEviction() {
        Scenario sc = scenario(client, Scenario.Settings.of("restart", 30, 3).withSlow(6, Duration.ofSeconds(40)).withTimeScale(5));
        sc.recordInventory(client);
        RecoveryPolicySpec p = policy();
        p.maxConcurrentJobs = 6;
        apply(client, sc, p);

        // First stop: while clients are still being dispatched.
        Operator first = ManualOperators.start(client, events, settings);
        await().atMost(Duration.ofSeconds(60)).until(() -> jobs(client, "restart", "client").size() >= 6);
        first.stop();
        Map<String, String> uidsBefore = uids(jobs(client, "restart", "client"));
        assertTrue(!get(client, "restart").getStatus().phase.isFinal(), "stopped mid-round");
        // The harder case, forced: the operator stopped after creating the Jobs and before recording
        // them, so the status still says Preflight with nothing dispatched.
        loseTheLastStatusWrite("restart", s -> {
            s.phase = Phase.Preflight;
            s.message = "inspecting the target";
            s.clients.dispatched = 0;
            s.notReconnected = null;
        });

        // Second stop: right after the close Job was created.
        Operator second = ManualOperators.start(client, events, settings);
        await().atMost(Duration.ofSeconds(90)).until(() -> !jobs(client, "restart", "close").isEmpty());
        second.stop();
        Job close = jobs(client, "restart", "close").get(0);
        // Stopped after creating the close Job and before recording its plan: the plan, who closed the
        // window and the deadline must come from the Job itself, and the eviction must not run again.
        loseTheLastStatusWrite("restart", s -> {
            s.phase = Phase.Reconnecting;
            s.plan = null;
            s.closedBy = null;
            s.leftToLustre = null;
        });

        Operator third = ManualOperators.start(client, events, settings);
        try {
            LustreFailover lfo = awaitPhase(client, "restart", Phase.Recovered, Duration.ofSeconds(120));
            assertEquals(new TreeSet<>(sc.deadRosterUuids()), new TreeSet<>(lfo.getStatus().plan.uuids),
                    () -> "the plan, read back from the close Job; status:\n" + io.fabric8.kubernetes.client.utils.Serialization.asYaml(lfo.getStatus()));
            assertEquals(close.getMetadata().getCreationTimestamp(), lfo.getStatus().plan.issuedAt, "issued when the close Job was created");
            assertEquals("27/30", lfo.getStatus().progress);
        } finally {
            third.stop();
        }
        List<Job> clientJobs = jobs(client, "restart", "client");
        assertEquals(27, clientJobs.size(), "one Job per live client node, none duplicated");
        Map<String, String> uidsAfter = uids(clientJobs);
        uidsBefore.forEach((name, uid) -> assertEquals(uid, uidsAfter.get(name), name + " was adopted, not recreated"));
        List<Job> closes = jobs(client, "restart", "close");
        assertEquals(1, closes.size(), "a single close Job");
        assertEquals(close.getMetadata().getUid(), closes.get(0).getMetadata().getUid(), "the close Job was never recreated");
        assertEquals(1, client.pods().inNamespace("default").withLabel("job-name", close.getMetadata().getName()).list().getItems().size(),
                "the eviction ran once");
        assertEquals(3, sc.sim().target().evicted());
        assertTrue(sc.sim().clients().stream().filter(c -> c.alive()).noneMatch(c -> c.evicted()));
    }

    /** Puts the status back as it was before a write that never landed (the operator is stopped). */
    private void loseTheLastStatusWrite(String name, Consumer<LustreFailoverStatus> undo) {
        // A reconcile in flight when the operator stopped may still land its write: undo after it.
        for (int attempt = 1; ; attempt++) {
            LustreFailover lfo = get(client, name);
            undo.accept(lfo.getStatus());
            try {
                client.resource(lfo).updateStatus();
                return;
            } catch (KubernetesClientException e) {
                if (e.getCode() != 409 || attempt == 5) {
                    throw e;
                }
                await().pollDelay(Duration.ofMillis(300)).until(() -> true);
            }
        }
    }


    private static Map<String, String> uids(List<Job> jobs) {
        Map<String, String> m = new HashMap<>();
        jobs.forEach(j -> m.put(j.getMetadata().getName(), j.getMetadata().getUid()));
        return m;
    }
}
