package dev.lustre.ir.lustre;

/**
 * One {@code lctl dl} line: {@code devno status type name uuid refcount} (obd_device_list_seq_show,
 * "%3d %s %s %s %s %d").
 *
 * @param status UP, ST (stopping), IN (inactive), AT (attached) or "--"
 * @param uuid for osc/mdc lines on a client, the client's own UUID: the one servers list in
 *     recovery_stale_clients and accept in evict_client
 * @param extra what {@code lctl dl -t} appends (the current server NID), else null
 */
public record DeviceEntry(int index, String status, String type, String name, String uuid, int refcount,
        String extra) {
}
