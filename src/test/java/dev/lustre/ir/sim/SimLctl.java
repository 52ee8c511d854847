package dev.lustre.ir.sim;

import dev.lustre.ir.lustre.ImportState;
import dev.lustre.ir.lustre.CommandResult;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The lctl of one simulated node: parses the arguments like lctl (lustre/utils/lctl.c,
 * lustre_param.c, obd.c) and prints what real lctl prints, exit code = errno as lctl_main returns it.
 * Nothing here ever reaches a shell.
 */
final class SimLctl {

    private final SimCluster cluster;
    private final String nodeName;
    private final StringBuilder out = new StringBuilder();
    private final StringBuilder err = new StringBuilder();

    SimLctl(SimCluster cluster, String nodeName) {
        this.cluster = cluster;
        this.nodeName = nodeName;
    }

    CommandResult run(List<String> args) {
        int rc;
        if (args.isEmpty()) {
            err.append("lctl: no command given (the interactive shell is not simulated)\n");
            rc = 1;
        } else {
            String cmd = args.get(0);
            List<String> rest = args.subList(1, args.size());
            rc = switch (cmd) {
                case "get_param" -> getParam(rest);
                case "list_param" -> listParam(rest);
                case "set_param" -> setParam(rest);
                case "dl", "device_list" -> deviceList();
                case "--device", "device" -> device(rest);
                case "lustre_build_version", "--version", "version" -> {
                    out.append("lctl ").append(state().version.targetVersion().replaceAll("\\.0$", "")).append('\n');
                    yield 0;
                }
                default -> {
                    err.append("lctl: unknown command '").append(cmd).append("'\n");
                    yield 1;
                }
            };
        }
        return new CommandResult(rc, out.toString(), err.toString());
    }

    private SimState state() {
        return cluster.state();
    }

    // ------------------------------------------------------------------ get/list/set_param

    private record Options(boolean showName, boolean onlyName, boolean classify, List<String> operands) {
    }

    private Options options(List<String> args, String allowed, boolean showNameDefault) {
        boolean showName = showNameDefault;
        boolean onlyName = false;
        boolean classify = false;
        List<String> operands = new ArrayList<>();
        boolean optionsDone = false;
        for (String a : args) {
            if (!optionsDone && a.equals("--")) {
                optionsDone = true;
            } else if (!optionsDone && a.startsWith("-") && a.length() > 1) {
                for (char c : a.substring(1).toCharArray()) {
                    if (allowed.indexOf(c) < 0) {
                        return null;
                    }
                    switch (c) {
                        case 'n' -> showName = false;
                        case 'N' -> onlyName = true;
                        case 'F' -> classify = true;
                        default -> {
                        }
                    }
                }
            } else {
                optionsDone = true;
                operands.add(a);
            }
        }
        return new Options(showName, onlyName, classify, operands);
    }

    private int usage(String cmd) {
        err.append("usage: ").append(cmd).append(" [-n] <param_path1 param_path2 ...>\n");
        return 1;
    }

    private int getParam(List<String> args) {
        Options o = options(args, "nNFHbclLmMprRtwy", true);
        if (o == null || o.operands.isEmpty()) {
            return usage("get_param");
        }
        int rc = 0;
        synchronized (cluster) {
            cluster.advance();
            List<SimParam> params = NodeParams.of(cluster, node());
            for (String p : o.operands) {
                String path = ParamPattern.cleanPath(p);
                Pattern re = ParamPattern.globToRegex(path);
                List<SimParam> hits = matching(params, re);
                if (hits.isEmpty()) {
                    if (!matchesDirectory(params, re)) {
                        err.append("error: get_param: param_path '").append(path).append("': No such file or directory\n");
                        rc = rc == 0 ? SimEngine.ENOENT : rc;
                    }
                    continue;
                }
                for (SimParam sp : hits) {
                    if (sp.read() == null) {
                        err.append("error: read_param: '").append(sp.file()).append("': Permission denied\n");
                        rc = rc == 0 ? SimEngine.EACCES : rc;
                        continue;
                    }
                    printParam(sp.name(), sp.read().get(), o);
                }
            }
        }
        return rc;
    }

    /** print_param_internal: "name=" + newline for multi-line values, -n drops names and empty values. */
    private void printParam(String name, String raw, Options o) {
        String value = raw.endsWith("\n") ? raw.substring(0, raw.length() - 1) : raw;
        if (!o.showName && value.isEmpty()) {
            return;
        }
        if (o.showName) {
            out.append(name);
        }
        if (!o.onlyName && o.showName) {
            out.append('=');
            if (value.indexOf('\n') >= 0) {
                out.append('\n');
            }
        }
        if (!o.onlyName) {
            out.append(value);
        }
        out.append('\n');
    }

