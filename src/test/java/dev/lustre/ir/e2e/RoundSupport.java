package dev.lustre.ir.e2e;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.lustre.ir.api.ApiGroup;
import dev.lustre.ir.api.LustreFailover;
import dev.lustre.ir.api.Phase;
import dev.lustre.ir.api.RecoveryPolicySpec;
import dev.lustre.ir.operator.Roster;
import dev.lustre.ir.sandbox.Scenario;
import dev.lustre.ir.testing.SimulatedRuntime;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.Watch;
import io.fabric8.kubernetes.client.Watcher;
import io.fabric8.kubernetes.client.WatcherException;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;

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
                    () -> "status: " + Serialization.asYaml(lfo.getStatus())
                            + "\njobs and pods:\n" + describeJobs(client, name));
        });
        return get(client, name);
    }

    static String describeJobs(KubernetesClient client, String failover) {
        StringBuilder b = new StringBuilder();
        for (Job j : client.batch().v1().jobs().inNamespace("default").withLabel("ir.lustre.dev/failover", failover).list().getItems()) {
            b.append("job ").append(j.getMetadata().getName()).append(' ')
                    .append(Serialization.asJson(j.getStatus())).append('\n');
        }
        for (var p : client.pods().inNamespace("default").withLabel("ir.lustre.dev/failover", failover).list().getItems()) {
            b.append("pod ").append(p.getMetadata().getName()).append(" node=").append(p.getSpec().getNodeName()).append(' ')
                    .append(Serialization.asJson(p.getStatus())).append('\n');
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

    static List<Job> allJobs(KubernetesClient client, String failover) {
        return client.batch().v1().jobs().inNamespace("default").withLabel(ApiGroup.FAILOVER_LABEL, failover).list().getItems();
    }

    static List<Pod> pods(KubernetesClient client, String failover) {
        return client.pods().inNamespace("default").withLabel(ApiGroup.FAILOVER_LABEL, failover).list().getItems();
    }

    static ConfigMap roster(KubernetesClient client, LustreFailover lfo) {
        return client.configMaps().inNamespace("default").withName(Roster.configMapName(lfo)).get();
    }

    /** Watches a failover's Jobs from before it is applied: the roles of every Job ever created, even if deleted since. */
    static JobLog watchJobs(KubernetesClient client, String failover) {
        return new JobLog(client, failover);
    }

    static final class JobLog implements AutoCloseable {
        private final Set<String> created = ConcurrentHashMap.newKeySet();
        private final Watch watch;

        private JobLog(KubernetesClient client, String failover) {
            watch = client.batch().v1().jobs().inNamespace("default").withLabel(ApiGroup.FAILOVER_LABEL, failover).watch(new Watcher<>() {
                @Override
                public void eventReceived(Action action, Job job) {
                    if (action == Action.ADDED) {
                        created.add(job.getMetadata().getLabels().get(ApiGroup.ROLE_LABEL) + ":" + job.getMetadata().getName());
                    }
                }

                @Override
                public void onClose(WatcherException cause) {
                }
            });
        }

        /** "role:name" of each Job created so far. */
        Set<String> created() {
            return new TreeSet<>(created);
        }

        boolean anyWithRole(String role) {
            return created.stream().anyMatch(c -> c.startsWith(role + ":"));
        }

        @Override
        public void close() {
            watch.close();
        }
    }
}
