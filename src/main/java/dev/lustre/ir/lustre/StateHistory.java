package dev.lustre.ir.lustre;

import java.util.List;

/**
 * A parsed {@code *.state}: the current import state and the last IMP_STATE_HIST_LEN (16)
 * transitions, oldest first (lprocfs_state_seq_show walks the ring from imp_state_hist_idx).
 */
public record StateHistory(ImportState current, List<Entry> history) {

    public record Entry(long time, ImportState state) {
    }

    /** EVICTED anywhere in the (bounded) history or as the current state. */
    public boolean everEvicted() {
        return current == ImportState.EVICTED
                || history.stream().anyMatch(e -> e.state() == ImportState.EVICTED);
    }

    /**
     * EVICTED since the current failover episode began. The episode begins at the last transition
     * from FULL or IDLE into DISCONN or CONNECTING (the old server went away, or our own forced
     * reconnect); an eviction shows as EVICTED, then RECOVER and FULL as a new client (see
     * ptlrpc_import_recovery_state_machine), so it stays inside the episode. When the ring no longer
     * holds the start of the episode, the whole history counts.
     */
    public boolean evictedInCurrentEpisode() {
        if (current == ImportState.EVICTED) {
            return true;
        }
        int start = 0;
        for (int i = 1; i < history.size(); i++) {
            ImportState prev = history.get(i - 1).state();
            ImportState s = history.get(i).state();
            if ((prev == ImportState.FULL || prev == ImportState.IDLE)
                    && (s == ImportState.DISCONN || s == ImportState.CONNECTING)) {
                start = i;
            }
        }
        return evictedBetween(start, history.size());
    }

    private boolean evictedBetween(int from, int to) {
        for (int i = from; i < to; i++) {
            if (history.get(i).state() == ImportState.EVICTED) {
                return true;
            }
        }
        return false;
    }
}
