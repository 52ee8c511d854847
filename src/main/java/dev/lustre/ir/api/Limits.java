package dev.lustre.ir.api;

/**
 * Numeric bounds of the API, shared by the CRD schema (through the annotations) and the operator's
 * own validation. Every integer the API server stores must fit the Java type the operator reads it
 * into: a value that does not fit cannot be deserialized at all (see {@link Lenient}).
 */
public final class Limits {
    /**
     * Clients of one target. The largest Lustre systems have a few tens of thousands of clients; a
     * round's roster, its Jobs and its status are sized for 10,000. 100,000 leaves room for growth and
     * keeps every count far from int overflow.
     */
    public static final int MAX_CLIENTS = 100_000;

    /**
     * Bound of the int64 fields of status (generations). The schema's bounds are doubles, and 2^63-1
     * is not one (it rounds up to 2^63, which overflows a long); 2^53-1 is the largest integer a
     * double, and a JSON number in every client, holds exactly. No object reaches that generation.
     */
    public static final long MAX_SAFE_LONG = 9_007_199_254_740_991L;

    /** The upper bound of the Java int, for counts in status that only the operator writes. */
    public static final int MAX_INT = Integer.MAX_VALUE;

    /** A Lustre target instance is printed as %u: a 32-bit unsigned integer. */
    public static final long MAX_INSTANCE = 4_294_967_295L;

    /** Length bound of a duration string, so that no duration can overflow when it is added up. */
    public static final int MAX_DURATION_LENGTH = 32;

    /** Length bound of a Lustre release string (LUSTRE_VERSION_STRING, e.g. 2.14.0_ddn98). */
    public static final int MAX_LUSTRE_VERSION = 64;

    /** A NID's length bound: an IPv6 address with its network name fits. */
    public static final int MAX_NID = 64;

    /**
     * Client devices a LustreNode lists: one osc per OST and an mdc per MDT for each mount, so a
     * client of the largest file systems (a couple of thousand OSTs) with a second mount fits. At about
     * 130 bytes a device that is some 530 KiB, well under etcd's 1.5 MiB object limit; the count beside
     * the list is always complete.
     */
    public static final int MAX_NODE_DEVICES = 4096;

    /** Server targets (OSTs, MDTs) a LustreNode lists: far more than one server ever mounts. */
    public static final int MAX_NODE_TARGETS = 256;

    /**
     * An agent's JSON report in a LustreRoundResult: the document a Job writes as its termination
     * message, which the agent keeps under 4 KiB (Kubernetes' bound), with room for the escaping.
     */
    public static final int MAX_REPORT = 8192;

    private Limits() {
    }
}
