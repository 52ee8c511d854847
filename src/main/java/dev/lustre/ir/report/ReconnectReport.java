package dev.lustre.ir.report;

import com.fasterxml.jackson.annotation.JsonProperty;

import java.util.List;
import java.util.Objects;

/**
 * {@code agent reconnect}: the devices of the target on a client node and the client UUIDs they
 * carry. {@code uuids} and {@code devices} are kept on failure too: the operator needs the UUIDs to
 * know whom not to evict.
 *
 * @param deviceCount how many devices there were, when {@code devices} was cut to fit; absent when
 *     it lists them all
 */
public record ReconnectReport(String target, boolean ok, AgentError error, String message, List<String> uuids,
        List<DeviceReconnect> devices, Integer deviceCount, Long elapsedMs) implements CommandReport {
    public static final String COMMAND = "reconnect";

    public ReconnectReport {
        Consistency.okExactlyWithoutError(ok, error);
        message = Bound.message(message);
        uuids = Consistency.list(uuids, "uuids");
        devices = Consistency.list(devices, "devices");
        if (ok && devices.isEmpty()) {
            throw new IllegalArgumentException("the report is ok and names no device");
        }
        if (deviceCount != null && deviceCount < devices.size()) {
            throw new IllegalArgumentException("devices lists " + devices.size() + " but counts " + deviceCount);
        }
    }

    /** Lists each device's client UUID once, in device order. */
    public static ReconnectReport of(String target, List<DeviceReconnect> devices, AgentError error, String message,
            long elapsedMs) {
        List<String> uuids = devices.stream().map(DeviceReconnect::uuid).filter(Objects::nonNull).distinct().toList();
        return new ReconnectReport(target, error == null, error, message, uuids, devices, null, elapsedMs);
    }

    public static ReconnectReport failed(String target, AgentError error, String message) {
        return new ReconnectReport(target, false, error, message, List.of(), List.of(), null, null);
    }

    @Override
    public String command() {
        return COMMAND;
    }

    @Override
    public boolean truncated() {
        return deviceCount != null && deviceCount > devices.size();
    }

    /** Keeps at least one device and UUID, whatever the limit: they are what the report is for. */
    @Override
    public ReconnectReport withListsCutTo(int limit) {
        int n = Math.max(limit, 1);
        if (devices.size() <= n && uuids.size() <= n) {
            return this;
        }
        int allDevices = deviceCount != null ? deviceCount : devices.size();
        return new ReconnectReport(target, ok, error, message, Bound.first(uuids, n), Bound.first(devices, n),
                allDevices > n ? allDevices : null, elapsedMs);
    }
}
