package dev.lustre.ir.sim;

import dev.lustre.ir.lustre.ImportState;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import java.util.regex.Pattern;

/**
 * Describes a scenario: one target, its two servers, N client nodes and how some of them misbehave.
 * Which clients are dead, slow, ... is picked with the seed, in disjoint groups, unless named.
 */
public final class SimClusterBuilder {

    private static final Pattern TARGET = Pattern.compile("([A-Za-z0-9_]{1,8})-(OST|MDT)([0-9a-fA-F]{4})");

    private String fsName = "lustre";
    private String target;
    private String serverNode = "oss2";
    private String primaryNode;
    private final List<String> nids = new ArrayList<>(List.of("10.0.0.11@tcp", "10.0.0.12@tcp"));
    private int clients = 10;
    private String clientPrefix = "c";
    private int mountsPerClient = 1;
    private int dead;
    private int slow;
    private long slowMs;
    private int noIr;
    private int idle;
    private int flapping;
    private int flapFailures = 2;
    private long flapPeriodMs = 10_000;
    private int quiet;
    private final Set<String> deadNodes = new LinkedHashSet<>();
    private final Map<String, Long> slowNodes = new LinkedHashMap<>();
    private final Set<String> noIrNodes = new LinkedHashSet<>();
    private final Set<String> idleNodes = new LinkedHashSet<>();
    private final Map<String, String> mdsClients = new LinkedHashMap<>();
    private List<String> clientNames = List.of();
    /** MDT index name → whether its OSP device reconnects on its own. */
    private final Map<String, Boolean> mdtExports = new LinkedHashMap<>();
    private int outside;
    private boolean outsideReconnect = true;
    private String outsidePrefix = "login";
    private IrState mgsIr = IrState.FULL;
    private String mgsNode;
    private String mgsNid = "10.0.0.1@tcp";
    private LustreVersion version = LustreVersion.V2_16;
    private long seed = 42;
    private SimClock clock;
    private SimTiming timing = new SimTiming();
    private Integer atMaxSec;
    private int softSec = 300;
    private int hardSec = 900;
    private int irFactor = 5;
    private boolean targetNoIr;
    private long instance = 4;

    SimClusterBuilder() {
    }

    public SimClusterBuilder fsName(String fsName) {
        this.fsName = fsName;
        return this;
    }

    /** {@code <fsname>-OST<4 hex>} or {@code <fsname>-MDT<4 hex>}. */
    public SimClusterBuilder target(String target) {
        this.target = target;
        return this;
    }

    /** The node the target runs on after {@link SimCluster#failover()} (the failover server). */
    public SimClusterBuilder serverNode(String node) {
        this.serverNode = node;
        return this;
    }

    /** The node the target runs on before the failover; defaults to a name derived from the server node. */
    public SimClusterBuilder primaryNode(String node) {
        this.primaryNode = node;
        return this;
    }

    /** The target's NIDs: primary first, then the failover server's (one NID: no failover partner). */
    public SimClusterBuilder serverNids(String... nids) {
        if (nids.length < 1 || nids.length > 2) {
            throw new IllegalArgumentException("one or two server NIDs, primary first");
        }
        this.nids.clear();
        this.nids.addAll(List.of(nids));
        return this;
    }

    public SimClusterBuilder clients(int n) {
        this.clients = n;
        return this;
    }

    /** Lustre mounts per client node; each has its own device and client UUID. */
    /** Client nodes are named prefix001, prefix002, …; several clusters can share one API server. */
    /** Names the first client nodes explicitly (the rest keep {@code <prefix>NNN}). */
    public SimClusterBuilder clientNames(List<String> names) {
        this.clientNames = List.copyOf(names);
        return this;
    }

    public SimClusterBuilder clientPrefix(String prefix) {
        this.clientPrefix = prefix;
        return this;
    }

    public SimClusterBuilder mountsPerClient(int n) {
        this.mountsPerClient = n;
        return this;
    }

