package dev.lustre.ir.agent;

import dev.lustre.ir.api.Limits;
import dev.lustre.ir.api.LustreCloseSpec;
import dev.lustre.ir.api.LustreRound;
import dev.lustre.ir.api.LustreRoundSpec;
import dev.lustre.ir.api.Patterns;
import dev.lustre.ir.api.RecoveryPolicySpec.CloseMethod;
import dev.lustre.ir.lustre.InvalidLustreValueException;
import dev.lustre.ir.lustre.LustreNames;
import dev.lustre.ir.report.CloseWindowReport;
import dev.lustre.ir.report.InspectServerReport;
import dev.lustre.ir.report.ReconnectReport;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Turns a round's or a close's spec into the agent command a node Job would run, checking every value
 * again: the schema checked them when they were written, but what reaches lctl is decided here, on
 * the node. Each field is checked with the pattern the CRD and the command line use, so that a
 * refusal names the field; the argv built from the checked values is then parsed by
 * {@link AgentArguments} like any command line, and that parsed request is what runs. Pure: no I/O.
 */
final class RoundRequests {
    /** A close that evicts early reports at once: 0 s makes close-window evict, read once and stop. */
    static final String NO_WAIT = "0s";
    private static final Pattern OBJECT_NAME = Pattern.compile(Patterns.OBJECT_NAME);
    private static final Pattern NODE_NAME = Pattern.compile(Patterns.NODE_NAME);
    private static final Pattern POSITIVE_DURATION = Pattern.compile(Patterns.POSITIVE_DURATION);

    private RoundRequests() {
    }

    /** A value from the API server that may not be used, and the field that holds it. */
    static final class InvalidSpecException extends RuntimeException {
        InvalidSpecException(String field, String problem) {
            super("spec." + field + " " + problem);
        }
    }

    /** What the round says about who does what, checked. */
    record RoundFacts(String name, String failover, long round, String serverNode) {
    }

    static RoundFacts facts(LustreRound round) {
        LustreRoundSpec spec = spec(round.getSpec());
        String name = round.getMetadata() == null ? null : round.getMetadata().getName();
        if (name == null || name.length() > 253 || !OBJECT_NAME.matcher(name).matches()) {
            throw new InvalidSpecException("(metadata.name)", "is not an object name");
        }
        objectName("failover", spec.failover);
        if (spec.round == null || spec.round < 1) {
            throw new InvalidSpecException("round", "must be a number from 1");
        }
        if (spec.serverNode == null || spec.serverNode.length() > 253 || !NODE_NAME.matcher(spec.serverNode).matches()) {
            throw new InvalidSpecException("serverNode", "'" + printable(spec.serverNode) + "' is not a node name");
        }
        return new RoundFacts(name, spec.failover, spec.round, spec.serverNode);
    }

    /** {@code reconnect --target T --nid N… --timeout D}, without an instance. */
    static AgentRequest.Reconnect reconnect(LustreRoundSpec spec) {
        checkFsAndTarget(spec);
        if (spec.nids == null || spec.nids.isEmpty() || spec.nids.size() > 16) {
            throw new InvalidSpecException("nids", "must list 1 to 16 NIDs");
        }
        List<String> argv = new ArrayList<>(List.of(ReconnectReport.COMMAND, "--target", spec.target));
        for (String nid : spec.nids) {
            lustre("nids", () -> LustreNames.nid(nid));
            argv.addAll(List.of("--nid", nid));
        }
        if (spec.reconnectTimeout != null) {
            duration("reconnectTimeout", spec.reconnectTimeout);
            argv.addAll(List.of("--timeout", spec.reconnectTimeout));
        }
        return (AgentRequest.Reconnect) parse(argv);
    }

    /** {@code inspect-server --target T --fsname F}. */
    static AgentRequest.InspectServer inspect(LustreRoundSpec spec) {
        checkFsAndTarget(spec);
        return (AgentRequest.InspectServer) parse(
                List.of(InspectServerReport.COMMAND, "--target", spec.target, "--fsname", spec.fsName));
    }

    /** How long after its start a round may still need its server's view: its reconnect timeout and an hour. */
    static Duration serverWatch(LustreRoundSpec spec) {
        Duration reconnect = spec.reconnectTimeout == null ? Duration.ofSeconds(60)
                : AgentArguments.duration("--timeout", spec.reconnectTimeout);
        return reconnect.plus(Duration.ofHours(1));
    }

