package dev.lustre.ir.policy;

import dev.lustre.ir.api.RecoveryPolicySpec;
import dev.lustre.ir.api.RecoveryPolicySpec.Approval;
import dev.lustre.ir.api.RecoveryPolicySpec.CloseMethod;
import dev.lustre.ir.api.RecoveryPolicySpec.CloseWhen;
import dev.lustre.ir.api.RecoveryPolicySpec.Evidence;
import io.fabric8.kubernetes.api.model.IntOrString;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.Set;

/** A fully resolved policy: every field set, typed. Fixed for the whole round. */
public record EffectivePolicy(
        CloseWhen closeWhen,
        Quorum quorum,
        Duration deadline,
        Set<Evidence> deadClientEvidence,
        CloseMethod closeMethod,
        Approval approval,
        boolean rosterComplete,
        boolean evictEarly,
        Duration notReadyGrace,
        Duration reconnectTimeout,
        int maxConcurrentJobs,
        int jobBackoffLimit,
        Duration jobTtlAfterFinished) {

    public static EffectivePolicy from(RecoveryPolicySpec complete) {
        return new EffectivePolicy(
                complete.closeWhen,
                Quorum.parse(complete.quorum),
                Durations.parse(complete.deadline),
                complete.deadClientEvidence.isEmpty() ? EnumSet.noneOf(Evidence.class) : EnumSet.copyOf(complete.deadClientEvidence),
                complete.closeMethod,
                complete.approval,
                // Recorded before this field existed: the safe reading.
                Boolean.TRUE.equals(complete.rosterComplete),
                // Likewise: a round recorded before early eviction existed keeps the rules it started with.
                Boolean.TRUE.equals(complete.evictEarly),
                Durations.parse(complete.notReadyGrace == null ? PolicyResolver.DEFAULT_NOT_READY_GRACE : complete.notReadyGrace),
                Durations.parse(complete.reconnectTimeout),
                complete.maxConcurrentJobs,
                complete.jobBackoffLimit,
                Durations.parse(complete.jobTtlAfterFinished));
    }

    /** The form recorded in status, with every field present. */
    public RecoveryPolicySpec toSpec() {
        RecoveryPolicySpec s = new RecoveryPolicySpec();
        s.closeWhen = closeWhen;
        s.quorum = quorum.toIntOrString();
        s.deadline = Durations.format(deadline);
        s.deadClientEvidence = new ArrayList<>(deadClientEvidence);
        s.closeMethod = closeMethod;
        s.approval = approval;
        s.rosterComplete = rosterComplete;
        s.evictEarly = evictEarly;
        s.notReadyGrace = Durations.format(notReadyGrace);
        s.reconnectTimeout = Durations.format(reconnectTimeout);
        s.maxConcurrentJobs = maxConcurrentJobs;
        s.jobBackoffLimit = jobBackoffLimit;
        s.jobTtlAfterFinished = Durations.format(jobTtlAfterFinished);
        return s;
    }

    /** A number of clients, or a percentage of the expected clients. */
    public record Quorum(int value, boolean percent) {
        public static Quorum parse(IntOrString q) {
            if (q.getIntVal() != null) {
                return new Quorum(q.getIntVal(), false);
            }
            String s = q.getStrVal();
            if (s.endsWith("%")) {
                return new Quorum(Integer.parseInt(s.substring(0, s.length() - 1)), true);
            }
            return new Quorum(Integer.parseInt(s), false);
        }

        /** Clients that must be back out of {@code expected}; a percentage rounds up. */
        public int required(int expected) {
            return percent ? (int) Math.ceil(expected * value / 100.0) : value;
        }

        IntOrString toIntOrString() {
            return percent ? new IntOrString(value + "%") : new IntOrString(value);
        }
    }
}
