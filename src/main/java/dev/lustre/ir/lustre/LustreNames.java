package dev.lustre.ir.lustre;

import dev.lustre.ir.api.Limits;
import dev.lustre.ir.api.Patterns;

import java.util.regex.Pattern;

/**
 * Strict patterns for every value that goes into an lctl argument. A value either matches and is
 * returned unchanged, or is rejected with an {@link InvalidLustreValueException} naming what was wrong.
 */
public final class LustreNames {
    private static final Pattern FS_NAME = Pattern.compile(Patterns.FS_NAME);
    private static final Pattern TARGET = Pattern.compile(Patterns.TARGET);
    /** A NID: {@code <address>@<net>}, the network a type plus an optional number (tcp1, o2ib3, lo). */
    private static final Pattern NID = Pattern.compile(Patterns.NID);

    private static final Pattern UUID = Pattern.compile(Patterns.UUID);
    private static final Pattern CLIENT_DEVICE = Pattern.compile(Patterns.CLIENT_DEVICE);
    private static final Pattern MGC_DEVICE = Pattern.compile(Patterns.MGC_DEVICE);

    /**
     * The UUID of a server-side peer: a target's own export on another target, e.g. the MDT's
     * {@code fs-MDT0000-mdtlov_UUID} on every OST (recovery_stale_clients lists it like a client's),
     * an MDT's {@code fs-MDT0001-mdtlov_UUID} on another MDT, an LWP's {@code fs-MDT0000-lwp-OST0001_UUID}.
     * Client UUIDs are random hex (ll_generate_random_uuid) and never match.
     */
    private static final Pattern SERVER_UUID = Pattern.compile("^[a-zA-Z0-9_]{1,8}-(MDT|OST)[0-9a-fA-F]{4}([-_].*)?_UUID$");

    private LustreNames() {
    }

    /** Whether a UUID belongs to a Lustre target, never to a client: such an export is never evicted. */
    public static boolean isServerUuid(String value) {
        return value != null && SERVER_UUID.matcher(value).matches();
    }

    public static String fsName(String value) {
        return check("file system name", value, FS_NAME, "1-8 of [a-zA-Z0-9_]");
    }

    public static String target(String value) {
        return check("target", value, TARGET, "<fsname>-(MDT|OST)<4 hex>, e.g. lustre-OST0001");
    }

    public static String nid(String value) {
        if (value != null && value.length() > Limits.MAX_NID) {
            throw new InvalidLustreValueException("NID", value, "at most " + Limits.MAX_NID + " characters");
        }
        return check("NID", value, NID, "<address>@<net>, e.g. 10.0.0.12@o2ib");
    }

    public static String uuid(String value) {
        return check("UUID", value, UUID, "1-39 of [A-Za-z0-9_.-], starting with a letter or digit");
    }

    public static String clientDevice(String value) {
        return check("device", value, CLIENT_DEVICE,
                "<target>-(osc|mdc|osp|lwp)-<hex suffix or MDT/OST index>");
    }

    /** The MGC, {@code MGC<nid>}: a device with an import, but to the MGS rather than a target. */
    public static String mgcDevice(String value) {
        if (value != null && value.length() > Limits.MAX_NID + 3) {
            throw new InvalidLustreValueException("MGC device", value, "MGC and a NID of at most " + Limits.MAX_NID + " characters");
        }
        return check("MGC device", value, MGC_DEVICE, "MGC<nid>, e.g. MGC10.0.0.1@o2ib");
    }

    /**
     * The target a client-side device connects to: its first two dash-separated parts, since a file
     * system name has no dash ({@code lustre-OST0000-osc-MDT0000} connects to lustre-OST0000,
     * {@code lustre-MDT0000-lwp-OST0001} to lustre-MDT0000).
     */
    public static String targetOfDevice(String device) {
        String d = clientDevice(device);
        return d.substring(0, d.indexOf('-', d.indexOf('-') + 1));
    }

    /** A device usable with {@code --device}: a client device or a target name. */
    public static String device(String value) {
        if (value != null && TARGET.matcher(value).matches()) {
            return value;
        }
        return clientDevice(value);
    }

    /** The target instance: the low 32 bits of the mount count (instance_show prints "%u"). */
    public static long instance(long value) {
        if (value < 0 || value > 0xffffffffL) {
            throw new InvalidLustreValueException("instance", Long.toString(value), "0..4294967295");
        }
        return value;
    }

    public static boolean isTarget(String value) {
        return value != null && TARGET.matcher(value).matches();
    }

    public static boolean isUuid(String value) {
        return value != null && UUID.matcher(value).matches();
    }

    private static String check(String what, String value, Pattern pattern, String expected) {
        if (value == null || !pattern.matcher(value).matches()) {
            throw new InvalidLustreValueException(what, value, expected);
        }
        return value;
    }
}