    public SimClusterBuilder dead(int n) {
        this.dead = n;
        return this;
    }

    public SimClusterBuilder deadNodes(String... nodes) {
        deadNodes.addAll(List.of(nodes));
        return this;
    }

    /** {@code n} clients that take {@code extra} longer for every reconnect. */
    public SimClusterBuilder slow(int n, Duration extra) {
        this.slow = n;
        this.slowMs = extra.toMillis();
        return this;
    }

    public SimClusterBuilder slowNode(String node, Duration extra) {
        slowNodes.put(node, extra.toMillis());
        return this;
    }

    /** {@code n} clients without IR support (their MGS connection makes a full MGS "partial"). */
    public SimClusterBuilder noIrClients(int n) {
        this.noIr = n;
        return this;
    }

    public SimClusterBuilder noIrNodes(String... nodes) {
        noIrNodes.addAll(List.of(nodes));
        return this;
    }

    /** {@code n} clients whose import is IDLE (idle disconnect): healthy, and not in last_rcvd. */
    public SimClusterBuilder idleClients(int n) {
        this.idle = n;
        return this;
    }

    public SimClusterBuilder idleNodes(String... nodes) {
        idleNodes.addAll(List.of(nodes));
        return this;
    }

    /** {@code n} clients whose first {@code failures} connect attempts fail, retried every {@code period}. */
    public SimClusterBuilder flapping(int n, int failures, Duration period) {
        this.flapping = n;
        this.flapFailures = failures;
        this.flapPeriodMs = period.toMillis();
        return this;
    }

    /** {@code n} clients with nothing to replay (no uncommitted requests, no locks). */
    public SimClusterBuilder quietClients(int n) {
        this.quiet = n;
        return this;
    }

    /** MDS node whose MDT holds an OSP device towards this OST ({@code <fs>-OST0001-osc-MDT0000}). */
    public SimClusterBuilder mdsClient(String node, String mdtIndexName) {
        mdsClients.put(node, mdtIndexName);
        return this;
    }

    /**
     * On an OST: the export {@code <fs>-<mdt>-mdtlov_UUID} of an MDT's OSP device, on an MDS node named
     * {@code mds-<mdt in lower case>} that is no Kubernetes client node. Such server-side clients are in
     * the OST's last_rcvd, so they are listed by recovery_stale_clients until they reconnect. With
     * {@code reconnects} the OSP reconnects on its own like any IR-covered import (the MDS's MGC reads
     * the {@code <fs>-mdtir} log); without it the MDS node is down and its export never comes back.
     */
    public SimClusterBuilder mdtExport(String mdtIndexName, boolean reconnects) {
        if (!mdtIndexName.matches("MDT[0-9a-fA-F]{4}")) {
            throw new IllegalArgumentException("MDT index name such as MDT0000: " + mdtIndexName);
        }
        mdtExports.put(mdtIndexName, reconnects);
        return this;
    }

    /**
     * {@code n} Lustre clients outside the roster: login nodes or data movers named
     * {@code <prefix>001}, … whose client UUIDs the target knows from last_rcvd, but which are not nodes
     * of the simulated Kubernetes cluster ({@link SimCluster#clientNodes()} leaves them out). With
     * {@code reconnect} they come back on their own (no IR help assumed beyond the MGS's), otherwise
     * they stay down. They take no part in the seeded dead/slow/... picks.
     */
    public SimClusterBuilder outsideClients(int n, boolean reconnect) {
        this.outside = n;
        this.outsideReconnect = reconnect;
        return this;
    }

    public SimClusterBuilder outsidePrefix(String prefix) {
        this.outsidePrefix = prefix;
        return this;
    }

    /** true: MGS IR state full; false: disabled. */
    public SimClusterBuilder ir(boolean enabled) {
        this.mgsIr = enabled ? IrState.FULL : IrState.DISABLED;
        return this;
    }

