package dev.lustre.ir.sim;

/**
 * Which Lustre release the simulated nodes run; only the output differences the operator must parse
 * are modelled (see reference §2 and §3).
 */
public enum LustreVersion {
    /** b2_12: unquoted NIDs, no nids_stats, no recovery_stale_clients, recovery_start is monotonic. */
    V2_12("2.12.9.0", false, false, false),
    /** b2_15: epoch recovery_start (2.14+), still unquoted NIDs and no recovery_stale_clients. */
    V2_15("2.15.6.0", false, false, true),
    /** 2.16+: quoted NIDs, nids_stats, recovery_stale_clients (LU-14834). */
    V2_16("2.16.1.0", true, true, true);

    private final String targetVersion;
    private final boolean quotedNids;
    private final boolean staleClientsParam;
    private final boolean epochRecoveryStart;

    LustreVersion(String targetVersion, boolean quotedNids, boolean staleClientsParam, boolean epochRecoveryStart) {
        this.targetVersion = targetVersion;
        this.quotedNids = quotedNids;
        this.staleClientsParam = staleClientsParam;
        this.epochRecoveryStart = epochRecoveryStart;
    }

    public String targetVersion() {
        return targetVersion;
    }

    /**
     * LUSTRE_VERSION_STRING as {@code lctl get_param -n version} prints it (version_show,
     * obdclass/obd_sysfs.c): the release without the fourth number, e.g. 2.16.1.
     */
    public String versionString() {
        return targetVersion.substring(0, targetVersion.lastIndexOf('.'));
    }

    /**
     * LU-17142 (2.15.60, so 2.16.0+): a synchronous ptlrpc_recover_import no longer returns -EALREADY
     * when the import is not DISCON; it waits (ptlrpc_import_in_recovery_disconnect(imp, true)) like it
     * does after starting a connect. Up to 2.15 -EALREADY comes back at once.
     */
    public boolean recoverWaitsWhenNotDisconnected() {
        return this == V2_16;
    }

    /** 2.16 quotes NIDs in the import file and adds nids_stats ("Place nidstr in quotes"). */
    public boolean quotedNids() {
        return quotedNids;
    }

    public boolean hasRecoveryStaleClients() {
        return staleClientsParam;
    }

    /** b2_12 printed obd_recovery_start raw (monotonic seconds); 2.14+ converts it to epoch seconds. */
    public boolean epochRecoveryStart() {
        return epochRecoveryStart;
    }

    /** Where seq-file parameters (import, state, ...) live, for error messages that print the file path. */
    String debugRoot() {
        return this == V2_12 ? "/proc/fs/lustre" : "/sys/kernel/debug/lustre";
    }

    public static LustreVersion parse(String s) {
        String v = s.trim().toUpperCase().replace('.', '_');
        if (!v.startsWith("V")) {
            v = "V" + v;
        }
        return valueOf(v);
    }
}
