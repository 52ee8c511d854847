package dev.lustre.ir.noderuntime;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/** A container executor for tests: records every call and the peak concurrency, then delegates. */
final class RecordingExecutor implements ContainerExecutor {
    private final ContainerExecutor behaviour;
    final List<RunRequest> calls = new CopyOnWriteArrayList<>();
    private final Map<String, AtomicInteger> callsByJob = new ConcurrentHashMap<>();
    private final AtomicInteger running = new AtomicInteger();
    private final AtomicInteger maxRunning = new AtomicInteger();

    RecordingExecutor(ContainerExecutor behaviour) {
        this.behaviour = behaviour;
    }

    static RecordingExecutor succeeding(String message) {
        return new RecordingExecutor(r -> ContainerResult.succeeded(message));
    }

    @Override
    public ContainerResult run(RunRequest request) throws Exception {
        calls.add(request);
        callsByJob.computeIfAbsent(String.valueOf(request.jobName()), k -> new AtomicInteger()).incrementAndGet();
        int now = running.incrementAndGet();
        maxRunning.accumulateAndGet(now, Math::max);
        try {
            return behaviour.run(request);
        } finally {
            running.decrementAndGet();
        }
    }

    int callsFor(String job) {
        AtomicInteger n = callsByJob.get(job);
        return n == null ? 0 : n.get();
    }

    int maxConcurrent() {
        return maxRunning.get();
    }
}
