package dev.lustre.ir.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lustre.ir.testing.RealApiServerProfile;
import dev.lustre.ir.testing.Samples;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

/** The CRD schema rejects bad objects at admission, naming the field. */
@QuarkusTest
@TestProfile(RealApiServerProfile.class)
class SchemaAdmissionTest {
    @Inject
    KubernetesClient client;

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "bad target name          | spec.target          | target: lustre-OSTX01",
            "NID without @            | spec.server.nids     | server: {node: oss2, nids: ['10.0.0.12_o2ib']}",
            "shell metachar in node   | spec.clients.nodes   | clients: {nodes: ['c001;reboot']}",
            "shell metachar in server | spec.server.node     | server: {node: 'oss2$(id)', nids: ['10.0.0.12@o2ib']}",
            "negative timeout         | spec.policy.reconnectTimeout | policy: {reconnectTimeout: '-5s'}",
            "quorum over 100%         | spec.policy.quorum   | policy: {closeWhen: Quorum, quorum: '150%'}",
            "unknown closeWhen        | spec.policy.closeWhen | policy: {closeWhen: Sometimes}",
            "zero concurrency         | spec.policy.maxConcurrentJobs | policy: {maxConcurrentJobs: 0}",
            "fsName too long          | spec.fsName          | fsName: averylongname",
            "count overflows an int   | spec.clients.expectedCount | clients: {nodes: [c001], expectedCount: 1000000000000}",
            "count over the bound     | spec.clients.expectedCount | clients: {nodes: [c001], expectedCount: 100001}",
            "negative int quorum      | spec.policy.quorum   | policy: {closeWhen: Quorum, quorum: -3}",
            "int quorum over clients  | spec.policy.quorum   | policy: {closeWhen: Quorum, quorum: 100001}",
            "zero int quorum          | spec.policy.quorum   | policy: {closeWhen: Deadline, quorum: 0}",
            "zero string quorum       | spec.policy.quorum   | policy: {closeWhen: Deadline, quorum: '0'}",
            "zero percent quorum      | spec.policy.quorum   | policy: {closeWhen: Deadline, quorum: '0%'}",
            "string quorum over clients | spec.policy.quorum | policy: {closeWhen: Quorum, quorum: '100001'}",
            "string quorum overflows  | spec.policy.quorum   | policy: {closeWhen: Quorum, quorum: '99999999999'}",
            "zero reconnectTimeout    | spec.policy.reconnectTimeout | policy: {reconnectTimeout: 0s}",
            "zero composite timeout   | spec.policy.reconnectTimeout | policy: {reconnectTimeout: 0m0.0s}",
            "zero deadline            | spec.policy.deadline | policy: {deadline: 0ms}",
            "zero job ttl             | spec.policy.jobTtlAfterFinished | policy: {jobTtlAfterFinished: 0h}",
            "overlong duration        | spec.policy.deadline | policy: {deadline: 1000000000000000000000000000000000h}",
            "backoff overflows an int | spec.policy.jobBackoffLimit | policy: {jobBackoffLimit: 3000000000}",
    })
    void rejectsAtAdmissionNamingTheField(String title, String field, String override) {
        String yaml = Samples.failover("bad-" + Math.abs(title.hashCode()), override);
        KubernetesClientException e = assertThrows(KubernetesClientException.class,
                () -> client.load(new ByteArrayInputStream(yaml.getBytes(StandardCharsets.UTF_8))).create());
        assertEquals(422, e.getCode(), e.getMessage());
        assertTrue(e.getMessage().contains(field), "error should name " + field + ": " + e.getMessage());
    }

    @Test
    void rejectsPolicyWithUnknownEvidence() {
        String yaml = """
                apiVersion: ir.lustre.dev/v1alpha1
                kind: LustreRecoveryPolicy
                metadata: {name: bad-evidence}
                spec: {deadClientEvidence: [NodeNotReady, Gossip]}
                """;
        KubernetesClientException e = assertThrows(KubernetesClientException.class,
                () -> client.load(new ByteArrayInputStream(yaml.getBytes(StandardCharsets.UTF_8))).create());
        assertTrue(e.getMessage().contains("spec.deadClientEvidence"), e.getMessage());
    }

    @Test
    void rejectsAPolicyWhoseCountsOverflowNamingTheField() {
        String yaml = """
                apiVersion: ir.lustre.dev/v1alpha1
                kind: LustreRecoveryPolicy
                metadata: {name: bad-count}
                spec: {maxConcurrentJobs: 5000000000}
                """;
        KubernetesClientException e = assertThrows(KubernetesClientException.class,
                () -> client.load(new ByteArrayInputStream(yaml.getBytes(StandardCharsets.UTF_8))).create());
        assertEquals(422, e.getCode(), e.getMessage());
        assertTrue(e.getMessage().contains("spec.maxConcurrentJobs"), e.getMessage());
    }

    @Test
    void acceptsTheBoundsThemselves() {
        String yaml = Samples.failover("ok-bounds",
                "clients: {nodes: [c001], expectedCount: 100000}\n"
                        + "policy: {closeWhen: Quorum, quorum: 100000, reconnectTimeout: 0.5s, deadline: 0m1s, jobTtlAfterFinished: 1ms}");
        client.load(new ByteArrayInputStream(yaml.getBytes(StandardCharsets.UTF_8))).create();
        String percent = Samples.failover("ok-bounds-one",
                "policy: {closeWhen: Quorum, quorum: '1%'}");
        client.load(new ByteArrayInputStream(percent.getBytes(StandardCharsets.UTF_8))).create();
    }

    @Test
    void acceptsAValidFailoverWithIntegerAndPercentQuorum() {
        for (String quorum : new String[] {"45", "'90%'"}) {
            String yaml = Samples.failover("ok-quorum-" + quorum.replaceAll("\\W", ""),
                    "policy: {closeWhen: Quorum, quorum: " + quorum + ", deadline: 1m30s}");
            client.load(new ByteArrayInputStream(yaml.getBytes(StandardCharsets.UTF_8))).create();
        }
    }

    static Stream<Arguments> badNodeStatuses() {
        return Stream.of(
                Arguments.of("shell in a UUID", "status.clientDevices.uuid", (Consumer<LustreNodeStatus>) st -> st.clientDevices.get(0).uuid = "u;reboot"),
                Arguments.of("shell in a device", "status.clientDevices.name", (Consumer<LustreNodeStatus>) st -> st.clientDevices.get(0).name = "$(id)"),
                Arguments.of("no import", "status.clientDevices.type", (Consumer<LustreNodeStatus>) st -> st.clientDevices.get(0).type = "lov"),
                Arguments.of("no release", "status.version", (Consumer<LustreNodeStatus>) st -> st.version = "2.16.1; rm"),
                Arguments.of("no target", "status.targets", (Consumer<LustreNodeStatus>) st -> st.targets = List.of("lustre-OSTX")),
                Arguments.of("negative count", "status.clientDeviceCount", (Consumer<LustreNodeStatus>) st -> st.clientDeviceCount = -1));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badNodeStatuses")
    void rejectsANodeStatusNamingTheField(String title, String field, Consumer<LustreNodeStatus> spoil) {
        LustreNode node = new LustreNode();
        node.setMetadata(new ObjectMetaBuilder().withName("node-" + Math.abs(title.hashCode())).build());
        node = client.resources(LustreNode.class).resource(node).create();
        LustreNodeStatus status = new LustreNodeStatus();
        status.version = "2.16.1";
        status.clientDeviceCount = 1;
        LustreNodeDevice osc = new LustreNodeDevice();
        osc.name = "lustre-OST0001-osc-ffff8881234abcd0";
        osc.type = "osc";
        osc.target = "lustre-OST0001";
        osc.uuid = "54b91eab-0ea9-1516-b571-5e6df349592e";
        status.clientDevices = List.of(osc);
        status.targets = List.of();
        spoil.accept(status);
        node.setStatus(status);
        LustreNode spoilt = node;
        KubernetesClientException e = assertThrows(KubernetesClientException.class,
                () -> client.resources(LustreNode.class).resource(spoilt).updateStatus());
        assertEquals(422, e.getCode(), e.getMessage());
        assertTrue(e.getMessage().contains(field), "error should name " + field + ": " + e.getMessage());
    }
}