    /**
     * {@code close-window --target T (--evict-uuid U…|--abort) --timeout D}; D is the close's timeout
     * when it waits for the window, else {@value #NO_WAIT}. A UUID that fails its pattern, or that
     * names a target's export, refuses the whole close: none of its UUIDs is evicted.
     */
    static AgentRequest.CloseWindow close(LustreCloseSpec spec) {
        if (spec == null) {
            throw new InvalidSpecException("", "is missing");
        }
        objectName("round", spec.round);
        lustre("target", () -> LustreNames.target(spec.target));
        if (spec.action == null) {
            throw new InvalidSpecException("action", "is missing (EvictDead or AbortRecovery)");
        }
        if (spec.waitForWindow == null) {
            throw new InvalidSpecException("waitForWindow", "is missing");
        }
        List<String> argv = new ArrayList<>(List.of(CloseWindowReport.COMMAND, "--target", spec.target));
        if (spec.action == CloseMethod.AbortRecovery) {
            if (spec.uuids != null && !spec.uuids.isEmpty()) {
                throw new InvalidSpecException("uuids", "must be empty with AbortRecovery");
            }
            argv.add("--abort");
        } else {
            if (spec.uuids == null || spec.uuids.isEmpty()) {
                throw new InvalidSpecException("uuids", "is empty: EvictDead needs the UUIDs to evict");
            }
            if (spec.uuids.size() > Limits.MAX_CLIENTS) {
                // The schema's bound, checked again: a feed that bypassed it must not make the agent evict the world.
                throw new InvalidSpecException("uuids", "lists " + spec.uuids.size() + " UUIDs, more than " + Limits.MAX_CLIENTS);
            }
            for (String uuid : spec.uuids) {
                lustre("uuids", () -> LustreNames.uuid(uuid));
                if (LustreNames.isServerUuid(uuid)) {
                    throw new InvalidSpecException("uuids", "holds " + uuid + ", a Lustre target's export, never a client");
                }
                argv.addAll(List.of("--evict-uuid", uuid));
            }
        }
        String timeout = NO_WAIT;
        if (spec.waitForWindow) {
            if (spec.timeout == null) {
                throw new InvalidSpecException("timeout", "is missing: a close that waits needs one");
            }
            duration("timeout", spec.timeout);
            timeout = spec.timeout;
        }
        argv.addAll(List.of("--timeout", timeout));
        return (AgentRequest.CloseWindow) parse(argv);
    }

    private static LustreRoundSpec spec(LustreRoundSpec spec) {
        if (spec == null) {
            throw new InvalidSpecException("", "is missing");
        }
        return spec;
    }

    private static void checkFsAndTarget(LustreRoundSpec spec) {
        spec(spec);
        lustre("fsName", () -> LustreNames.fsName(spec.fsName));
        lustre("target", () -> LustreNames.target(spec.target));
        if (!spec.target.startsWith(spec.fsName + "-")) {
            throw new InvalidSpecException("target", spec.target + " is not a target of the file system " + spec.fsName);
        }
    }

    private static void objectName(String field, String value) {
        if (value == null || value.length() > 253 || !OBJECT_NAME.matcher(value).matches()) {
            throw new InvalidSpecException(field, "'" + printable(value) + "' is not an object name");
        }
    }

    private static void duration(String field, String value) {
        if (value.length() > 32 || !POSITIVE_DURATION.matcher(value).matches()) {
            throw new InvalidSpecException(field, "'" + printable(value) + "' is not a duration above zero");
        }
        try {
            AgentArguments.duration("--timeout", value);
        } catch (AgentException e) {
            throw new InvalidSpecException(field, e.getMessage());
        }
    }

    private static void lustre(String field, Runnable check) {
        try {
            check.run();
        } catch (InvalidLustreValueException e) {
            throw new InvalidSpecException(field, e.getMessage());
        }
    }

    /** The same parser as the command line's: what passes it is what a Job would have been given. */
    private static AgentRequest parse(List<String> argv) {
        try {
            return AgentArguments.parse(argv);
        } catch (AgentException e) {
            throw new InvalidSpecException("", "gives no valid command: " + e.getMessage());
        }
    }

    private static String printable(String s) {
        return s == null ? "" : AgentArguments.printable(s);
    }
}
