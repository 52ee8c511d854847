package dev.lustre.ir.noderuntime;

import java.time.Duration;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import org.jboss.logging.Logger;

/**
 * A work queue of object keys with client-go's guarantees: a key waiting in the queue is held once
 * however often it is added, and one key is never handled by two workers at once (an add while it
 * is being handled runs it again afterwards). Handlers therefore see "something about this object
 * changed" and recompute from the current state, which makes repeated informer events harmless.
 */
final class KeyQueue implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(KeyQueue.class);
    private static final Duration MAX_ERROR_BACKOFF = Duration.ofSeconds(10);

    private final String name;
    private final Consumer<String> handler;
    private final ScheduledExecutorService timers;
    private final LinkedBlockingQueue<String> ready = new LinkedBlockingQueue<>();
    private final Set<String> dirty = new HashSet<>();
    private final Set<String> processing = new HashSet<>();
    private final Map<String, Integer> failures = new ConcurrentHashMap<>();
    private final ExecutorService workers;
    private final int workerCount;
    private volatile boolean closed;

    KeyQueue(String name, int workerCount, ScheduledExecutorService timers, Consumer<String> handler) {
        this.name = name;
        this.workerCount = workerCount;
        this.timers = timers;
        this.handler = handler;
        AtomicInteger n = new AtomicInteger();
        this.workers = Executors.newFixedThreadPool(workerCount, r -> {
            Thread t = new Thread(r, "node-runtime-" + name + "-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
    }

    /** Workers start after the informers have synced, so the first handlers see full caches. */
    void start() {
        for (int i = 0; i < workerCount; i++) {
            workers.execute(this::work);
        }
    }

    void add(String key) {
        if (closed || key == null) {
            return;
        }
        synchronized (this) {
            if (!dirty.add(key)) {
                return;
            }
            if (!processing.contains(key)) {
                ready.offer(key);
            }
        }
    }

    void addAfter(String key, Duration delay) {
        if (closed) {
            return;
        }
        if (delay == null || delay.isZero() || delay.isNegative()) {
            add(key);
            return;
        }
        try {
            timers.schedule(() -> add(key), delay.toMillis() + 1, TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException e) {
            // closing
        }
    }

    private void work() {
        while (!closed) {
            String key;
            try {
                key = ready.take();
            } catch (InterruptedException e) {
                return;
            }
            synchronized (this) {
                dirty.remove(key);
                processing.add(key);
            }
            try {
                handler.accept(key);
                failures.remove(key);
            } catch (RuntimeException e) {
                if (!closed) {
                    int n = failures.merge(key, 1, Integer::sum);
                    Duration backoff = Duration.ofMillis(Math.min(MAX_ERROR_BACKOFF.toMillis(), 50L << Math.min(n, 10)));
                    if (n == 1 || n % 10 == 0) {
                        LOG.warnf(e, "%s: handling %s failed (attempt %d), retrying in %s", name, key, n, backoff);
                    } else {
                        LOG.debugf(e, "%s: handling %s failed (attempt %d), retrying in %s", name, key, n, backoff);
                    }
                    addAfter(key, backoff);
                }
            } finally {
                synchronized (this) {
                    processing.remove(key);
                    if (dirty.contains(key)) {
                        ready.offer(key);
                    }
                }
            }
        }
    }

    @Override
    public void close() {
        closed = true;
        workers.shutdownNow();
    }
}
