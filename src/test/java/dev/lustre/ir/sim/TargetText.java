package dev.lustre.ir.sim;

/** Server-side parameter files and {@code lctl dl}, rendered like the Lustre source does. */
final class TargetText {

    private TargetText() {
    }

    private static long mono(SimState s, long ms) {
        return Math.floorDiv(ms - s.bootMs, 1000L);
    }

    /** recovery_start as printed: epoch seconds on 2.14+, the raw monotonic value on b2_12. */
    private static long recoveryStartPrinted(SimState s) {
        long startMono = s.target.recoveryStartMs == 0 ? 0 : mono(s, s.target.recoveryStartMs);
        if (!s.version.epochRecoveryStart()) {
            return startMono;
        }
        long realNow = Math.floorDiv(s.nowMs, 1000L);
        return realNow - (mono(s, s.nowMs) - startMono);
    }

    /** lprocfs_recovery_status_seq_show (obdclass/lprocfs_status_server.c). */
    static String recoveryStatus(SimState s, SimEngine engine) {
        TargetState t = s.target;
        StringBuilder b = new StringBuilder(300);
        b.append("status: ");
        switch (engine.status()) {
            case INACTIVE -> b.append("INACTIVE\n");
            case COMPLETE -> {
                long startMono = t.recoveryStartMs == 0 ? 0 : mono(s, t.recoveryStartMs);
                b.append("COMPLETE\n");
                b.append("recovery_start: ").append(recoveryStartPrinted(s)).append('\n');
                b.append("recovery_duration: ").append(mono(s, t.recoveryEndMs) - startMono).append('\n');
                b.append("completed_clients: ").append(t.maxRecoverable - t.stale).append('/').append(t.maxRecoverable).append('\n');
                b.append("replayed_requests: ").append(t.replayedRequests).append('\n');
                b.append("last_transno: ").append(t.nextTransno - 1).append('\n');
                b.append("VBR: ").append(t.versionRecov ? "ENABLED" : "DISABLED").append('\n');
                b.append("IR: ").append(t.irEnabled ? "ENABLED" : "DISABLED").append('\n');
            }
            case WAITING_FOR_CLIENTS -> b.append("WAITING_FOR_CLIENTS\n");
            case RECOVERING -> {
                long startMono = mono(s, t.recoveryStartMs);
                // 2.12.4 (LU-12769) to b2_12's end compare ktime_get_real_seconds() with the monotonic
                // obd_recovery_start + timeout: always past, so time_remaining is always 0 there
                long nowMono = s.version.epochRecoveryStart() ? mono(s, s.nowMs) : Math.floorDiv(s.nowMs, 1000L);
                long end = startMono + t.recoveryTimeoutSec;
                b.append("RECOVERING\n");
                b.append("recovery_start: ").append(recoveryStartPrinted(s)).append('\n');
                b.append("time_remaining: ").append(nowMono >= end ? 0 : end - nowMono).append('\n');
                b.append("connected_clients: ").append(t.connected).append('/').append(t.maxRecoverable).append('\n');
                b.append("req_replay_clients: ").append(t.reqReplayClients).append('\n');
                b.append("lock_repay_clients: ").append(t.lockReplayClients).append('\n');
                b.append("completed_clients: ").append(t.connected - t.lockReplayClients).append('\n');
                b.append("evicted_clients: ").append(t.stale).append('\n');
                b.append("replayed_requests: ").append(t.replayedRequests).append('\n');
                b.append("queued_requests: ").append(t.queuedRequests).append('\n');
                b.append("next_transno: ").append(t.nextTransno).append('\n');
            }
        }
        return b.toString();
    }

    /**
     * lprocfs_recovery_stale_clients_seq_show (2.16+): while recovering with clients missing, the UUIDs
     * of exports that are neither failed nor connected.
     */
    static String staleClients(SimState s) {
        TargetState t = s.target;
        if (!t.recovering || t.connected >= t.maxRecoverable) {
            return "";
        }
        StringBuilder b = new StringBuilder();
        for (MountState m : s.mounts) {
            if (m.export == ExportState.WAITING) {
                b.append(m.uuid).append('\n');
            }
        }
        return b.toString();
    }

