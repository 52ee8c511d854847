package dev.lustre.ir.noderuntime;

import io.fabric8.kubernetes.api.model.batch.v1.Job;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;

/**
 * How many of the matching Jobs were unfinished at once, counted where it happens rather than
 * sampled from watch events (which coalesce): a Job counts from the Job controller's first sync of
 * it (no Pod can exist before) until the controller writes its final condition.
 */
public final class UnfinishedJobs {
    private final Predicate<Job> which;
    private final Set<String> unfinished = ConcurrentHashMap.newKeySet();
    private final AtomicInteger max = new AtomicInteger();

    UnfinishedJobs(Predicate<Job> which) {
        this.which = which;
    }

    void synced(Job job) {
        if (which.test(job) && unfinished.add(job.getMetadata().getUid())) {
            max.accumulateAndGet(unfinished.size(), Math::max);
        }
    }

    void finished(Job job) {
        unfinished.remove(job.getMetadata().getUid());
    }

    /** The most matching Jobs unfinished at the same time. */
    public int max() {
        return max.get();
    }

    /** Matching Jobs the controller has seen, finished or not. */
    public int now() {
        return unfinished.size();
    }
}
