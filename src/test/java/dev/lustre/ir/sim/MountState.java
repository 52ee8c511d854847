package dev.lustre.ir.sim;

import dev.lustre.ir.lustre.ImportState;

/**
 * One client mount's device for the simulated target, with both sides of the connection: the client's
 * import and the server's export. Kept small (a few arrays) because benchmarks create thousands.
 */
final class MountState {
    static final int HISTORY = 16; // IMP_STATE_HIST_LEN

    int index;
    String node;
    /** Device name, e.g. lustre-OST0001-osc-ffff8881234abcd0 or lustre-OST0001-osc-MDT0000. */
    String device;
    /** osc, mdc or osp (an MDT's OSP device towards an OST). */
    String type;
    /** Column 5 of lctl dl: the client UUID the server knows this mount by. */
    String uuid;
    ClientBehavior behavior = new ClientBehavior();

    // --- client import ---
    ImportState state = ImportState.NEW;
    long[] histTime = new long[HISTORY];
    byte[] histState = new byte[HISTORY];
    int histNext;
    int histCount;
    /** Index into the cluster's NID list, -1 for none. */
    int currentNid = -1;
    /** The NID the next connect attempt goes to (head of the import's connection list). */
    int nextNid;
    int connAttempts;
    int generation = 1;
    /** connect_data instance the client got from its last successful connect. */
    long ocdInstance;
    int[] nidConnects = new int[2];
    int[] nidReplied = new int[2];
    long[] nidLastAttemptMs = new long[2];
    boolean[] nidFailed = new boolean[2];
    long lastReplyMs;
    long nidtblVersion;
    int flapLeft;
    /**
     * A connect has been started since the last failover (IR, the operator, a forced recover or the
     * client's own notice): the import has left FULL, so its ping timing out later changes nothing.
     */
    boolean reconnectStarted;

    // --- server export ---
    ExportState export = ExportState.UNKNOWN;
    /** Waiting to reconnect once the target's recovery ends (connect denied as a new client). */
    boolean deniedUntilRecoveryEnds;
    /** The client lost its replay: its import went EVICTED. */
    boolean sawEviction;
    /** The client reconnected within recovery and its replay was kept (ended FULL without EVICTED). */
    boolean replayKept;
    long reconnectedAtMs = -1;

    void setState(ImportState s, long atMs) {
        state = s;
        histTime[histNext] = Math.floorDiv(atMs, 1000L);
        histState[histNext] = (byte) (s.ordinal() + 1);
        histNext = (histNext + 1) % HISTORY;
        histCount = Math.min(HISTORY, histCount + 1);
    }
}
