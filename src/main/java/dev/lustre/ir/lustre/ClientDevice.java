package dev.lustre.ir.lustre;

/**
 * One client-side device of a target on this node, e.g. type {@code osc}, name
 * {@code lustre-OST0001-osc-ffff8881234abcd0}. Several mounts give several devices.
 */
public record ClientDevice(String type, String name) {
    public ClientDevice {
        if (!type.equals("osc") && !type.equals("mdc") && !type.equals("osp")) {
            throw new InvalidLustreValueException("device type", type, "osc, mdc or osp");
        }
        LustreNames.clientDevice(name);
    }

    /**
     * Parses a parameter path as printed by {@code lctl list_param}, e.g.
     * {@code osc.lustre-OST0001-osc-ffff8881234abcd0}.
     */
    public static ClientDevice fromParamPath(String path) {
        int dot = path.indexOf('.');
        if (dot <= 0) {
            throw new InvalidLustreValueException("device parameter path", path, "<type>.<device>");
        }
        return new ClientDevice(path.substring(0, dot), path.substring(dot + 1));
    }

    /** e.g. {@code osc.lustre-OST0001-osc-ffff8881234abcd0}. */
    public String paramPath() {
        return type + "." + name;
    }
}
