package dev.lustre.ir.report;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.lustre.ir.lustre.RecoveryState;
import dev.lustre.ir.lustre.RecoveryStatus;

import java.util.List;

/**
 * A target's recovery_status as an agent read it (the {@code recovery} block of inspect-server, the
 * {@code final} block of close-window). Fields the status did not print are absent; see
 * {@link RecoveryStatus} for what each means.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record TargetRecovery(
        RecoveryState status,
        Integer connected,
        Integer total,
        Integer completed,
        Integer evicted,
        Long timeRemaining,
        Long recoveryStart,
        Long durationSeconds,
        String ir,
        String vbr,
        Long timeWaited,
        List<Integer> nonReadyMdts) {

    public TargetRecovery {
        if (status == null) {
            throw new IllegalArgumentException("a recovery block without a status");
        }
        nonReadyMdts = nonReadyMdts == null ? null : Consistency.list(nonReadyMdts, "nonReadyMdts");
    }

    public static TargetRecovery of(RecoveryStatus s) {
        return new TargetRecovery(s.status(), s.connected(), s.total(), s.completed(), s.evicted(), s.timeRemaining(),
                s.recoveryStart(), s.durationSeconds(), s.ir(), s.vbr(), s.timeWaited(), s.nonReadyMdts());
    }
}
