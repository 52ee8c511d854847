package dev.lustre.ir.lustre;

import java.util.List;

/**
 * A parsed {@code {osc,mdc,osp}.<dev>.import}.
 *
 * @param instance the target instance this import last connected to (connect_data: instance), or
 *     null when not printed
 * @param failoverNids the import's connections, in list order (the head is tried first)
 * @param currentConnection the NID of imp_connection, or null when Lustre prints {@code <none>}
 */
public record ImportInfo(
        String name,
        String target,
        ImportState state,
        Long instance,
        List<String> failoverNids,
        String currentConnection,
        Integer connectionAttempts,
        Integer generation) {

    public boolean isConnectedTo(String nid) {
        return currentConnection != null && currentConnection.equals(nid);
    }

    public boolean knowsNid(String nid) {
        return failoverNids.contains(nid);
    }
}
