package dev.lustre.ir.e2e;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.lustre.ir.api.LustreFailover;
import dev.lustre.ir.api.Phase;
import dev.lustre.ir.api.RecoveryPolicySpec;
import dev.lustre.ir.sandbox.Scenario;
import dev.lustre.ir.testing.SimulatedRuntime;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Duration;
import java.util.List;

/** Helpers of the end-to-end rounds: a scenario on the simulators, the failover applied, waits. */
final class RoundSupport {
    private RoundSupport() {
    }

    static Scenario scenario(KubernetesClient client, Scenario.Settings settings) {
        return Scenario.start(client, SimulatedRuntime.fleet(), settings);
    }

    static LustreFailover apply(KubernetesClient client, Scenario scenario, RecoveryPolicySpec policy) {
        return client.resource(scenario.failover(null, policy)).create();
    }

    static LustreFailover get(KubernetesClient client, String name) {
        return client.resources(LustreFailover.class).inNamespace("default").withName(name).get();
    }

    static LustreFailover awaitPhase(KubernetesClient client, String name, Phase phase, Duration within) {
        await().atMost(within).pollInterval(Duration.ofMillis(200)).untilAsserted(() -> {
            LustreFailover lfo = get(client, name);
            assertEquals(phase, lfo.getStatus() == null ? null : lfo.getStatus().phase,
                    () -> "status: " + io.fabric8.kubernetes.client.utils.Serialization.asYaml(lfo.getStatus())
                            + "\njobs and pods:\n" + describeJobs(client, name));
        });
        return get(client, name);
    }

    static String describeJobs(KubernetesClient client, String failover) {
        StringBuilder b = new StringBuilder();
        for (Job j : client.batch().v1().jobs().inNamespace("default").withLabel("ir.lustre.dev/failover", failover).list().getItems()) {
            b.append("job ").append(j.getMetadata().getName()).append(' ')
                    .append(io.fabric8.kubernetes.client.utils.Serialization.asJson(j.getStatus())).append('\n');
        }
        for (var p : client.pods().inNamespace("default").withLabel("ir.lustre.dev/failover", failover).list().getItems()) {
            b.append("pod ").append(p.getMetadata().getName()).append(" node=").append(p.getSpec().getNodeName()).append(' ')
                    .append(io.fabric8.kubernetes.client.utils.Serialization.asJson(p.getStatus())).append('\n');
        }
        return b.toString();
    }

    static List<Job> jobs(KubernetesClient client, String failover, String role) {
        return client.batch().v1().jobs().inNamespace("default")
                .withLabel("ir.lustre.dev/failover", failover).withLabel("ir.lustre.dev/role", role).list().getItems();
    }

    static RecoveryPolicySpec policy() {
        return new RecoveryPolicySpec();
    }
}
