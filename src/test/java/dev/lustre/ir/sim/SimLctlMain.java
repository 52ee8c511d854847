package dev.lustre.ir.sim;

import dev.lustre.ir.agent.Sleeper;
import dev.lustre.ir.lustre.CommandResult;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A stand-alone {@code lctl} over a JSON state file, so shell scripts and Ansible can use the simulated
 * Lustre as the lctl of a node:
 *
 * <pre>
 *   SimLctlMain init --state FILE [--clients 10] [--dead 2] [--slow 3:20] [--ir on|off|startup|partial]
 *                    [--version 2.16] [--fsname lustre] [--target lustre-OST0001] [--server-node oss2]
 *                    [--primary-node oss1] [--nids 10.0.0.11@tcp,10.0.0.12@tcp] [--mgs-node mds1]
 *                    [--mds-client mds1:MDT0000] [--mdt-export MDT0000[:down]] [--outside-clients N[:down]] [--no-ir-clients N] [--idle N] [--quiet N]
 *                    [--seed 42] [--time-scale 1] [--failover]
 *                    [--recheck SEC] [--at-max SEC (0: no adaptive timeouts)] [--notice-delay SEC]
 *   SimLctlMain failover --state FILE
 *   SimLctlMain status --state FILE          (one JSON object: target counters and clients)
 *   SimLctlMain --state FILE --node NAME &lt;lctl arguments...&gt;
 * </pre>
 *
 * Every invocation loads the state, advances it to the wall clock (scaled by --time-scale), runs, and
 * saves it, holding an exclusive file lock meanwhile (released while a synchronous recover waits).
 */
public final class SimLctlMain {

    private SimLctlMain() {
    }

    public static void main(String[] args) {
        System.exit(run(args, System.out, System.err));
    }

    public static int run(String[] args) {
        return run(args, System.out, System.err);
    }

    static int run(String[] args, PrintStream out, PrintStream err) {
        try {
            List<String> a = new ArrayList<>(Arrays.asList(args));
            if (a.isEmpty()) {
                err.println(usage());
                return 1;
            }
            String first = a.get(0);
            if (first.equals("init") || first.equals("failover") || first.equals("status")) {
                a.remove(0);
                Map<String, String> opts = new LinkedHashMap<>();
                List<String> flags = new ArrayList<>();
                for (int i = 0; i < a.size(); i++) {
                    String k = a.get(i);
                    if (!k.startsWith("--")) {
                        err.println("unexpected argument: " + k);
                        return 1;
                    }
                    if (k.equals("--failover")) {
                        flags.add(k);
                    } else if (i + 1 < a.size()) {
                        opts.put(k, a.get(++i));
                    } else {
                        err.println("missing value for " + k);
                        return 1;
                    }
                }
                String state = opts.remove("--state");
                if (state == null) {
                    err.println("--state FILE is required");
                    return 1;
                }
                return switch (first) {
                    case "init" -> init(Path.of(state), opts, flags.contains("--failover"), out, err);
                    case "failover" -> failover(Path.of(state), out);
                    default -> status(Path.of(state), out);
                };
            }
            String state = null;
            String node = null;
            int i = 0;
            while (i + 1 < a.size() && (a.get(i).equals("--state") || a.get(i).equals("--node"))) {
                if (a.get(i).equals("--state")) {
                    state = a.get(i + 1);
                } else {
                    node = a.get(i + 1);
                }
                i += 2;
            }
            if (state == null || node == null) {
                err.println(usage());
                return 1;
            }
            return lctl(Path.of(state), node, a.subList(i, a.size()), out, err);
        } catch (IOException | UncheckedIOException e) {
            err.println("lctl-sim: " + e.getMessage());
            return 1;
        } catch (IllegalArgumentException e) {
            err.println("lctl-sim: " + e.getMessage());
            return 1;
        }
    }

    private static String usage() {
        return "usage: SimLctlMain init|failover|status --state FILE [options]\n"
                + "       SimLctlMain --state FILE --node NAME <lctl arguments...>";
    }