    public SimClusterBuilder mgsIrState(IrState s) {
        this.mgsIr = s;
        return this;
    }

    /** A node where {@code mgs.MGS.live.<fs>} can be read (may be a client-less MDS). */
    public SimClusterBuilder mgsNode(String node) {
        this.mgsNode = node;
        return this;
    }

    public SimClusterBuilder mgsNid(String nid) {
        this.mgsNid = nid;
        return this;
    }

    public SimClusterBuilder version(LustreVersion v) {
        this.version = v;
        return this;
    }

    public SimClusterBuilder seed(long seed) {
        this.seed = seed;
        return this;
    }

    public SimClusterBuilder clock(SimClock clock) {
        this.clock = clock;
        return this;
    }

    public SimClusterBuilder timing(SimTiming timing) {
        this.timing = timing.copy();
        return this;
    }

    /**
     * The clients' {@code at_max} in seconds; 0 turns adaptive timeouts off, so clients without help
     * notice a failover only after obd_timeout (see {@link SimTiming#noticeDelayMs}). Applies over
     * {@link #timing(SimTiming)} whichever is called first.
     */
    public SimClusterBuilder atMax(int seconds) {
        if (seconds < 0) {
            throw new IllegalArgumentException("at_max must be >= 0: " + seconds);
        }
        this.atMaxSec = seconds;
        return this;
    }

    public SimClusterBuilder recoveryTimeSoft(Duration d) {
        this.softSec = (int) d.toSeconds();
        return this;
    }

    public SimClusterBuilder recoveryTimeHard(Duration d) {
        this.hardSec = (int) d.toSeconds();
        return this;
    }

    /** The target is mounted {@code -o noir}: no shortened window even with the MGS in state full. */
    public SimClusterBuilder targetMountedNoIr(boolean noir) {
        this.targetNoIr = noir;
        return this;
    }

    public SimClusterBuilder irFactor(int factor) {
        this.irFactor = factor;
        return this;
    }

    /** The target's mount count before the failover (the failover adds one). */
    public SimClusterBuilder instance(long instance) {
        this.instance = instance;
        return this;
    }