    private int listParam(List<String> args) {
        Options o = options(args, "FbcDlLmMprRtw", true);
        if (o == null || o.operands.isEmpty()) {
            return usage("list_param");
        }
        int rc = 0;
        synchronized (cluster) {
            List<SimParam> params = NodeParams.of(cluster, node());
            for (String p : o.operands) {
                String path = ParamPattern.cleanPath(p);
                Pattern re = ParamPattern.globToRegex(path);
                Set<String> names = new LinkedHashSet<>();
                List<String> all = new ArrayList<>();
                for (SimParam sp : params) {
                    String[] parts = sp.path().split("/");
                    StringBuilder prefix = new StringBuilder();
                    for (int i = 0; i < parts.length; i++) {
                        if (i > 0) {
                            prefix.append('/');
                        }
                        prefix.append(parts[i]);
                        boolean dir = i < parts.length - 1;
                        if (re.matcher(prefix).matches()) {
                            String name = prefix.toString().replace('/', '.');
                            if (o.classify) {
                                name += dir ? "/" : (sp.write() != null ? "=" : "");
                            }
                            all.add(name);
                        }
                    }
                }
                all.sort(Comparator.naturalOrder());
                names.addAll(all);
                if (names.isEmpty()) {
                    err.append("error: list_param: param_path '").append(path).append("': No such file or directory\n");
                    rc = rc == 0 ? SimEngine.ENOENT : rc;
                    continue;
                }
                for (String n : names) {
                    out.append(n).append('\n');
                }
            }
        }
        return rc;
    }

    private int setParam(List<String> args) {
        Options o = options(args, "nPdFC", true);
        if (o == null || o.operands.isEmpty()) {
            return usage("set_param");
        }
        if (args.contains("-P") || args.contains("-d")) {
            err.append("error: set_param: -P and -d need the MGS, which the simulation does not run\n");
            return SimEngine.EINVAL;
        }
        int rc = 0;
        List<String> ops = o.operands;
        synchronized (cluster) {
            cluster.advance();
            for (int i = 0; i < ops.size(); i++) {
                String arg = ops.get(i);
                String name;
                String value;
                int eq = arg.indexOf('=');
                if (eq >= 0) {
                    name = arg.substring(0, eq);
                    value = arg.substring(eq + 1);
                    if (value.isEmpty()) {
                        err.append("error: set_param: setting ").append(name).append(": Invalid argument\n");
                        rc = rc == 0 ? SimEngine.EINVAL : rc;
                        continue;
                    }
                } else if (i + 1 < ops.size()) {
                    name = arg;
                    value = ops.get(++i);
                } else {
                    err.append("error: set_param: setting ").append(arg).append(": Invalid argument\n");
                    rc = rc == 0 ? SimEngine.EINVAL : rc;
                    continue;
                }
                String path = ParamPattern.cleanPath(name);
                List<SimParam> hits = matching(NodeParams.of(cluster, node()), ParamPattern.globToRegex(path));
                if (hits.isEmpty()) {
                    err.append("error: set_param: param_path '").append(path).append("': No such file or directory\n");
                    rc = rc == 0 ? SimEngine.ENOENT : rc;
                    continue;
                }
                for (SimParam sp : hits) {
                    if (sp.write() == null) {
                        err.append("error: set_param: opening '").append(sp.file()).append("': Permission denied\n");
                        rc = rc == 0 ? SimEngine.EACCES : rc;
                        continue;
                    }
                    int wrc = sp.write().apply(value);
                    if (wrc != 0) {
                        err.append("error: set_param: setting ").append(sp.file()).append('=').append(value)
                                .append(": ").append(strerror(wrc)).append('\n');
                        rc = rc == 0 ? wrc : rc;
                    } else if (o.showName) {
                        out.append(sp.name()).append('=').append(value).append('\n');
                    }
                }
            }
        }
        return rc;
    }

    private static List<SimParam> matching(List<SimParam> params, Pattern re) {
        List<SimParam> hits = new ArrayList<>();
        for (SimParam sp : params) {
            if (re.matcher(sp.path()).matches()) {
                hits.add(sp);
            }
        }
        hits.sort(Comparator.comparing(SimParam::path));
        return hits;
    }

    private static boolean matchesDirectory(List<SimParam> params, Pattern re) {
        for (SimParam sp : params) {
            String p = sp.path();
            for (int i = p.indexOf('/'); i >= 0; i = p.indexOf('/', i + 1)) {
                if (re.matcher(p.substring(0, i)).matches()) {
                    return true;
                }
            }
        }
        return false;
    }

    // ------------------------------------------------------------------ devices

    private NodeState node() {
        return state().node(nodeName);
    }

    private int deviceList() {
        synchronized (cluster) {
            out.append(TargetText.deviceList(state(), node()));
        }
        return 0;
    }

