package dev.lustre.ir.noderuntime;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class KeyQueueTest {

    @Test
    void aKeyIsNeverHandledTwiceAtOnceAndBurstsCollapse() throws Exception {
        ScheduledExecutorService timers = Executors.newSingleThreadScheduledExecutor();
        Map<String, AtomicInteger> inFlight = new ConcurrentHashMap<>();
        AtomicInteger overlaps = new AtomicInteger();
        AtomicInteger handled = new AtomicInteger();
        CountDownLatch firstStarted = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        try (KeyQueue queue = new KeyQueue("test", 4, timers, key -> {
            if (inFlight.computeIfAbsent(key, k -> new AtomicInteger()).incrementAndGet() > 1) {
                overlaps.incrementAndGet();
            }
            handled.incrementAndGet();
            firstStarted.countDown();
            try {
                release.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            inFlight.get(key).decrementAndGet();
        })) {
            queue.start();
            queue.add("a");
            assertTrue(firstStarted.await(5, TimeUnit.SECONDS));
            for (int i = 0; i < 100; i++) {
                queue.add("a"); // arrives while "a" is being handled: one more run afterwards, not 100
            }
            release.countDown();
            await().atMost(Duration.ofSeconds(5)).until(() -> handled.get() == 2);
            Thread.sleep(200);
            assertEquals(2, handled.get());
            assertEquals(0, overlaps.get());
        } finally {
            timers.shutdownNow();
        }
    }

    @Test
    void failingHandlersAreRetriedWithBackoffAndDelayedAddsArrive() {
        ScheduledExecutorService timers = Executors.newSingleThreadScheduledExecutor();
        AtomicInteger attempts = new AtomicInteger();
        AtomicInteger delayed = new AtomicInteger();
        try (KeyQueue queue = new KeyQueue("test", 2, timers, key -> {
            if (key.equals("later")) {
                delayed.incrementAndGet();
                return;
            }
            if (attempts.incrementAndGet() < 3) {
                throw new IllegalStateException("transient");
            }
        })) {
            queue.start();
            queue.add("flaky");
            queue.addAfter("later", Duration.ofMillis(300));
            await().atMost(Duration.ofSeconds(5)).until(() -> attempts.get() == 3 && delayed.get() == 1);
        } finally {
            timers.shutdownNow();
        }
    }
}
