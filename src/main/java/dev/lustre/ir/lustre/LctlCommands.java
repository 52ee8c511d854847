package dev.lustre.ir.lustre;

import java.util.ArrayList;
import java.util.List;

/**
 * Argument vectors for every lctl command the product runs (what follows the lctl prefix). Each
 * builder validates its inputs through {@link LustreNames}; nothing is ever passed to a shell.
 */
public final class LctlCommands {
    private LctlCommands() {
    }

    /** {@code get_param <param>}: names kept, so multi-line values come as "name=\nvalue". */
    public static List<String> getParam(String param) {
        return List.of("get_param", checkParam(param));
    }

    /** {@code get_param -n <param>}: value only. */
    public static List<String> getParamValue(String param) {
        return List.of("get_param", "-n", checkParam(param));
    }

    /** {@code list_param <pattern>}: one parameter path per line. */
    public static List<String> listParam(String pattern) {
        return List.of("list_param", checkParam(pattern));
    }

    /** {@code dl}: the device list (obd_device_list_seq_show). */
    public static List<String> dl() {
        return List.of("dl");
    }

    /** {@code get_param -n version}: the loaded modules' release (version_show, obdclass/obd_sysfs.c). */
    public static List<String> version() {
        return getParamValue("version");
    }

    /** {@code get_param -n timeout}: obd_timeout in seconds. */
    public static List<String> obdTimeout() {
        return getParamValue("timeout");
    }

    public static List<String> importOf(ClientDevice device) {
        return getParam(device.paramPath() + ".import");
    }

    public static List<String> stateOf(ClientDevice device) {
        return getParam(device.paramPath() + ".state");
    }

    public static List<String> recoveryStatus(TargetName target) {
        return getParam(target.serverParamPrefix() + ".recovery_status");
    }

    public static List<String> instance(TargetName target) {
        return getParamValue(target.serverParamPrefix() + ".instance");
    }

    /** 2.16+ only (LU-14834); older servers answer "No such file or directory". */
    public static List<String> recoveryStaleClients(TargetName target) {
        return getParamValue(target.serverParamPrefix() + ".recovery_stale_clients");
    }

    /** {@code mgs.MGS.live.<fs>}: readable only on the MGS node (mgs_live_seq_show). */
    public static List<String> mgsLive(String fsName) {
        return getParam("mgs.MGS.live." + LustreNames.fsName(fsName));
    }

    public static List<String> mgcIrState() {
        return getParam("mgc.*.ir_state");
    }

    /**
     * {@code set_param <type>.<dev>.import=connection=<nid>[::<instance>]}: ldebugfs_import_seq_write
     * calls ptlrpc_recover_import(imp, nid, async=1), so this returns at once. With the instance the
     * reconnect is skipped when the import is already connected to that instance, which makes the
     * write idempotent. lctl set_param writes no trailing newline (a newline would become part of
     * the NID and fail with ENOENT).
     */
    public static List<String> setImportConnection(ClientDevice device, String nid, Long instance) {
        String value = "connection=" + LustreNames.nid(nid);
        if (instance != null) {
            value += "::" + LustreNames.instance(instance);
        }
        return List.of("set_param", device.paramPath() + ".import=" + value);
    }

    /**
     * {@code --device <dev> recover <nid>}: jt_obd_recover, OBD_IOC_CLIENT_RECOVER, then the
     * synchronous ptlrpc_recover_import (waits up to obd_timeout).
     */
    public static List<String> recover(String device, String nid) {
        List<String> argv = new ArrayList<>(List.of("--device", LustreNames.device(device), "recover"));
        if (nid != null) {
            argv.add(LustreNames.nid(nid));
        }
        return List.copyOf(argv);
    }

    /**
     * {@code set_param obdfilter|mdt.<tgt>.evict_client=uuid:<U>}: evict_client_store, then
     * obd_export_evict_by_uuid. Always "uuid:", never "nid:": exports restored from last_rcvd have
     * no NID until they reconnect.
     */
    public static List<String> evictClient(TargetKind kind, String target, String uuid) {
        TargetName t = TargetName.parse(target);
        if (t.kind() != kind) {
            throw new InvalidLustreValueException("target", target, "a " + kind + " target");
        }
        return List.of("set_param", t.serverParamPrefix() + ".evict_client=uuid:" + LustreNames.uuid(uuid));
    }

    public static List<String> evictClient(TargetName target, String uuid) {
        return evictClient(target.kind(), target.name(), uuid);
    }

    /**
     * {@code --device <tgt> abort_recovery}: OBD_IOC_ABORT_RECOVERY; blocks until the recovery
     * thread stops and evicts every export that has not finished lock replay, live ones included.
     */
    public static List<String> abortRecovery(String target) {
        return List.of("--device", LustreNames.target(target), "abort_recovery");
    }

    /**
     * Parameter paths we build are dotted names with at most glob stars; this rejects anything else
     * (spaces, '=', quotes, path separators) so a builder bug cannot smuggle in another argument.
     */
    private static String checkParam(String param) {
        if (param == null || !param.matches("[A-Za-z0-9_][A-Za-z0-9_.*@:\\[\\]-]{0,200}")) {
            throw new InvalidLustreValueException("parameter", param, "a dotted lctl parameter name");
        }
        return param;
    }
}
