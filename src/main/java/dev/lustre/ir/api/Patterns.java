package dev.lustre.ir.api;

/**
 * Schema patterns, shared by the CRD and the operator-side validation. They admit nothing a shell
 * would interpret, although values never reach a shell anyway.
 */
public final class Patterns {
    public static final String FS_NAME = "^[a-zA-Z0-9_]{1,8}$";
    public static final String TARGET = "^[a-zA-Z0-9_]{1,8}-(MDT|OST)[0-9a-fA-F]{4}$";
    /** A Lustre NID: address@net, e.g. 10.0.0.12@o2ib, 0@lo, 192.168.1.5@tcp1. */
    public static final String NID = "^[0-9A-Za-z.:\\[\\]_-]+@[a-z][a-z0-9]*$";
    /** A Kubernetes node name: a DNS-1123 subdomain. */
    public static final String NODE_NAME = "^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$";
    public static final String OBJECT_NAME = NODE_NAME;
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
     * A count of clients from 0 to {@link Limits#MAX_CLIENTS} (100000), or a percentage of the
     * expected clients from 0% to 100%. The integer form of the field has the same bounds (@Min/@Max).
     */
    public static final String QUORUM = "^(([0-9]|[1-9][0-9]{1,4}|100000)|(100|[1-9]?[0-9])%)$";

    private Patterns() {
    }
}
