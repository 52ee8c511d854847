package dev.lustre.ir.noderuntime;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/** Counters of what the runtime did, for tests, the sandbox's display and sizing. */
public final class RuntimeStats {
    private final AtomicLong podsCreated = new AtomicLong();
    private final AtomicLong podsBound = new AtomicLong();
    private final AtomicLong containersStarted = new AtomicLong();
    private final AtomicLong containersSucceeded = new AtomicLong();
    private final AtomicLong containersFailed = new AtomicLong();
    private final AtomicLong jobsCompleted = new AtomicLong();
    private final AtomicLong jobsFailed = new AtomicLong();
    private final AtomicInteger running = new AtomicInteger();
    private final AtomicInteger maxRunning = new AtomicInteger();

    void podCreated() {
        podsCreated.incrementAndGet();
    }

    void podBound() {
        podsBound.incrementAndGet();
    }

    void containerStarted() {
        containersStarted.incrementAndGet();
        int now = running.incrementAndGet();
        maxRunning.accumulateAndGet(now, Math::max);
    }

    void containerEnded(boolean success) {
        running.decrementAndGet();
        (success ? containersSucceeded : containersFailed).incrementAndGet();
    }

    void containerAbandoned() {
        running.decrementAndGet();
    }

    void jobFinished(boolean complete) {
        (complete ? jobsCompleted : jobsFailed).incrementAndGet();
    }

    public long podsCreated() {
        return podsCreated.get();
    }

    public long podsBound() {
        return podsBound.get();
    }

    /** Executor calls made. */
    public long containersStarted() {
        return containersStarted.get();
    }

    public long containersSucceeded() {
        return containersSucceeded.get();
    }

    public long containersFailed() {
        return containersFailed.get();
    }

    /** Executor calls in progress right now. */
    public int containersRunning() {
        return running.get();
    }

    /** The most executor calls that were ever in progress at once. */
    public int maxContainersRunning() {
        return maxRunning.get();
    }

    public long jobsCompleted() {
        return jobsCompleted.get();
    }

    public long jobsFailed() {
        return jobsFailed.get();
    }

    @Override
    public String toString() {
        return "RuntimeStats{podsCreated=" + podsCreated + ", podsBound=" + podsBound + ", containersStarted=" + containersStarted
                + ", succeeded=" + containersSucceeded + ", failed=" + containersFailed + ", running=" + running
                + ", maxRunning=" + maxRunning + ", jobsCompleted=" + jobsCompleted + ", jobsFailed=" + jobsFailed + "}";
    }
}
