package dev.lustre.ir.lustre;

import java.util.List;

/**
 * One MGC's {@code ir_state}.
 *
 * @param mgc the device (e.g. {@code MGC10.0.0.1@tcp}), or null when read with {@code -n}
 * @param enabled whether the MGS connection negotiated OBD_CONNECT_IMP_RECOV
 * @param clients one entry per IR log this MGC follows, with the NID-table version it applied
 */
public record MgcIrState(String mgc, boolean enabled, List<Client> clients) {
    public record Client(String client, long nidtblVersion) {
    }
}