    private int device(List<String> args) {
        if (args.size() < 2) {
            err.append("usage: --device <devno> <command [args ...]>\n");
            return 1;
        }
        String dev = args.get(0);
        String cmd = args.get(1);
        List<String> cmdArgs = args.subList(2, args.size());
        String name;
        MountState mount = null;
        boolean isTarget;
        synchronized (cluster) {
            cluster.advance();
            name = resolveDevice(dev);
            if (name == null) {
                err.append("error: ").append(cmd).append(": device '").append(dev).append("' not found: No such device\n");
                return SimEngine.ENODEV;
            }
            TargetState t = state().target;
            isTarget = name.equals(t.name) && t.mounted && state().servingNode().equals(nodeName);
            for (int i : node().mounts) {
                if (state().mounts.get(i).device.equals(name)) {
                    mount = state().mounts.get(i);
                }
            }
        }
        switch (cmd) {
            case "recover" -> {
                if (mount == null) {
                    return ioctlError(cmd, SimEngine.ENOTTY);
                }
                if (cmdArgs.size() > 1) {
                    err.append("usage: recover [<connection UUID>]\n");
                    return 1;
                }
                return recover(mount, cmdArgs.isEmpty() ? null : cmdArgs.get(0));
            }
            case "abort_recovery" -> {
                if (!isTarget) {
                    return ioctlError(cmd, SimEngine.ENOTTY);
                }
                synchronized (cluster) {
                    // blocks until the recovery thread is done; in the simulation that is at once
                    cluster.engine().abortRecovery(cluster.now(), "ABORT");
                }
                return 0;
            }
            default -> {
                err.append("lctl: unknown command '").append(cmd).append("'\n");
                return 1;
            }
        }
    }

    /** parse_devname: a name, "$name", "%name" or a device number from lctl dl. */
    private String resolveDevice(String dev) {
        String d = dev.startsWith("$") || dev.startsWith("%") ? dev.substring(1) : dev;
        String list = TargetText.deviceList(state(), node());
        for (String line : list.split("\n")) {
            String[] f = line.trim().split(" +");
            if (f.length >= 4 && (f[3].equals(d) || (d.matches("\\d+") && Integer.parseInt(d) == Integer.parseInt(f[0])))) {
                return f[3];
            }
        }
        return null;
    }

    private int ioctlError(String cmd, int errno) {
        err.append("error: ").append(cmd).append(": ").append(strerror(errno)).append('\n');
        return errno;
    }

    /**
     * OBD_IOC_CLIENT_RECOVER → ptlrpc_recover_import(imp, nid, async=0). Up to 2.15 any error,
     * -EALREADY included, comes back at once; after a started connect it waits up to obd_timeout until
     * ptlrpc_import_in_recovery() is false. On 2.16+ (LU-17142) -EALREADY is not returned: it waits
     * too, and DISCON counts as still recovering. The wait (wait_event_idle_timeout) cannot be
     * interrupted. An import that reconnects to a target still in its window sits in REPLAY_WAIT, so
     * this usually ends with ETIMEDOUT after obd_timeout although the client did reconnect.
     */
    private int recover(MountState m, String nid) {
        long deadline;
        int index = m.index;
        LustreVersion version;
        synchronized (cluster) {
            cluster.advance();
            version = state().version;
            int rc = beginRecover(state(), cluster.engine(), m, nid, cluster.now());
            if (!waits(version, rc)) {
                return rc == 0 ? 0 : ioctlError("recover", rc);
            }
            deadline = cluster.now() + state().timing.obdTimeoutMs;
        }
        while (true) {
            synchronized (cluster) {
                cluster.advance();
                // look the mount up again: the stand-alone lctl reloads the state while waiting
                Integer done = pollRecover(version, state().mounts.get(index).state, cluster.now(), deadline);
                if (done != null) {
                    return done == 0 ? 0 : ioctlError("recover", done);
                }
            }
            cluster.waitTowards(deadline);
        }
    }

    /** Whether ptlrpc_recover_import goes on to wait after its first part returned {@code rc}. */
    static boolean waits(LustreVersion v, int rc) {
        return rc == 0 || (rc == SimEngine.EALREADY && v.recoverWaitsWhenNotDisconnected());
    }

    static int beginRecover(SimState s, SimEngine engine, MountState m, String nid, long now) {
        int idx = -1;
        if (nid != null) {
            idx = s.nids.indexOf(nid);
            if (idx < 0) {
                idx = -2;
            }
        }
        return engine.recoverImport(m, idx, now);
    }

    /** null while still waiting, else 0 or an errno. */
    static Integer pollRecover(LustreVersion v, ImportState st, long now, long deadline) {
        boolean waiting = v.recoverWaitsWhenNotDisconnected() ? st.inRecoveryOrDisconnected() : st.inRecovery();
        if (!waiting) {
            return 0;
        }
        return now >= deadline ? SimEngine.ETIMEDOUT : null;
    }

    static String strerror(int errno) {
        return switch (errno) {
            case SimEngine.ENOENT -> "No such file or directory";
            case SimEngine.EACCES -> "Permission denied";
            case SimEngine.ENODEV -> "No such device";
            case SimEngine.EINVAL -> "Invalid argument";
            case SimEngine.ENOTTY -> "Inappropriate ioctl for device";
            case SimEngine.ETIMEDOUT -> "Connection timed out";
            case SimEngine.EALREADY -> "Operation already in progress";
            default -> "Unknown error " + errno;
        };
    }
}
