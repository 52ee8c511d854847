package dev.lustre.ir.noderuntime;

import dev.lustre.ir.kube.Times;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobCondition;
import io.fabric8.kubernetes.api.model.batch.v1.JobConditionBuilder;
import java.time.Instant;
import java.util.Optional;

/** Job conditions as the 1.20 Job controller writes them. */
final class JobConditions {
    static final String COMPLETE = "Complete";
    static final String FAILED = "Failed";
    static final String BACKOFF_LIMIT_EXCEEDED = "BackoffLimitExceeded";
    static final String BACKOFF_LIMIT_MESSAGE = "Job has reached the specified backoff limit";
    static final String DEADLINE_EXCEEDED = "DeadlineExceeded";
    static final String DEADLINE_MESSAGE = "Job was active longer than specified deadline";

    private JobConditions() {
    }

    /** {@code newCondition}: status True, probe and transition time now; Complete has no reason. */
    static JobCondition newCondition(String type, String reason, String message, Instant now) {
        String time = Times.format(now);
        return new JobConditionBuilder().withType(type).withStatus("True").withLastProbeTime(time)
                .withLastTransitionTime(time).withReason(reason).withMessage(message).build();
    }

    /** A Job is finished once it has a Complete or Failed condition that is True. */
    static Optional<JobCondition> finished(Job job) {
        if (job.getStatus() == null || job.getStatus().getConditions() == null) {
            return Optional.empty();
        }
        return job.getStatus().getConditions().stream()
                .filter(c -> (COMPLETE.equals(c.getType()) || FAILED.equals(c.getType())) && "True".equals(c.getStatus()))
                .findFirst();
    }

    static boolean isFinished(Job job) {
        return finished(job).isPresent();
    }
}
