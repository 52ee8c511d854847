package dev.lustre.ir.sim;

import java.util.ArrayList;
import java.util.List;

/** The parameter files a simulated node has right now (O(devices on the node)). */
final class NodeParams {

    private NodeParams() {
    }

    static List<SimParam> of(SimCluster cluster, NodeState n) {
        SimState s = cluster.state();
        SimEngine engine = cluster.engine();
        List<SimParam> ps = new ArrayList<>();
        String debug = s.version.debugRoot();
        String sys = "/sys/fs/lustre";
        TargetState t = s.target;

        for (int i : n.mounts) {
            MountState m = s.mounts.get(i);
            List<String> types = m.type.equals("osp") ? List.of("osc", "osp") : List.of(m.type);
            String serverUuid = m.type.equals("mdc") ? "mds_server_uuid" : "ost_server_uuid";
            for (String type : types) {
                String base = type + "/" + m.device;
                ps.add(new SimParam(base + "/import", debug + "/" + base + "/import",
                        () -> ImportText.importFile(s, m, s.nowMs), v -> importWrite(s, engine, m, v)));
                ps.add(new SimParam(base + "/state", debug + "/" + base + "/state", () -> ImportText.stateFile(m), null));
                ps.add(new SimParam(base + "/" + serverUuid, debug + "/" + base + "/" + serverUuid,
                        () -> ImportText.serverUuid(s, m), null));
                ps.add(new SimParam(base + "/uuid", sys + "/" + base + "/uuid", () -> m.uuid + "\n", null));
            }
            if (!m.type.equals("osp")) {
                String sb = "llite/" + t.fsName + "-" + m.device.substring(m.device.lastIndexOf('-') + 1);
                ps.add(new SimParam(sb + "/uuid", sys + "/" + sb + "/uuid", () -> m.uuid + "\n", null));
            }
        }
        // version_show and timeout (obd_timeout), obdclass/obd_sysfs.c: on every node with Lustre loaded
        ps.add(new SimParam("version", sys + "/version", () -> s.version.versionString() + "\n", null));
        ps.add(new SimParam("timeout", sys + "/timeout", () -> (s.timing.obdTimeoutMs / 1000) + "\n", null));
        String mgc = "mgc/" + TargetText.mgcName(s);
        ps.add(new SimParam(mgc + "/ir_state", debug + "/" + mgc + "/ir_state", () -> TargetText.mgcIrState(s, n), null));

        if (t.mounted && s.servingNode().equals(n.name)) {
            String base = t.paramType + "/" + t.name;
            String procBase = (s.version == LustreVersion.V2_12 ? "/proc/fs/lustre/" : debug + "/") + base;
            ps.add(new SimParam(base + "/recovery_status", procBase + "/recovery_status",
                    () -> TargetText.recoveryStatus(s, engine), null));
            ps.add(new SimParam(base + "/instance", sys + "/" + base + "/instance", () -> t.instance + "\n", null));
            ps.add(new SimParam(base + "/recovery_time_soft", sys + "/" + base + "/recovery_time_soft",
                    () -> t.recoveryTimeoutSec + "\n", v -> {
                        // recovery_time_soft_store only writes obd_recovery_timeout; no timer is re-armed
                        Integer x = uint(v);
                        if (x == null) {
                            return SimEngine.EINVAL;
                        }
                        t.recoveryTimeoutSec = x;
                        t.softSec = x;
                        return 0;
                    }));
            ps.add(new SimParam(base + "/recovery_time_hard", sys + "/" + base + "/recovery_time_hard",
                    () -> t.hardSec + "\n", v -> {
                        Integer x = uint(v);
                        if (x == null) {
                            return SimEngine.EINVAL;
                        }
                        t.hardSec = x;
                        return 0;
                    }));
            // ir_factor_store (obdclass/lprocfs_status_server.c): 1..10 (OBD_IR_FACTOR_MIN/MAX), else
            // EINVAL. server_calc_timeout reads it at the next mount, so it shapes the next failover's window.
            ps.add(new SimParam(base + "/ir_factor", sys + "/" + base + "/ir_factor", () -> t.irFactor + "\n", v -> {
                Integer x = uint(v);
                if (x == null || x < 1 || x > 10) {
                    return SimEngine.EINVAL;
                }
                t.irFactor = x;
                return 0;
            }));
            ps.add(new SimParam(base + "/evict_client", sys + "/" + base + "/evict_client", null,
                    v -> evictClient(s, engine, v)));
            if (s.version.hasRecoveryStaleClients()) {
                ps.add(new SimParam(base + "/recovery_stale_clients", procBase + "/recovery_stale_clients",
                        () -> TargetText.staleClients(s), null));
            }
        }
        if (n.name.equals(s.mgsNode)) {
            String live = "mgs/MGS/live/" + t.fsName;
            ps.add(new SimParam(live, debug + "/" + live, () -> TargetText.mgsLive(s), v -> mgsLiveWrite(s, v)));
            ps.add(new SimParam("mgs/MGS/ir_timeout", sys + "/mgs/MGS/ir_timeout", () -> "400\n", null));
        }
        return ps;
    }

