package dev.lustre.ir.lustre;

import java.util.List;

/**
 * A parsed {@code recovery_status}. Fields a state does not print are null: {@code timeRemaining}
 * only in RECOVERING, {@code ir}/{@code vbr} only in COMPLETE, {@code nonReadyMdts} only in WAITING.
 *
 * @param recoveryStart epoch seconds since 2.14; b2_12 printed a raw monotonic value here (from 2.12.4)
 * @param timeRemaining seconds left on the recovery timer (RECOVERING); null when unknown, as on b2_12
 *     from 2.12.4, whose monotonic recovery_start makes the kernel print 0 throughout
 * @param timeWaited seconds waited for other MDTs (WAITING); null when unknown, as on b2_12 from 2.12.4
 * @param durationSeconds recovery_duration (COMPLETE)
 * @param connected connected_clients N of N/M (RECOVERING)
 * @param total the M of connected_clients or completed_clients: recoverable clients in last_rcvd
 * @param completed completed_clients: N of N/M when COMPLETE, a bare N when RECOVERING
 * @param evicted evicted_clients (RECOVERING); for COMPLETE, M - N, because the COMPLETE branch
 *     prints completed_clients as max_recoverable_clients - stale_clients
 * @param lockReplay lock_repay_clients (sic: misspelled in every release)
 * @param vbr "ENABLED" means the soft timer expired and stale clients were evicted
 * @param ir "ENABLED" unless the target runs without imperative recovery (OBDF_NO_IR)
 */
public record RecoveryStatus(
        RecoveryState status,
        Long recoveryStart,
        Long durationSeconds,
        Long timeRemaining,
        Integer connected,
        Integer total,
        Integer completed,
        Integer evicted,
        Integer reqReplay,
        Integer lockReplay,
        Integer replayedRequests,
        Integer queuedRequests,
        Long lastTransno,
        Long nextTransno,
        String vbr,
        String ir,
        List<Integer> nonReadyMdts,
        Long timeWaited) {

    public static RecoveryStatus of(RecoveryState status) {
        return new RecoveryStatus(status, null, null, null, null, null, null, null, null, null, null, null,
                null, null, null, null, null, null);
    }
}
