package dev.lustre.ir.api;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lustre.ir.testing.KubeApiTestResource;
import dev.lustre.ir.testing.RealApiServerProfile;
import dev.lustre.ir.testing.Samples;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The real kubectl shows the printer columns against the real API server. */
@QuarkusTest
@TestProfile(RealApiServerProfile.class)
class PrinterColumnsTest {
    @Inject
    KubernetesClient client;

    @Test
    void kubectlGetLfoShowsColumns() throws Exception {
        String yaml = Samples.failover("columns", "");
        client.load(new ByteArrayInputStream(yaml.getBytes(StandardCharsets.UTF_8))).create();

        String narrow = kubectl("get", "lfo");
        assertEquals(List.of("NAME", "TARGET", "PHASE", "CLIENTS", "WINDOW", "AGE"), header(narrow), narrow);
        assertTrue(narrow.contains("lustre-OST0001"), narrow);

        String wide = kubectl("get", "lfo", "-o", "wide");
        assertEquals(List.of("NAME", "TARGET", "PHASE", "CLIENTS", "WINDOW", "AGE", "SERVER", "DEAD", "MESSAGE"), header(wide), wide);
        assertTrue(wide.contains("oss2"), wide);

        assertTrue(kubectl("get", "lustre").contains("lustrefailover.ir.lustre.dev/columns"), "category lustre lists it");
    }

    /** A round that failed before anyone read the server claims neither open nor closed. */
    @Test
    void theWindowIsUnknownWhereTheServerWasNotInspected() throws Exception {
        String yaml = Samples.failover("columns-invalid", "target: other-OST0001");
        client.load(new ByteArrayInputStream(yaml.getBytes(StandardCharsets.UTF_8))).create();
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            LustreFailover lfo = client.resources(LustreFailover.class).withName("columns-invalid").get();
            assertEquals(Phase.Failed, lfo.getStatus() == null ? null : lfo.getStatus().phase);
        });
        String out = kubectl("get", "lfo", "columns-invalid");
        assertEquals("Failed", column(out, "PHASE"), out);
        assertEquals("", column(out, "CLIENTS"), "no clients counted: " + out);
        assertEquals("unknown", column(out, "WINDOW"), out);
    }

    /** The first row's value under a header, by the header's position (an empty cell reads ""). */
    private static String column(String output, String header) {
        String head = output.lines().findFirst().orElse("");
        String row = output.lines().skip(1).findFirst().orElse("");
        int start = head.indexOf(header);
        int end = start + header.length();
        while (end < head.length() && head.charAt(end) == ' ') {
            end++;
        }
        return row.substring(Math.min(start, row.length()), Math.min(end == head.length() ? row.length() : end, row.length())).trim();
    }

    @Test
    void kubectlGetLnodeShowsTheFacts() throws Exception {
        LustreNode node = new LustreNode();
        node.setMetadata(new ObjectMetaBuilder().withName("oss2").build());
        node = client.resources(LustreNode.class).resource(node).create();
        LustreNodeStatus status = new LustreNodeStatus();
        status.version = "2.16.1";
        status.clientDeviceCount = 3;
        status.targets = List.of("lustre-OST0001", "lustre-OST0002");
        node.setStatus(status);
        client.resources(LustreNode.class).resource(node).updateStatus();

        String out = kubectl("get", "lnode");
        assertEquals(List.of("NAME", "VERSION", "CLIENT", "DEVICES", "TARGETS", "AGE"), header(out), out);
        List<String> row = List.of(out.lines().skip(1).findFirst().orElse("").trim().split("\\s+"));
        assertEquals(List.of("oss2", "2.16.1", "3"), row.subList(0, 3), out);
        assertTrue(row.get(3).contains("lustre-OST0001") && row.get(3).contains("lustre-OST0002"), out);
        assertTrue(kubectl("get", "lustre").contains("lustrenode.ir.lustre.dev/oss2"), "category lustre lists it");
    }

    private static List<String> header(String output) {
        return List.of(output.lines().findFirst().orElse("").trim().split("\\s+"));
    }

    private static String kubectl(String... args) throws Exception {
        List<String> argv = new ArrayList<>(List.of("kubectl", "--kubeconfig", KubeApiTestResource.kubeconfig().toString(), "-n", "default"));
        argv.addAll(List.of(args));
        Process p = new ProcessBuilder(argv).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, p.waitFor(), out);
        System.out.println("[test] $ kubectl " + String.join(" ", args) + "\n" + out);
        return out;
    }
}
