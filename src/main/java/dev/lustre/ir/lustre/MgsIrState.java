package dev.lustre.ir.lustre;

/**
 * The {@code imperative_recovery_state:} block of {@code mgs.MGS.live.<fs>}.
 *
 * @param state one of IR_STRINGS (lustre/mgs/mgs_internal.h): full, startup, disabled, partial
 * @param notifyDurationMax from the misspelled {@code notify_duation_max} key
 */
public record MgsIrState(String state, Integer nonirClients, Long nidtblVersion, Double notifyDurationTotal,
        Double notifyDurationMax, Long notifyCount) {
}
