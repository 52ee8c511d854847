package dev.lustre.ir.agent;

import dev.lustre.ir.lustre.ClientDevice;
import dev.lustre.ir.lustre.ImportInfo;
import dev.lustre.ir.report.DeviceReconnect;

import java.util.List;

/** What the reconnect command knows and did about one client-side device of the target. */
final class DeviceProgress {
    final ClientDevice device;
    String uuid;
    ImportInfo lastImport;
    /** The NIDs given on the command line that this import knows, in the caller's order. */
    List<String> usableNids = List.of();
    DeviceReconnect.Action action = DeviceReconnect.Action.none;
    boolean evicted;
    boolean done;
    /** When the import=connection write was issued (clock millis), to time the recover fallback. */
    long writtenAt = -1;
    boolean recoverTried;
    String failure;
    /** Why the recover fallback was not used, if it was skipped. */
    String note;

    DeviceProgress(ClientDevice device) {
        this.device = device;
    }

    DeviceReconnect toReport() {
        return lastImport == null
                ? new DeviceReconnect(device.name(), uuid, null, null, null, action, evicted, failure, note)
                : new DeviceReconnect(device.name(), uuid, lastImport.state(), lastImport.currentConnection(),
                        lastImport.instance(), action, evicted, failure, note);
    }
}
