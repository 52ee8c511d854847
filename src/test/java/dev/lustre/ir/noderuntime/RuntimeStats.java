package dev.lustre.ir.noderuntime;

import io.fabric8.kubernetes.api.model.batch.v1.Job;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;
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
    private final List<UnfinishedJobs> unfinishedJobs = new CopyOnWriteArrayList<>();

    /** Starts counting the matching Jobs that are unfinished at once. */
    public UnfinishedJobs trackUnfinished(Predicate<Job> which) {
        UnfinishedJobs tracker = new UnfinishedJobs(which);
        unfinishedJobs.add(tracker);
        return tracker;
    }

    public void stopTracking(UnfinishedJobs tracker) {
        unfinishedJobs.remove(tracker);
    }

    void jobSynced(Job job) {
        unfinishedJobs.forEach(t -> t.synced(job));
    }

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

    void jobFinished(Job job, boolean complete) {
        unfinishedJobs.forEach(t -> t.finished(job));
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