    public SimCluster build() {
        if (target == null) {
            target = fsName + "-OST0001";
        }
        var mt = TARGET.matcher(target);
        if (!mt.matches() || !mt.group(1).equals(fsName)) {
            throw new IllegalArgumentException("target must be <fsname>-(OST|MDT)<4 hex> of fs " + fsName + ": " + target);
        }
        if (nids.isEmpty() || nids.size() > 2) {
            throw new IllegalArgumentException("one or two server NIDs");
        }
        SimClock c = clock != null ? clock : SimClock.manual();
        SimState s = new SimState();
        long now = c.millis();
        s.version = version;
        s.timing = timing.copy();
        if (atMaxSec != null) {
            s.timing.atMaxSec = atMaxSec;
        }
        s.nids = new ArrayList<>(nids);
        String primary = primaryNode != null ? primaryNode : defaultPrimary(serverNode);
        s.serverNodes = nids.size() == 1 ? new ArrayList<>(List.of(serverNode)) : new ArrayList<>(List.of(primary, serverNode));
        s.mgsNode = mgsNode;
        s.mgsNid = mgsNid;
        s.mgsIrConfigured = mgsIr;
        s.random = new SeededRandom(seed);
        s.bootMs = now - Duration.ofDays(3).toMillis();
        s.nowMs = now;

        boolean ost = mt.group(2).equals("OST");
        TargetState t = s.target;
        t.fsName = fsName;
        t.name = target;
        t.paramType = ost ? "obdfilter" : "mdt";
        t.instance = instance;
        t.softSec = softSec;
        t.hardSec = hardSec;
        t.irFactor = irFactor;
        t.mountedNoIr = targetNoIr;
        t.recoveryTimeoutSec = softSec;
        t.servingNid = 0;
        t.mountMs = s.bootMs + 60_000;
        t.nextTransno = t.lastCommitted + 1;

        for (String n : s.serverNodes) {
            addNode(s, n, NodeState.Role.SERVER);
        }
        if (mgsNode != null && s.node(mgsNode) == null && !mdsClients.containsKey(mgsNode)) {
            addNode(s, mgsNode, NodeState.Role.MGS);
        }
        String devType = ost ? "osc" : "mdc";
        List<NodeState> clientNodes = new ArrayList<>();
        for (int i = 1; i <= clients; i++) {
            String name = i <= clientNames.size() ? clientNames.get(i - 1) : String.format("%s%03d", clientPrefix, i);
            NodeState n = addNode(s, name, NodeState.Role.CLIENT);
            clientNodes.add(n);
            int[] idx = new int[mountsPerClient];
            for (int k = 0; k < mountsPerClient; k++) {
                String suffix = "ffff88" + s.random.hex(10);
                MountState m = newMount(s, n.name, target + "-" + devType + "-" + suffix, devType, s.random.uuid());
                idx[k] = m.index;
            }
            n.mounts = idx;
        }
        if (ost) {
            for (var e : mdsClients.entrySet()) {
                NodeState n = s.node(e.getKey());
                if (n == null) {
                    n = addNode(s, e.getKey(), NodeState.Role.MDS);
                }
                String mdt = e.getValue();
                MountState m = newMount(s, n.name, target + "-osc-" + mdt, "osp", fsName + "-" + mdt + "-mdtlov_UUID");
                n.mounts = append(n.mounts, m.index);
            }
        }
        assignBehaviours(s, clientNodes);
        // after the seeded picks, so adding them leaves every existing scenario's picks unchanged
        addServerSideAndOutsideClients(s, ost, devType);
        for (MountState m : s.mounts) {
            initiallyConnected(s, m, now);
        }
        return new SimCluster(s, c);
    }

    private void addServerSideAndOutsideClients(SimState s, boolean ost, String devType) {
        if (ost) {
            for (var e : mdtExports.entrySet()) {
                String mdt = e.getKey();
                String nodeName = "mds-" + mdt.toLowerCase();
                NodeState n = s.node(nodeName);
                if (n == null) {
                    n = addNode(s, nodeName, NodeState.Role.MDS);
                }
                MountState m = newMount(s, n.name, target + "-osc-" + mdt, "osp", fsName + "-" + mdt + "-mdtlov_UUID");
                n.mounts = append(n.mounts, m.index);
                if (!e.getValue()) {
                    m.behavior.alive = false;
                    n.alive = false;
                }
            }
        } else if (!mdtExports.isEmpty()) {
            throw new IllegalArgumentException("mdtExport needs an OST target: MDTs export to OSTs");
        }
        for (int i = 1; i <= outside; i++) {
            NodeState n = addNode(s, String.format("%s%03d", outsidePrefix, i), NodeState.Role.OUTSIDE);
            String suffix = "ffff88" + s.random.hex(10);
            MountState m = newMount(s, n.name, target + "-" + devType + "-" + suffix, devType, s.random.uuid());
            n.mounts = new int[] {m.index};
            if (!outsideReconnect) {
                m.behavior.alive = false;
                n.alive = false;
            }
        }
    }

    private static String defaultPrimary(String server) {
        var m = Pattern.compile("^(.*?)(\\d+)$").matcher(server);
        if (m.matches()) {
            int n = Integer.parseInt(m.group(2));
            String other = n > 1 ? String.valueOf(n - 1) : String.valueOf(n + 1);
            return m.group(1) + other;
        }
        return server + "-peer";
    }

    private static NodeState addNode(SimState s, String name, NodeState.Role role) {
        NodeState n = new NodeState(name, role);
        n.mgcUuid = s.random.uuid();
        s.nodes.add(n);
        return n;
    }

