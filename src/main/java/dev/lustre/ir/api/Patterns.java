package dev.lustre.ir.api;

/**
 * Schema patterns, shared by the CRD and the operator-side validation. They admit nothing a shell
 * would interpret, although values never reach a shell anyway.
 */
public final class Patterns {
    public static final String FS_NAME = "^[a-zA-Z0-9_]{1,8}$";
    public static final String TARGET = "^[a-zA-Z0-9_]{1,8}-(MDT|OST)[0-9a-fA-F]{4}$";
    private static final String NID_PART = "[0-9A-Za-z.:\\[\\]_-]+@[a-z][a-z0-9]*";
    /** A Lustre NID: address@net, e.g. 10.0.0.12@o2ib, 0@lo, 192.168.1.5@tcp1. */
    public static final String NID = "^" + NID_PART + "$";
    /**
     * An obd UUID as printed in {@code lctl dl} column 5 and accepted by {@code evict_client}. Client
     * UUIDs are random hex with dashes (ll_generate_random_uuid); server-side peers look like
     * {@code fs-MDT0000-mdtlov_UUID}. UUID_MAX is 40 bytes including the NUL.
     */
    public static final String UUID = "^[A-Za-z0-9][A-Za-z0-9_.-]{0,38}$";
    private static final String CLIENT_DEVICE_PART =
            "[a-zA-Z0-9_]{1,8}-(MDT|OST)[0-9a-fA-F]{4}-(osc|mdc|osp|lwp)-([0-9a-fA-F]{1,16}|(MDT|OST)[0-9a-fA-F]{4})";
    /**
     * A client-side device: {@code <fs>-OST<x>-osc-<16 hex>} / {@code <fs>-MDT<x>-mdc-<16 hex>} on
     * clients (mgc_apply_recover_logs builds them with "%016lx"), {@code <fs>-OST<x>-osc-MDT<y>} and
     * {@code <fs>-MDT<x>-osp-MDT<y>} on MDS nodes (lod_dev.c), LWP {@code <fs>-MDT<y>-lwp-OST<x>}.
     */
    public static final String CLIENT_DEVICE = "^" + CLIENT_DEVICE_PART + "$";
    /** The MGC of a node: {@code MGC<first MGS NID>} (lustre_start_mgc). */
    public static final String MGC_DEVICE = "^MGC" + NID_PART + "$";
    /** A device with an import (a client_obd): a client-side device or the MGC. */
    public static final String IMPORT_DEVICE = "^(" + CLIENT_DEVICE_PART + "|MGC" + NID_PART + ")$";
    /** The obd types that hold an import (struct client_obd): what a LustreNode lists as client devices. */
    public static final String IMPORT_DEVICE_TYPE = "^(osc|mdc|mgc|osp|lwp)$";
    /**
     * LUSTRE_VERSION_STRING as {@code lctl get_param -n version} prints it: 2.15.6, 2.14.0_ddn98,
     * 2.15.55_65_g1b2c3d4 (a development build).
     */
    public static final String LUSTRE_VERSION = "^[0-9]+\\.[0-9]+[0-9A-Za-z._+~-]*$";
    /** A Kubernetes node name: a DNS-1123 subdomain. */
    public static final String NODE_NAME = "^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$";
    public static final String OBJECT_NAME = NODE_NAME;
    /** A Kubernetes namespace: a DNS-1123 label. */
    public static final String NAMESPACE = "^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$";
    /** A non-negative duration: 90s, 2m, 1h30m, 500ms. */
    public static final String DURATION = "^([0-9]+(\\.[0-9]+)?(ms|s|m|h))+$";
    /**
     * A duration above zero: like {@link #DURATION}, with at least one part that has a non-zero digit
     * (0s, 0m0s, 0.0h are refused). Written without look-ahead: the API server's regular expressions
     * (Go's RE2) have none.
     */
    public static final String POSITIVE_DURATION = "^([0-9]+(\\.[0-9]+)?(ms|s|m|h))*"
            + "([0-9]*[1-9][0-9]*(\\.[0-9]+)?|[0-9]+\\.[0-9]*[1-9][0-9]*)(ms|s|m|h)"
            + "([0-9]+(\\.[0-9]+)?(ms|s|m|h))*$";
    /**
     * A count of clients from 1 to {@link Limits#MAX_CLIENTS} (100000), or a percentage of the
     * expected clients from 1% to 100%. The integer form of the field has the same bounds (@Min/@Max).
     * Zero is refused in both forms: a quorum of nobody would close the window before any client is back.
     */
    public static final String QUORUM = "^(([1-9]|[1-9][0-9]{1,4}|100000)|(100|[1-9][0-9]?)%)$";

    private Patterns() {
    }
}
