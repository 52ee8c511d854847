package dev.lustre.ir.noderuntime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The kubelet's pure parts: termination messages, variable expansion, statuses; and the options. */
class KubeletPiecesTest {

    @Test
    void terminationMessageKeepsTheFirst4096BytesWithoutSplittingACharacter() {
        assertEquals("short", TerminationMessage.truncate("short"));
        assertEquals("", TerminationMessage.truncate(null));
        String ascii = "x".repeat(5000);
        assertEquals(4096, TerminationMessage.truncate(ascii).length());
        // 4095 ASCII bytes then a 2-byte character: the character does not fit and is dropped whole.
        String edge = "y".repeat(4095) + "é" + "tail";
        String cut = TerminationMessage.truncate(edge);
        assertEquals("y".repeat(4095), cut);
        assertTrue(cut.getBytes(StandardCharsets.UTF_8).length <= 4096);
        String multi = "é".repeat(3000);
        assertEquals(2048, TerminationMessage.truncate(multi).length());
    }

    @Test
    void dollarParenthesisReferencesExpandLikeKubernetes() {
        Map<String, String> env = Map.of("NODE", "c1", "T", "lustre-OST0001");
        assertEquals("--node=c1", ContainerEnv.expand("--node=$(NODE)", env));
        assertEquals("$(UNSET)", ContainerEnv.expand("$(UNSET)", env));
        assertEquals("$(NODE)", ContainerEnv.expand("$$(NODE)", env));
        assertEquals("a$b", ContainerEnv.expand("a$b", env));
        assertEquals("c1/lustre-OST0001", ContainerEnv.expand("$(NODE)/$(T)", env));
        assertEquals("$(open", ContainerEnv.expand("$(open", env));
        assertEquals(List.of("c1", "x"), ContainerEnv.expandAll(List.of("$(NODE)", "x"), env));
    }

    @Test
    void terminatedStatusIsWhatKubeletWrites() {
        Pod pod = new PodBuilder().withNewMetadata().withName("j-abcde").withNamespace("ns").withUid("u1").endMetadata()
                .withNewSpec().withNodeName("n1").withRestartPolicy("Never").addNewContainer().withName("agent").withImage("agent:1").endContainer().endSpec()
                .withNewStatus().withPhase("Running").withQosClass("BestEffort").endStatus().build();
        Instant start = Instant.parse("2026-01-01T00:00:00Z");
        Instant end = Instant.parse("2026-01-01T00:00:03.700Z");
        Pod done = KubeletStatus.terminated(pod, List.of(),
                List.of(new ContainerRun("agent", "sim://i/1", start, end, ContainerResult.failed(2, "x".repeat(5000)))), end);
        assertEquals("Failed", done.getStatus().getPhase());
        assertEquals("BestEffort", done.getStatus().getQosClass(), "what the API server set is kept");
        ContainerStatus s = done.getStatus().getContainerStatuses().get(0);
        assertEquals(2, s.getState().getTerminated().getExitCode());
        assertEquals("Error", s.getState().getTerminated().getReason());
        assertEquals(4096, s.getState().getTerminated().getMessage().length());
        assertEquals("2026-01-01T00:00:00Z", s.getState().getTerminated().getStartedAt());
        assertEquals("2026-01-01T00:00:03Z", s.getState().getTerminated().getFinishedAt());
        assertEquals("sim://i/1", s.getContainerID());
        assertFalse(s.getReady());
        assertTrue(done.getStatus().getConditions().stream().anyMatch(c -> "Ready".equals(c.getType()) && "PodCompleted".equals(c.getReason())));

        Pod ok = KubeletStatus.terminated(pod, List.of(), List.of(new ContainerRun("agent", "sim://i/2", start, end, ContainerResult.succeeded(""))), end);
        assertEquals("Succeeded", ok.getStatus().getPhase());
        assertEquals("Completed", ok.getStatus().getContainerStatuses().get(0).getState().getTerminated().getReason());
    }

    @Test
    void optionsValidateAndBackoffDoublesUpToItsCap() {
        RuntimeOptions o = RuntimeOptions.defaults();
        assertEquals(16, o.parallelism());
        assertEquals(Duration.ZERO, o.podStartDelay());
        assertEquals(Duration.ZERO, o.retryBackoffAfter(3));
        RuntimeOptions real = RuntimeOptions.kubernetesTimings();
        assertEquals(Duration.ofSeconds(10), real.retryBackoffAfter(1));
        assertEquals(Duration.ofSeconds(20), real.retryBackoffAfter(2));
        assertEquals(Duration.ofSeconds(40), real.retryBackoffAfter(3));
        assertEquals(Duration.ofMinutes(6), real.retryBackoffAfter(20));
        assertThrows(IllegalArgumentException.class, () -> o.withParallelism(0));
        assertThrows(IllegalArgumentException.class, () -> o.withPodStartDelay(Duration.ofSeconds(-1)));
        assertThrows(IllegalArgumentException.class, () -> ContainerResult.failed(0, "no"));
        assertEquals("", new ContainerResult(0, null).terminationMessage());
    }
}