    private static MountState newMount(SimState s, String node, String device, String type, String uuid) {
        MountState m = new MountState();
        m.index = s.mounts.size();
        m.node = node;
        m.device = device;
        m.type = type;
        m.uuid = uuid;
        s.mounts.add(m);
        return m;
    }

    private static int[] append(int[] a, int v) {
        int[] b = Arrays.copyOf(a, a.length + 1);
        b[a.length] = v;
        return b;
    }

    /** Seeded, disjoint picks: dead first, then slow, no-IR, idle, flapping, quiet. */
    private void assignBehaviours(SimState s, List<NodeState> clientNodes) {
        List<NodeState> pool = new ArrayList<>(clientNodes);
        for (int i = pool.size() - 1; i > 0; i--) {
            int j = (int) s.random.nextLong(i + 1);
            NodeState tmp = pool.get(i);
            pool.set(i, pool.get(j));
            pool.set(j, tmp);
        }
        pool.removeIf(n -> deadNodes.contains(n.name) || slowNodes.containsKey(n.name)
                || noIrNodes.contains(n.name) || idleNodes.contains(n.name));
        for (String name : deadNodes) {
            apply(s, name, b -> b.alive = false);
        }
        slowNodes.forEach((name, ms) -> apply(s, name, b -> b.extraLatencyMs = ms));
        for (String name : noIrNodes) {
            apply(s, name, b -> b.noIr = true);
        }
        for (String name : idleNodes) {
            apply(s, name, b -> b.idle = true);
        }
        int at = 0;
        at = take(s, pool, at, dead, b -> b.alive = false);
        at = take(s, pool, at, slow, b -> b.extraLatencyMs = slowMs);
        at = take(s, pool, at, noIr, b -> b.noIr = true);
        at = take(s, pool, at, idle, b -> b.idle = true);
        at = take(s, pool, at, flapping, b -> {
            b.flapFailures = flapFailures;
            b.flapPeriodMs = flapPeriodMs;
        });
        take(s, pool, at, quiet, b -> b.busy = false);
        for (NodeState n : s.nodes) {
            if (n.role == NodeState.Role.CLIENT && n.mounts.length > 0) {
                n.alive = s.mounts.get(n.mounts[0]).behavior.alive;
            }
        }
    }

    private static int take(SimState s, List<NodeState> pool, int from, int count,
                            Consumer<ClientBehavior> how) {
        if (from + count > pool.size()) {
            throw new IllegalArgumentException("not enough clients for the requested scenario groups");
        }
        for (int i = from; i < from + count; i++) {
            for (int m : pool.get(i).mounts) {
                how.accept(s.mounts.get(m).behavior);
            }
        }
        return from + count;
    }

    private static void apply(SimState s, String node, Consumer<ClientBehavior> how) {
        NodeState n = s.node(node);
        if (n == null) {
            throw new IllegalArgumentException("no such client node: " + node);
        }
        for (int m : n.mounts) {
            how.accept(s.mounts.get(m).behavior);
        }
    }

    /** Before the failover every client is connected to the primary server (or idle). */
    private static void initiallyConnected(SimState s, MountState m, long now) {
        long mounted = s.bootMs + 120_000 + s.random.nextLong(60_000);
        m.setState(ImportState.CONNECTING, mounted);
        m.setState(ImportState.FULL, mounted);
        m.currentNid = 0;
        m.nextNid = 0;
        m.connAttempts = 1;
        m.nidConnects[0] = 1;
        m.nidReplied[0] = 1;
        m.nidLastAttemptMs[0] = mounted;
        m.ocdInstance = s.target.instance;
        m.export = ExportState.CONNECTED;
        m.nidtblVersion = s.nidtblVersion;
        m.lastReplyMs = now - s.random.nextLong(s.timing.pingIntervalMs);
        if (m.behavior.idle) {
            m.setState(ImportState.IDLE, now - 600_000);
        }
    }
}
