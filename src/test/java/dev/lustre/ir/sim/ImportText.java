package dev.lustre.ir.sim;

import dev.lustre.ir.lustre.ImportState;

/**
 * Client-side parameter files, rendered like lprocfs_import_seq_show_locked, lprocfs_state_seq_show and
 * lprocfs_server_uuid_seq_show (obdclass/lprocfs_status.c) for the version in use.
 */
final class ImportText {

    private static final String OSC_FLAGS = "write_grant, server_lock, version, request_portal, max_byte_per_rpc, "
            + "early_lock_cancel, adaptive_timeouts, lru_resize, alt_checksum_algorithm, fid_is_enabled, "
            + "version_recovery, grant_shrink, full20, layout_lock, 64bithash, object_max_bytes, jobstats, "
            + "einprogress, grant_param, lvb_type, short_io, lfsck, bulk_mbits, second_flags, lockaheadv2, "
            + "increasing_xid, client_encryption, lseek, reply_mbits";
    private static final String MDC_FLAGS = "write_grant, server_lock, version, acl, inode_bit_locks, "
            + "getattr_by_fid, no_oh_for_devices, max_byte_per_rpc, early_lock_cancel, adaptive_timeouts, "
            + "lru_resize, fid_is_enabled, version_recovery, pools, large_ea, full20, layout_lock, 64bithash, "
            + "jobstats, umask, einprogress, grant_param, lvb_type, short_io, flock_deadlock, disp_stripe, "
            + "open_by_fid, lfsck, multi_mod_rpcs, dir_stripe, subtree, bulk_mbits, second_flags, file_secctx, "
            + "dir_migrate, sum_statfs, flr, lock_convert, archive_id_array, increasing_xid, selinux_policy, "
            + "lsom, async_discard, client_encryption, fidmap, getattr_pfid, dom_lvb, reply_mbits, batch_rpc";

    private ImportText() {
    }

    static String importFile(SimState s, MountState m, long now) {
        boolean mdc = m.type.equals("mdc");
        boolean quoted = s.version.quotedNids();
        StringBuilder b = new StringBuilder(1400);
        b.append("import:\n");
        b.append("    name: ").append(m.device).append('\n');
        b.append("    target: ").append(s.target.name).append("_UUID\n");
        b.append("    state: ").append(m.state.name()).append('\n');
        b.append("    connect_flags: [ ").append(mdc ? MDC_FLAGS : OSC_FLAGS).append(" ]\n");
        b.append("    connect_data:\n");
        b.append("       flags: ").append(mdc ? "0xae7a3c4bf46ba7" : "0xa85c30147bfd6e").append('\n');
        b.append("       instance: ").append(m.ocdInstance).append('\n');
        b.append("       target_version: ").append(s.version.targetVersion()).append('\n');
        if (mdc) {
            b.append("       max_brw_size: 1048576\n");
            b.append("       ibits_known: 0x7f\n");
            b.append("       grant_block_size: 4096\n");
            b.append("       grant_inode_size: 32\n");
            b.append("       grant_max_extent_size: 67108864\n");
            b.append("       grant_extent_tax: 24576\n");
            b.append("       cksum_types: 0xf7\n");
            b.append("       max_easize: 65536\n");
            b.append("       max_mod_rpcs: 8\n");
        } else {
            b.append("       initial_grant: 8437760\n");
            b.append("       max_brw_size: 4194304\n");
            b.append("       grant_block_size: 4096\n");
            b.append("       grant_inode_size: 32\n");
            b.append("       grant_max_extent_size: 67108864\n");
            b.append("       grant_extent_tax: 24576\n");
            b.append("       cksum_types: 0xf7\n");
            b.append("       max_object_bytes: 17592186040320\n");
        }
        b.append("    import_flags: [ replayable, pingable, connect_tried ]\n");
        b.append("    connection:\n");
        b.append("       failover_nids: [ ");
        for (int i = 0; i < s.nids.size(); i++) {
            if (i > 0) {
                b.append(", ");
            }
            b.append(quoted ? "\"" + s.nids.get(i) + "\"" : s.nids.get(i));
        }
        b.append(" ]\n");
        String current = m.currentNid >= 0 ? s.nids.get(m.currentNid) : "<none>";
        if (quoted) {
            b.append("       nids_stats:");
            for (int i = 0; i < s.nids.size(); i++) {
                b.append("\n          \"").append(s.nids.get(i)).append("\": { connects: ").append(m.nidConnects[i])
                        .append(", replied: ").append(m.nidReplied[i]).append(", uptodate: ")
                        .append(uptodate(m, i)).append(", sec_ago: ");
                if (m.nidLastAttemptMs[i] > 0) {
                    b.append(Math.max(0, (now - m.nidLastAttemptMs[i]) / 1000)).append(" }");
                } else {
                    b.append("never }");
                }
            }
            b.append("\n       current_connection: \"").append(current).append("\"\n");
        } else {
            b.append("       current_connection: ").append(current).append('\n');
        }
        b.append("       connection_attempts: ").append(m.connAttempts).append('\n');
        b.append("       generation: ").append(m.generation).append('\n');
        b.append("       in-progress_invalidations: 0\n");
        b.append("       idle: ").append(idleSeconds(s, m, now)).append(" sec\n");
        b.append("    rpcs:\n");
        b.append("       inflight: ").append(m.state == ImportState.REPLAY ? 1 : 0).append('\n');
        b.append("       unregistering: 0\n");
        b.append("       timeouts: ").append(m.nidFailed[0] || (s.nids.size() > 1 && m.nidFailed[1]) ? 1 : 0).append('\n');
        b.append("       avg_waittime: 1824 usec\n");
        b.append("    service_estimates:\n");
        b.append("       services: 1 sec\n");
        b.append("       network: 1 sec\n");
        b.append("    transactions:\n");
        b.append("       last_replay: 0\n");
        b.append("       peer_committed: ").append(s.target.lastCommitted).append('\n');
        b.append("       last_checked: ").append(s.target.lastCommitted).append('\n');
        return b.toString();
    }

    private static String uptodate(MountState m, int nid) {
        if (m.nidLastAttemptMs[nid] == 0) {
            return "unknown";
        }
        return m.nidFailed[nid] ? "unreachable" : "uptodate";
    }

    private static long idleSeconds(SimState s, MountState m, long now) {
        long since = Math.max(0, now - m.lastReplyMs);
        if (m.state == ImportState.FULL && s.timing.pingIntervalMs > 0) {
            since %= s.timing.pingIntervalMs; // a FULL import pings, so replies keep coming
        }
        return since / 1000;
    }

    /** lprocfs_state_seq_show: the current state and the last IMP_STATE_HIST_LEN transitions. */
    static String stateFile(MountState m) {
        StringBuilder b = new StringBuilder(400);
        b.append("current_state: ").append(m.state.name()).append('\n');
        b.append("state_history:\n");
        for (int j = 0; j < MountState.HISTORY; j++) {
            int k = (m.histNext + j) % MountState.HISTORY;
            if (m.histState[k] == 0) {
                continue;
            }
            b.append(" - [ ").append(m.histTime[k]).append(", ")
                    .append(ImportState.values()[m.histState[k] - 1].name()).append(" ]\n");
        }
        return b.toString();
    }

    /** lprocfs_server_uuid_seq_show: "<target>_UUID\t<STATE>". */
    static String serverUuid(SimState s, MountState m) {
        return s.target.name + "_UUID\t" + m.state.name() + "\n";
    }
}
