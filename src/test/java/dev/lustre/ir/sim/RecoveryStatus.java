package dev.lustre.ir.sim;

/** The first line of {@code recovery_status} ({@code lprocfs_recovery_status_seq_show}). */
public enum RecoveryStatus {
    INACTIVE, WAITING_FOR_CLIENTS, RECOVERING, COMPLETE
}
