package dev.lustre.ir.lustre;

/** OST or MDT: decides the server-side parameter tree and the client-side device types. */
public enum TargetKind {
    /** Object storage target: served by the ofd, whose parameters live under {@code obdfilter.}. */
    OST("obdfilter", "osc"),
    /** Metadata target: parameters under {@code mdt.}; clients reach it through an mdc. */
    MDT("mdt", "mdc");

    private final String serverParamRoot;
    private final String clientDeviceType;

    TargetKind(String serverParamRoot, String clientDeviceType) {
        this.serverParamRoot = serverParamRoot;
        this.clientDeviceType = clientDeviceType;
    }

    /** {@code obdfilter} or {@code mdt}: the root of recovery_status, instance, evict_client. */
    public String serverParamRoot() {
        return serverParamRoot;
    }

    /** {@code osc} or {@code mdc}: the device type clients use for this kind of target. */
    public String clientDeviceType() {
        return clientDeviceType;
    }
}
