package dev.lustre.ir.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * An API server too busy to answer in time: the client's timeout is an error with no HTTP code, and
 * the agent's result write is tried again, not dropped (found by the 20-target load test, where
 * results written during an overload were lost and their nodes' reconnects went unreported).
 */
class WriteRetryTest {

    @Test
    void aWriteTheApiServerNeverAnswersIsTriedAgainUntilItsBound() throws Exception {
        List<Socket> held = new ArrayList<>();
        try (ServerSocket silent = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            Thread acceptor = new Thread(() -> {
                try {
                    while (true) {
                        held.add(silent.accept()); // read nothing, answer nothing
                    }
                } catch (Exception e) {
                    // closed at the end of the test
                }
            });
            acceptor.setDaemon(true);
            acceptor.start();
            Config config = new ConfigBuilder(Config.empty()).withMasterUrl("http://127.0.0.1:" + silent.getLocalPort())
                    .withRequestTimeout(200).withRequestRetryBackoffLimit(0).build();
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            AtomicInteger attempts = new AtomicInteger();
            try (KubernetesClient client = new KubernetesClientBuilder().withConfig(config).build();
                    PrintStream log = new PrintStream(out, true, StandardCharsets.UTF_8)) {
                Object answer = WriteRetry.withBackoff("write the result r1-c-n1", Duration.ofMillis(2500), log, () -> {
                    attempts.incrementAndGet();
                    return client.configMaps().inNamespace("default")
                            .resource(new ConfigMapBuilder().withNewMetadata().withName("r1-c-n1").endMetadata().build()).create();
                });
                assertNull(answer, "given up once the bound is spent, without throwing");
            }
            String logged = out.toString(StandardCharsets.UTF_8);
            assertEquals(2, attempts.get(), logged);
            assertTrue(logged.contains("cannot write the result r1-c-n1 (tried again in 1000ms)"), logged);
            assertTrue(logged.contains("(given up after 0 min)"), logged);
        } finally {
            for (Socket s : held) {
                s.close();
            }
        }
    }
}