    /** mgs_live_seq_show + lprocfs_rd_ir_state (mgs/lproc_mgs.c, mgs/mgs_nids.c). */
    static String mgsLive(SimState s) {
        TargetState t = s.target;
        StringBuilder b = new StringBuilder(400);
        b.append("fsname: ").append(t.fsName).append('\n');
        b.append("flags: 0x20     gen: ").append(s.mgsGeneration).append('\n');
        b.append(t.fsName).append("-MDT0000\n");
        if (!t.name.endsWith("-MDT0000")) {
            b.append(t.name).append('\n');
        }
        b.append("\nSecure RPC Config Rules:\n");
        b.append("\nimperative_recovery_state:\n");
        b.append("    state: ").append(s.mgsIrEffective().word()).append('\n');
        b.append("    nonir_clients: ").append(s.nonIrClients()).append('\n');
        b.append("    nidtbl_version: ").append(s.nidtblVersion).append('\n');
        b.append("    notify_duration_total: 0.000470000\n");
        b.append("    notify_duation_max: 0.000041000\n");
        b.append("    notify_count: ").append(s.irNotifyCount).append('\n');
        return b.toString();
    }

    /** lprocfs_mgc_rd_ir_state (mgc/lproc_mgc.c). */
    static String mgcIrState(SimState s, NodeState n) {
        StringBuilder b = new StringBuilder(200);
        boolean ir = true;
        long version = s.nidtblVersion;
        String log = null;
        for (int i : n.mounts) {
            MountState m = s.mounts.get(i);
            ir &= !m.behavior.noIr;
            version = m.nidtblVersion;
            log = m.type.equals("osp") ? m.device.substring(m.device.lastIndexOf('-') + 1) : "client";
        }
        b.append("imperative_recovery: ").append(ir ? "ENABLED" : "DISABLED").append('\n');
        b.append("client_state:\n");
        if (log != null) {
            b.append("    - { client: ").append(s.target.fsName).append('-').append(log)
                    .append(", nidtbl_version: ").append(version).append(" }\n");
        }
        return b.toString();
    }

    static String mgcName(SimState s) {
        return "MGC" + s.mgsNid;
    }

    /** obd_device_list_seq_show: "%3d %s %s %s %s %d" = devno status type name uuid refcount. */
    static String deviceList(SimState s, NodeState n) {
        StringBuilder b = new StringBuilder(128 + 96 * n.mounts.length);
        int dev = 0;
        TargetState t = s.target;
        boolean serving = t.mounted && s.servingNode().equals(n.name);
        if (serving) {
            line(b, dev++, "osd-ldiskfs", t.name + "-osd", t.name + "-osd_UUID", 4);
        }
        line(b, dev++, "mgc", mgcName(s), n.mgcUuid, 5);
        if (serving) {
            if (t.paramType.equals("obdfilter")) {
                line(b, dev++, "ost", "OSS", "OSS_uuid", 3);
                line(b, dev++, "obdfilter", t.name, t.name + "_UUID", 5);
            } else {
                line(b, dev++, "mds", "MDS", "MDS_uuid", 3);
                line(b, dev++, "mdt", t.name, t.name + "_UUID", 9);
            }
        }
        for (int i : n.mounts) {
            MountState m = s.mounts.get(i);
            line(b, dev++, m.type, m.device, m.uuid, 4);
        }
        return b.toString();
    }

    /** Device number of a node's device, as lctl dl would number it; -1 if absent. */
    static int devno(SimState s, NodeState n, String device) {
        String[] lines = deviceList(s, n).split("\n");
        for (String l : lines) {
            String[] f = l.trim().split(" +");
            if (f.length >= 4 && f[3].equals(device)) {
                return Integer.parseInt(f[0]);
            }
        }
        return -1;
    }

    private static void line(StringBuilder b, int dev, String type, String name, String uuid, int refs) {
        b.append(String.format("%3d %s %s %s %s %d", dev, "UP", type, name, uuid, refs)).append('\n');
    }
}
