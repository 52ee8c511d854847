package dev.lustre.ir.agent;

import dev.lustre.ir.api.Limits;
import dev.lustre.ir.api.LustreNodeDevice;
import dev.lustre.ir.api.LustreNodeStatus;
import dev.lustre.ir.kube.Times;
import dev.lustre.ir.lustre.DeviceListParser;
import dev.lustre.ir.lustre.ImportDevice;
import dev.lustre.ir.lustre.LctlCommands;
import dev.lustre.ir.lustre.LustreRelease;
import dev.lustre.ir.lustre.NodeDevices;

import java.time.Instant;
import java.util.List;

/**
 * A node's Lustre facts as a resident agent registers them: the modules' release, the devices with
 * an import (bounded; the count is complete) and the server targets mounted. Two reads that find the
 * same facts are equal, whatever their order or time, so the agent writes only when they change.
 *
 * @param version null when no Lustre module is loaded
 */
record NodeFacts(String version, List<ImportDevice> clientDevices, int clientDeviceCount, List<String> targets) {

    /** Reads the facts through lctl: {@code get_param -n version} and {@code dl}. */
    static NodeFacts read(Lctl lctl) {
        NodeDevices devices = readDevices(lctl);
        List<ImportDevice> all = devices.clientDevices();
        return new NodeFacts(readVersion(lctl), bounded(all, Limits.MAX_NODE_DEVICES), all.size(),
                bounded(devices.targets(), Limits.MAX_NODE_TARGETS));
    }

    /** The facts a status holds; null when it holds none (no status yet, or one that cannot be read). */
    static NodeFacts of(LustreNodeStatus status) {
        if (status == null || status.unreadable() != null || status.clientDeviceCount == null) {
            return null;
        }
        List<ImportDevice> devices = status.clientDevices == null ? List.of() : status.clientDevices.stream()
                .map(d -> new ImportDevice(d.type, d.name, d.target, d.uuid)).toList();
        return new NodeFacts(status.version, devices, status.clientDeviceCount,
                status.targets == null ? List.of() : List.copyOf(status.targets));
    }

    LustreNodeStatus toStatus(Instant observedAt) {
        LustreNodeStatus s = new LustreNodeStatus();
        s.version = version;
        s.clientDeviceCount = clientDeviceCount;
        s.clientDevices = clientDevices.stream().map(NodeFacts::device).toList();
        s.targets = targets;
        s.observedAt = Times.format(observedAt);
        return s;
    }

    @Override
    public String toString() {
        return "version " + (version == null ? "none (no Lustre module loaded)" : version) + ", "
                + clientDeviceCount + " client device(s), targets " + targets;
    }

    /** A node without Lustre modules has no version parameter: that is a fact, not a failure. */
    private static String readVersion(Lctl lctl) {
        List<String> args = LctlCommands.version();
        LustreRelease release = lctl.readIfPresent(args, out -> LustreRelease.parse(out, Lctl.describe(args)));
        return release == null ? null : release.text();
    }

    /** Without Lustre modules there is no device list either: no devices. */
    private static NodeDevices readDevices(Lctl lctl) {
        NodeDevices devices = lctl.readIfPresent(LctlCommands.dl(), out -> NodeDevices.of(DeviceListParser.parse(out)));
        return devices == null ? new NodeDevices(List.of(), List.of()) : devices;
    }

    private static LustreNodeDevice device(ImportDevice d) {
        LustreNodeDevice out = new LustreNodeDevice();
        out.name = d.name();
        out.type = d.type();
        out.target = d.target();
        out.uuid = d.uuid();
        return out;
    }

    private static <T> List<T> bounded(List<T> list, int max) {
        return list.size() <= max ? list : List.copyOf(list.subList(0, max));
    }
}
