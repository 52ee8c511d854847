package dev.lustre.ir.sim;

import dev.lustre.ir.lustre.CommandResult;
import dev.lustre.ir.lustre.LctlRunner;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Function;

/**
 * Several targets of one file system on the same nodes, as an OSS with many OSTs and the client
 * nodes that mount the file system: each client mount has one import (an osc device) per OST, all
 * named with the mount's superblock suffix and all carrying the mount's one client UUID (Lustre
 * generates the UUID once per mount, in ll_fill_super, and every import of the mount connects with
 * it). Each target is its own {@link SimCluster}, built alike but for the target's name, so each
 * node's mounts, UUIDs and dead/slow picks agree across them; {@link #lctl} answers a node's lctl
 * as the union: one {@code lctl dl} listing every device (the shared ones, the mgc and the OSS
 * service, once), a command naming a target to that target, and a wildcard read from all.
 */
public final class SimTargets {
    private final List<SimCluster> targets;

    /**
     * @param builderFor the builder of each target, by its name; every other setting must be the same
     * @param names      the targets' names (e.g. lustre-OST0000 … lustre-OST0013)
     */
    public SimTargets(Function<String, SimClusterBuilder> builderFor, List<String> names) {
        List<SimCluster> built = new ArrayList<>();
        for (String name : names) {
            built.add(builderFor.apply(name).build());
        }
        this.targets = List.copyOf(built);
        checkOneMountPerNode();
    }

    public List<SimCluster> targets() {
        return targets;
    }

    /** Every target restarts on its failover server at once: the whole OSS failed over. */
    public void failover() {
        targets.forEach(SimCluster::failover);
    }

    public List<String> clientNodes() {
        return targets.get(0).clientNodes();
    }

    public boolean isAlive(String node) {
        return targets.get(0).isAlive(node);
    }

    public String failoverPartner() {
        return targets.get(0).failoverPartner();
    }

    public String serverNode() {
        return targets.get(0).serverNode();
    }

    /** A node's imports of every target. */
    public List<ClientView> clientMounts(String node) {
        List<ClientView> all = new ArrayList<>();
        targets.forEach(t -> all.addAll(t.clientMounts(node)));
        return all;
    }

    /** UUIDs of the dead client mounts: the same on every target. */
    public List<String> deadClientUuids() {
        return targets.get(0).deadClientUuids().stream().sorted().toList();
    }

    public LctlRunner lctl(String node) {
        List<LctlRunner> runners = targets.stream().map(t -> t.lctl(node)).toList();
        return args -> run(runners, List.copyOf(args));
    }

    private CommandResult run(List<LctlRunner> runners, List<String> args) {
        for (int i = 0; i < targets.size(); i++) {
            String target = targets.get(i).target().name();
            if (args.stream().anyMatch(a -> a.contains(target))) {
                return runners.get(i).run(args);
            }
        }
        if (!args.isEmpty() && (args.get(0).equals("dl") || args.get(0).equals("device_list"))) {
            return deviceList(runners, args);
        }
        // A read of every target (a wildcard, a node-wide value): the distinct lines of those that answered.
        Set<String> lines = new LinkedHashSet<>();
        CommandResult firstFailure = null;
        boolean anyOk = false;
        for (LctlRunner r : runners) {
            CommandResult c = r.run(args);
            if (c.ok()) {
                anyOk = true;
                lines.addAll(c.stdout().lines().toList());
            } else if (firstFailure == null) {
                firstFailure = c;
            }
        }
        if (!anyOk) {
            return firstFailure;
        }
        return new CommandResult(0, lines.isEmpty() ? "" : String.join("\n", lines) + "\n", "");
    }

    /** One list, numbered again; a device every target shows (mgc, OSS) listed once. */
    private static CommandResult deviceList(List<LctlRunner> runners, List<String> args) {
        Set<String> names = new LinkedHashSet<>();
        StringBuilder out = new StringBuilder();
        int dev = 0;
        for (LctlRunner r : runners) {
            CommandResult c = r.run(args);
            if (!c.ok()) {
                return c;
            }
            for (String line : c.stdout().lines().toList()) {
                String[] f = line.trim().split(" +");
                if (f.length >= 6 && names.add(f[2] + " " + f[3])) {
                    out.append(String.format("%3d %s %s %s %s %s", dev++, f[1], f[2], f[3], f[4], f[5])).append('\n');
                }
            }
        }
        return new CommandResult(0, out.toString(), "");
    }

    /** What makes the union real: a node's mount has one superblock suffix and one client UUID on every target. */
    private void checkOneMountPerNode() {
        for (String node : clientNodes()) {
            Set<String> uuids = new LinkedHashSet<>();
            Set<String> suffixes = new LinkedHashSet<>();
            for (SimCluster t : targets) {
                for (ClientView m : t.clientMounts(node)) {
                    uuids.add(m.uuid());
                    suffixes.add(m.device().substring(m.device().lastIndexOf('-') + 1));
                }
                if (t.isAlive(node) != isAlive(node)) {
                    throw new IllegalStateException(node + " is alive on one target and dead on another");
                }
            }
            if (uuids.size() != 1 || suffixes.size() != 1) {
                throw new IllegalStateException(node + ": one mount must show one UUID and one suffix on every target: "
                        + uuids + " " + suffixes);
            }
        }
    }
}
