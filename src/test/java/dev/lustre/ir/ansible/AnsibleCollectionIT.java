package dev.lustre.ir.ansible;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lustre.ir.api.LustreRecoveryPolicy;
import dev.lustre.ir.api.RecoveryPolicySpec;
import dev.lustre.ir.sandbox.Dispatch;
import dev.lustre.ir.sandbox.SandboxEnvironment;
import dev.lustre.ir.sandbox.SandboxOptions;
import dev.lustre.ir.sandbox.Scenario;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Ansible collection's own tests (ansible/tests/run.sh): ansible-lint and a syntax check of
 * every playbook; the standalone role over SSH against several loopback hosts with the simulated
 * lctl and the packaged agent; and, against the sandbox's real API server with the operator running,
 * the operator role twice (the second run changes nothing) and the failover role on a round that
 * completes and on one that fails the play. Runs after {@code package}, under failsafe: the
 * standalone role runs the agent from the product jar.
 */
class AnsibleCollectionIT {
    @TempDir
    Path work;

    @Test
    void theCollectionsTestsPass() throws Exception {
        SandboxOptions o = SandboxOptions.parse(List.of("--kube-api-test-dir", System.getProperty("kube-api-test.dir"),
                "--work", work.resolve("sandbox").toString()));
        Files.createDirectories(work.resolve("sandbox"));
        try (SandboxEnvironment env = SandboxEnvironment.start(o, m -> { })) {
            LustreRecoveryPolicy policy = new LustreRecoveryPolicy();
            policy.setMetadata(new ObjectMetaBuilder().withName("ansible").withNamespace("default").build());
            RecoveryPolicySpec spec = new RecoveryPolicySpec();
            spec.rosterComplete = true; // true of the simulated cluster
            policy.setSpec(spec);
            env.client().resource(policy).serverSideApply();
            Scenario sc = Scenario.start(env.client(), env.fleet(),
                    Scenario.Settings.of("ansible", 12, 0).withDispatch(Dispatch.JOBS));
            Path vars = Files.writeString(work.resolve("vars.json"), Serialization.asJson(Map.of(
                    "test_namespace", sc.failover(null, null).getMetadata().getNamespace(),
                    "test_target", sc.sim().target().name(),
                    "test_server_node", sc.sim().serverNode(),
                    "test_server_nids", List.of(sc.sim().target().servingNid()),
                    "test_client_selector", Map.of("matchLabels", Map.of(Scenario.CLIENT_LABEL, "ansible")),
                    "test_policy_ref", "ansible")));
            Path log = work.resolve("ansible-tests.log");
            ProcessBuilder pb = new ProcessBuilder("bash", Path.of("ansible", "tests", "run.sh").toString())
                    .redirectErrorStream(true).redirectOutput(log.toFile());
            pb.environment().put("LUSTRE_IR_KUBECONFIG", env.kubeconfig().toString());
            pb.environment().put("LUSTRE_IR_TEST_VARS", vars.toString());
            Process p = pb.start();
            boolean ended = p.waitFor(15, TimeUnit.MINUTES);
            if (!ended) {
                p.destroyForcibly();
            }
            String out = Files.readString(log);
            System.out.println(out);
            assertTrue(ended, "ansible/tests/run.sh did not end within 15 minutes");
            assertEquals(0, p.exitValue(), "ansible/tests/run.sh failed; its output is above");
            assertTrue(out.contains("[ansible-tests] against the API server: passed"), "the API server part ran");
        }
    }
}