    private static int init(Path file, Map<String, String> o, boolean failover, PrintStream out, PrintStream err)
            throws IOException {
        SimClusterBuilder b = SimCluster.builder();
        long wall = System.currentTimeMillis();
        b.clock(new ManualClock(wall));
        for (var e : o.entrySet()) {
            String v = e.getValue();
            switch (e.getKey()) {
                case "--clients" -> b.clients(Integer.parseInt(v));
                case "--mounts-per-client" -> b.mountsPerClient(Integer.parseInt(v));
                case "--dead" -> b.dead(Integer.parseInt(v));
                case "--slow" -> {
                    String[] p = v.split(":");
                    b.slow(Integer.parseInt(p[0]), Duration.ofSeconds(p.length > 1 ? Long.parseLong(p[1]) : 20));
                }
                case "--no-ir-clients" -> b.noIrClients(Integer.parseInt(v));
                case "--idle" -> b.idleClients(Integer.parseInt(v));
                case "--quiet" -> b.quietClients(Integer.parseInt(v));
                case "--ir" -> {
                    switch (v) {
                        case "on", "true", "full" -> b.ir(true);
                        case "off", "false", "disabled" -> b.ir(false);
                        default -> b.mgsIrState(IrState.parse(v));
                    }
                }
                case "--version" -> b.version(LustreVersion.parse(v));
                case "--fsname" -> b.fsName(v);
                case "--target" -> b.target(v);
                case "--server-node" -> b.serverNode(v);
                case "--primary-node" -> b.primaryNode(v);
                case "--nids" -> {
                    String[] p = v.split(",");
                    b.serverNids(p[0], p.length > 1 ? p[1] : p[0]);
                }
                case "--mgs-node" -> b.mgsNode(v);
                case "--mds-client" -> {
                    String[] p = v.split(":");
                    b.mdsClient(p[0], p.length > 1 ? p[1] : "MDT0000");
                }
                case "--mdt-export" -> {
                    String[] p = v.split(":");
                    b.mdtExport(p[0], !(p.length > 1 && p[1].equals("down")));
                }
                case "--outside-clients" -> {
                    String[] p = v.split(":");
                    b.outsideClients(Integer.parseInt(p[0]), !(p.length > 1 && p[1].equals("down")));
                }
                case "--seed" -> b.seed(Long.parseLong(v));
                case "--time-scale", "--recheck", "--notice-delay", "--at-max" -> {
                }
                default -> {
                    err.println("unknown option " + e.getKey());
                    return 1;
                }
            }
        }
        SimTiming timing = new SimTiming();
        if (o.containsKey("--at-max")) {
            timing.atMax(Integer.parseInt(o.get("--at-max")));
        }
        if (o.containsKey("--recheck")) {
            timing.recheckIntervalMs = Long.parseLong(o.get("--recheck")) * 1000;
        }
        if (o.containsKey("--notice-delay")) {
            // a fixed base as before adaptive timeouts were modelled, spread over one ping interval
            timing.noticeDelay(Duration.ofSeconds(Long.parseLong(o.get("--notice-delay"))),
                    Duration.ofMillis(timing.pingIntervalMs));
        }
        b.timing(timing);
        SimCluster c = b.build();
        SimState s = c.state();
        s.wallOriginMs = wall;
        s.simOriginMs = wall;
        s.timeScale = Double.parseDouble(o.getOrDefault("--time-scale", "1"));
        if (failover) {
            c.failover();
        }
        try (SimStateStore store = SimStateStore.open(file)) {
            store.save(s);
        }
        out.println("initialized " + file + ": " + c.clientNodes().size() + " clients, server " + c.serverNode());
        return 0;
    }

    private static SimCluster loadCluster(SimStateStore store) throws IOException {
        SimState s = store.load();
        SimCluster c = SimCluster.fromState(s, clockOf(s));
        c.advance();
        return c;
    }

    private static SimClock clockOf(SimState s) {
        return new ScaledClock(s.simOriginMs, s.wallOriginMs, s.timeScale);
    }

    private static int failover(Path file, PrintStream out) throws IOException {
        try (SimStateStore store = SimStateStore.open(file)) {
            SimCluster c = loadCluster(store);
            c.failover();
            store.save(c.state());
            out.println("failed over " + c.target().name() + " to " + c.serverNode() + " (instance "
                    + c.target().instance() + ")");
        }
        return 0;
    }

    private static int status(Path file, PrintStream out) throws IOException {
        try (SimStateStore store = SimStateStore.open(file)) {
            SimCluster c = loadCluster(store);
            Map<String, Object> m = new LinkedHashMap<>();
            TargetView t = c.target();
            m.put("target", t.name());
            m.put("serverNode", t.serverNode());
            m.put("instance", t.instance());
            m.put("status", t.status());
            m.put("connected", t.connected());
            m.put("total", t.total());
            m.put("evicted", t.evicted());
            m.put("windowClosedAt", t.windowClosedAt().map(Object::toString).orElse(null));
            m.put("closedBy", t.closedBy().orElse(null));
            List<Map<String, Object>> clients = new ArrayList<>();
            for (ClientView v : c.clients()) {
                Map<String, Object> cm = new LinkedHashMap<>();
                cm.put("node", v.node());
                cm.put("uuid", v.uuid());
                cm.put("alive", v.alive());
                cm.put("state", v.importState());
                cm.put("evicted", v.evicted());
                cm.put("replayKept", v.replayKept());
                clients.add(cm);
            }
            m.put("clients", clients);
            store.save(c.state());
            out.println(new com.fasterxml.jackson.databind.ObjectMapper().writeValueAsString(m));
        }
        return 0;
    }

    private static int lctl(Path file, String node, List<String> args, PrintStream out, PrintStream err)
            throws IOException {
        try (SimStateStore store = SimStateStore.open(file)) {
            SimCluster c = loadCluster(store);
            // while a synchronous recover waits, let other invocations run: save, unlock, sleep, reload
            c.waiter(deadline -> {
                try {
                    store.save(c.state());
                    store.unlock();
                    long wake = Math.min(deadline, c.state().nowMs + 1000);
                    long simMs = Math.max(1, wake - c.state().nowMs);
                    Sleeper.sleepOnWallClock(Duration.ofMillis(Math.max(1, (long) (simMs / c.state().timeScale))));
                    store.lock();
                    SimState fresh = store.load();
                    c.replaceState(fresh);
                    c.advance();
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
            CommandResult r;
            try {
                r = c.lctl(node).run(args);
            } catch (SimNodeDownException e) {
                err.println("lctl: " + node + ": node is down (simulated)");
                return 255;
            }
            store.save(c.state());
            out.print(r.stdout());
            err.print(r.stderr());
            return r.exitCode();
        }
    }
}
