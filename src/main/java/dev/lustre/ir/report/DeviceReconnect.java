package dev.lustre.ir.report;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import dev.lustre.ir.lustre.ImportState;

/**
 * What reconnect found and did on one client-side device of the target. {@code state},
 * {@code connection} and {@code instance} are the import as last read, absent when it was not read.
 *
 * @param uuid the client's UUID on this device ({@code lctl dl} column 5)
 * @param evicted the server evicted this client during the failover: it lost its replay
 * @param failure why an lctl write on this device failed
 * @param note why the recover fallback was not used, when it was skipped
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record DeviceReconnect(String device, String uuid, ImportState state, String connection, Long instance,
        Action action, boolean evicted, String failure, String note) {

    /** The lctl writes issued on the device. */
    public enum Action {
        none,
        /** {@code set_param <dev>.import=connection=<nid>[::<instance>]} */
        @JsonProperty("import") importWrite,
        /** {@code --device <dev> recover <nid>}, the synchronous fallback */
        recover
    }
}
