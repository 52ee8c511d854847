package dev.lustre.ir.sim;

/**
 * The server side of the simulated target: what {@code struct obd_device} holds for recovery
 * (ldlm/ldlm_lib.c, obdclass/genops.c). Times are epoch milliseconds; 0 means "not set".
 */
final class TargetState {
    String fsName;
    String name;
    /** "obdfilter" for an OST, "mdt" for an MDT: the parameter namespace. */
    String paramType;
    long instance = 4;
    /** Index of the NID (and server node) the target runs on now. */
    int servingNid;
    boolean mounted = true;
    long mountMs;

    int softSec = 300;
    int hardSec = 900;
    /** obd_recovery_ir_factor, OBD_IR_FACTOR_MIN..MAX (1..10); used by server_calc_timeout at mount. */
    int irFactor = 5;
    /** Mounted with -o noir (LMD_FLG_NOIR): no IR-shrunk window, "IR: DISABLED". */
    boolean mountedNoIr;
    /** obd_recovery_timeout: the soft window, shrunk by IR, extended after expiry. */
    int recoveryTimeoutSec;
    /** obd_no_ir negated: the MGS was in state full when the target started. */
    boolean irEnabled;

    /** OBDF_RECOVERING. */
    boolean recovering;
    /** obd_recovery_start / obd_recovery_end (epoch ms; 0 = unset). */
    long recoveryStartMs;
    long recoveryEndMs;
    int maxRecoverable;
    int connected;
    int stale;
    int reqReplayClients;
    int lockReplayClients;
    int queuedRequests;
    int replayedRequests;
    long lastCommitted = 0x100000000L + 1234;
    long nextTransno;
    /** OBDF_VERSION_RECOV: set when the soft timer expired and stale exports were evicted. */
    boolean versionRecov;
    boolean abortRequested;

    /** The recovery thread started waiting here; its 60 s re-check grid is anchored on it. */
    long overseerWaitStartMs;
    /** Set when the overseer saw the window closed (connect stage over); -1 while open. */
    long windowClosedMs = -1;
    /** How the window closed: ALL_CONNECTED, EVICTIONS, SOFT_TIMEOUT, ABORT, HARD_TIMEOUT. */
    String closedBy;
    long tickScheduledMs = -1;
    int timerToken;
}
