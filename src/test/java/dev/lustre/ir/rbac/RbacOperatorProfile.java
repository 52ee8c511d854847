package dev.lustre.ir.rbac;

import io.fabric8.kubernetes.client.Config;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import io.quarkus.test.junit.QuarkusTestProfile;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;

/**
 * The operator as deployed: the {@code prod} profile (so the namespaces it watches are the
 * product's setting, its own namespace), its Kubernetes client
 * authenticated with a token of its own ServiceAccount on {@link RbacApiServer}, in lustre-ir.
 */
public class RbacOperatorProfile implements QuarkusTestProfile {
    @Override
    public String getConfigProfile() {
        return "prod";
    }

    @Override
    public Map<String, String> getConfigOverrides() {
        // Not in prod's settings: several test runs (or a sandbox) may share a machine. Leader
        // election off: a leader that stops leading exits the JVM, the tests' JVM here, when Quarkus
        // stops the application; OperatorUnderRbacTest runs the same Lease lock with the same rights.
        return Map.of("quarkus.http.test-port", "0", "quarkus.http.port", "0",
                "quarkus.operator-sdk.activate-leader-election-for-profiles", "leader-election-off-in-this-test");
    }

    @Override
    public List<TestResourceEntry> testResources() {
        return List.of(new TestResourceEntry(Server.class));
    }

    public static class Server implements QuarkusTestResourceLifecycleManager {
        @Override
        public Map<String, String> start() {
            RbacApiServer api = RbacApiServer.get();
            Config admin = api.adminConfig();
            String ca = admin.getCaCertData() != null ? admin.getCaCertData()
                    : Base64.getEncoder().encodeToString(read(admin.getCaCertFile()).getBytes(StandardCharsets.UTF_8));
            return Map.of(
                    "quarkus.kubernetes-client.api-server-url", admin.getMasterUrl(),
                    "quarkus.kubernetes-client.ca-cert-data", ca,
                    "quarkus.kubernetes-client.token", api.token(RbacApiServer.OPERATOR_NAMESPACE, "lustre-ir-operator"),
                    "quarkus.kubernetes-client.namespace", RbacApiServer.OPERATOR_NAMESPACE,
                    "quarkus.kubernetes-client.trust-certs", "false");
        }

        private static String read(String file) {
            try {
                return java.nio.file.Files.readString(java.nio.file.Path.of(file));
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }

        @Override
        public void stop() {
            // RbacApiServer serves the run; its shutdown hook stops it.
        }
    }
}
