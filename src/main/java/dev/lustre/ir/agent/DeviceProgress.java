package dev.lustre.ir.agent;

import dev.lustre.ir.lustre.ClientDevice;
import dev.lustre.ir.lustre.ImportInfo;

import java.io.IOException;
import java.util.List;

/** What the reconnect command knows and did about one client-side device of the target. */
final class DeviceProgress {
    /** The lctl writes issued on this device, as reported in {@code action}. */
    enum Action { none, importWrite, recover }

    final ClientDevice device;
    String uuid;
    ImportInfo lastImport;
    /** The NIDs given on the command line that this import knows, in the caller's order. */
    List<String> usableNids = List.of();
    Action action = Action.none;
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

    void writeJson(JsonReport.Fields f) throws IOException {
        f.generator().writeStartObject();
        f.str("device", device.name()).str("uuid", uuid);
        if (lastImport != null) {
            f.str("state", lastImport.state().name())
                    .str("connection", lastImport.currentConnection())
                    .num("instance", lastImport.instance());
        }
        f.str("action", switch (action) {
            case none -> "none";
            case importWrite -> "import";
            case recover -> "recover";
        });
        f.bool("evicted", evicted);
        f.str("failure", failure);
        f.str("note", note);
        f.generator().writeEndObject();
    }
}
