package dev.lustre.ir.agent;

import java.io.PrintStream;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The threads that carry out an agent's part in rounds: one per task (a reconnect, a server's
 * observation, a close), started when the task begins and gone when it ends. A process that hosts
 * thousands of agents thus holds round threads only while rounds run, and a slow lctl in one task
 * never holds up another.
 */
final class RoundWorkers {
    private static final AtomicInteger SEQ = new AtomicInteger();
    private final Set<Thread> live = ConcurrentHashMap.newKeySet();
    private final PrintStream log;
    private volatile boolean closed;

    RoundWorkers(PrintStream log) {
        this.log = log;
    }

    void start(String name, Runnable task) {
        if (closed) {
            return;
        }
        Thread t = new Thread(() -> {
            try {
                task.run();
            } catch (RuntimeException e) {
                log.println("agent serve: " + name + " failed: " + e);
            } finally {
                live.remove(Thread.currentThread());
            }
        }, "agent-round-" + SEQ.incrementAndGet() + "-" + name);
        t.setDaemon(true);
        live.add(t);
        t.start();
    }

    /** Whether a task is still running (tests wait for this). */
    boolean idle() {
        return live.isEmpty();
    }

    /** Interrupts every task and waits for them, at most {@code wait} in all. */
    void close(Duration wait) throws InterruptedException {
        closed = true;
        live.forEach(Thread::interrupt);
        long deadline = System.nanoTime() + wait.toNanos();
        for (Thread t : live) {
            long left = deadline - System.nanoTime();
            if (left > 0) {
                t.join(Math.max(1, left / 1_000_000));
            }
        }
    }
}