    private static Integer uint(String v) {
        try {
            int x = Integer.parseInt(v.trim());
            return x < 0 ? null : x;
        } catch (NumberFormatException e) {
            return null;
        }
    }

    /**
     * ldebugfs_import_seq_write (ptlrpc/lproc_ptlrpc.c): "connection=<nid>[::<instance>]". The value must
     * start with "connection=" and contain '@' (EINVAL otherwise). With "::<instance>" equal to the
     * instance the import is connected to nothing happens. The result of ptlrpc_recover_import is not
     * returned (the function returns {@code rc ?: count}), so a NID that is not one of the import's
     * connections is silently ignored: the write succeeds and the import does not move.
     */
    static int importWrite(SimState s, SimEngine engine, MountState m, String value) {
        String prefix = "connection=";
        if (value.length() <= prefix.length() || !value.startsWith(prefix)) {
            return SimEngine.EINVAL;
        }
        String uuid = value.substring(prefix.length());
        int at = uuid.indexOf('@');
        if (at < 0) {
            return SimEngine.EINVAL;
        }
        boolean reconnect = true;
        int sep = uuid.indexOf("::", at);
        if (sep >= 0) {
            String inst = uuid.substring(sep + 2);
            uuid = uuid.substring(0, sep);
            reconnect = false;
            try {
                long i = Long.parseLong(inst);
                if (i >= 0 && i <= 0xffffffffL && i != m.ocdInstance) {
                    reconnect = true; // "IR: %s is connecting to an obsoleted target(%u/%u), reconnecting..."
                }
                // else "config: wrong instance" (CERROR) or "has already been connecting to new target"
            } catch (NumberFormatException e) {
                reconnect = false;
            }
        }
        if (reconnect && m.behavior.alive) {
            int idx = s.nids.indexOf(uuid);
            engine.recoverImport(m, idx < 0 ? -2 : idx, s.nowMs);
        }
        return 0;
    }

    /**
     * evict_client_store (obdclass/lprocfs_status_server.c): "nid:<nid>", "uuid:<uuid>" or a bare UUID.
     * It always returns count: an unknown UUID only logs "can't disconnect ...: no exports found".
     */
    static int evictClient(SimState s, SimEngine engine, String value) {
        String v = value.strip();
        int ws = indexOfWhitespace(v);
        String token = ws < 0 ? v : v.substring(0, ws);
        if (token.startsWith("nid:")) {
            String nid = token.substring(4);
            for (MountState m : s.mounts) {
                boolean hasConnection = m.export == ExportState.IN_RECOVERY || m.export == ExportState.CONNECTED;
                if (hasConnection && nid.equals(clientNid(s, m.node))) {
                    engine.evictByUuid(m.uuid, s.nowMs);
                }
            }
        } else {
            String uuid = token.startsWith("uuid:") ? token.substring(5) : token;
            s.evictRequests.add(uuid);
            engine.evictByUuid(uuid, s.nowMs);
        }
        return 0;
    }

    private static int indexOfWhitespace(String v) {
        for (int i = 0; i < v.length(); i++) {
            if (Character.isWhitespace(v.charAt(i))) {
                return i;
            }
        }
        return -1;
    }

    /** The NID a client node connects from (only exports that reconnected have one). */
    static String clientNid(SimState s, String node) {
        int ordinal = s.nodeOrdinal(node);
        return "10.1." + (ordinal / 250) + "." + (ordinal % 250 + 1) + "@tcp";
    }

    /** lprocfs_wr_ir_state: "state=full" or "state=disabled". */
    private static int mgsLiveWrite(SimState s, String v) {
        String x = v.strip();
        if (x.equals("state=disabled")) {
            s.mgsIrConfigured = IrState.DISABLED;
            return 0;
        }
        if (x.equals("state=full")) {
            s.mgsIrConfigured = IrState.FULL;
            return 0;
        }
        return SimEngine.EINVAL;
    }
}
