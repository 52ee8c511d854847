package dev.lustre.ir.lustre;

import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * What {@code lctl dl} says a node is in Lustre: the devices with an import (it is a client, or a
 * server that is a client of other targets) and the server targets mounted on it (obdfilter devices
 * are OSTs, mdt devices MDTs). Both sorted by name: device numbers change with every mount, the facts
 * do not. Lines whose names fail their strict pattern are left out; the other device types (lov,
 * lmv, osd, mdd, lod, qmt, the OSS and MDS services) hold no import and are not listed.
 */
public record NodeDevices(List<ImportDevice> clientDevices, List<String> targets) {
    private static final Set<String> CLIENT_TYPES = Set.of("osc", "mdc", "osp", "lwp");

    public static NodeDevices of(List<DeviceEntry> deviceList) {
        TreeSet<ImportDevice> devices = new TreeSet<>(Comparator.comparing(ImportDevice::name));
        TreeSet<String> targets = new TreeSet<>();
        for (DeviceEntry e : deviceList) {
            if (!LustreNames.isUuid(e.uuid())) {
                continue;
            }
            try {
                if (e.type().equals("mgc")) {
                    devices.add(new ImportDevice("mgc", LustreNames.mgcDevice(e.name()), null, e.uuid()));
                } else if (CLIENT_TYPES.contains(e.type())) {
                    devices.add(new ImportDevice(e.type(), e.name(), LustreNames.targetOfDevice(e.name()), e.uuid()));
                } else if (isTargetOfKind(e, "obdfilter", TargetKind.OST) || isTargetOfKind(e, "mdt", TargetKind.MDT)) {
                    targets.add(e.name());
                }
            } catch (InvalidLustreValueException ignored) {
                // not a name Lustre builds for this type: nothing to register
            }
        }
        return new NodeDevices(List.copyOf(devices), List.copyOf(targets));
    }

    private static boolean isTargetOfKind(DeviceEntry e, String type, TargetKind kind) {
        return e.type().equals(type) && TargetName.parse(e.name()).kind() == kind;
    }
}
