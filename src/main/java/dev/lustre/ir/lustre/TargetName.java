package dev.lustre.ir.lustre;

import java.util.List;

/**
 * A validated target name such as {@code lustre-OST0001}, split into its parts. The server-side
 * index is printed by Lustre with "%04x" (mgc_apply_recover_logs), hence lower-case hex.
 */
public record TargetName(String name, String fsName, TargetKind kind, int index) {

    public static TargetName parse(String value) {
        LustreNames.target(value);
        int dash = value.lastIndexOf('-');
        String fs = value.substring(0, dash);
        String rest = value.substring(dash + 1);
        TargetKind kind = TargetKind.valueOf(rest.substring(0, 3));
        int index = Integer.parseInt(rest.substring(3), 16);
        return new TargetName(value, fs, kind, index);
    }

    /** e.g. {@code obdfilter.lustre-OST0001} or {@code mdt.lustre-MDT0000}. */
    public String serverParamPrefix() {
        return kind.serverParamRoot() + "." + name;
    }

    /**
     * Parameter patterns that match this target's client-side devices on a node:
     * {@code osc.<T>-osc-*} matches client mounts and MDS-side OSPs ({@code <T>-osc-MDT*}) alike;
     * for an MDT, {@code mdc.<T>-mdc-*} on clients and {@code osp.<T>-osp-MDT*} on other MDS nodes
     * (lod_dev.c names MDT-to-MDT devices that way).
     */
    public List<String> clientDevicePatterns() {
        if (kind == TargetKind.OST) {
            return List.of("osc." + name + "-osc-*");
        }
        return List.of("mdc." + name + "-mdc-*", "osp." + name + "-osp-MDT*");
    }

    @Override
    public String toString() {
        return name;
    }
}
