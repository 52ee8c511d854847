package dev.lustre.ir.operator;

import dev.lustre.ir.api.Limits;
import dev.lustre.ir.api.LustreFailoverSpec;
import dev.lustre.ir.api.Patterns;
import dev.lustre.ir.api.RecoveryPolicySpec;
import dev.lustre.ir.policy.Durations;
import dev.lustre.ir.policy.EffectivePolicy;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The operator's own validation: the rules the CRD schema cannot express (cross-field rules), plus
 * the schema's patterns again, because an API server may run with an older CRD or without
 * validation and no unchecked value may reach a command line.
 */
public final class SpecValidator {
    private static final Pattern FS_NAME = Pattern.compile(Patterns.FS_NAME);
    private static final Pattern TARGET = Pattern.compile(Patterns.TARGET);
    private static final Pattern NID = Pattern.compile(Patterns.NID);
    private static final Pattern NODE = Pattern.compile(Patterns.NODE_NAME);
    private static final Pattern DURATION = Pattern.compile(Patterns.DURATION);
    private static final Pattern POSITIVE_DURATION = Pattern.compile(Patterns.POSITIVE_DURATION);
    private static final Pattern QUORUM = Pattern.compile(Patterns.QUORUM);
    /** A client job waits for one import to reconnect; Lustre's own recovery window is minutes. */
    static final Duration MAX_RECONNECT_TIMEOUT = Duration.ofHours(1);
    /** A recovery window left open for a day is an outage, not a recovery. */
    static final Duration MAX_DEADLINE = Duration.ofHours(24);
    /** A week; the Job's ttlSecondsAfterFinished is an int32 of seconds, far above that. */
    static final Duration MAX_JOB_TTL = Duration.ofDays(7);
    /** Lustre's recovery window is minutes: a longer grace could never let a NotReady node be evicted early. */
    static final Duration MAX_NOT_READY_GRACE = Duration.ofHours(1);

    /** A Kubernetes object (node) name's length bound. */
    static final int MAX_NODE_NAME = 253;
    /** The schema's bound on spec.server.nids. */
    static final int MAX_NIDS = 16;
    /** Problems reported for one list, so that a list of thousands of bad entries gives a readable status. */
    static final int MAX_ERRORS_PER_FIELD = 3;
    /** Bound of the whole message: Events are cut at 1 KiB by kubectl's view anyway. */
    static final int MAX_MESSAGE = 1024;
    /** How much of a bad value a message quotes. */
    static final int MAX_QUOTED = 80;

    private SpecValidator() {
    }

    /**
     * @param referencedPolicyFound whether spec.policyRef names an existing policy (ignored without policyRef)
     * @return the problems, each naming its field; empty when the spec is valid
     */
    public static List<String> validate(LustreFailoverSpec spec, boolean referencedPolicyFound, EffectivePolicy policy) {
        List<String> errors = new ArrayList<>();
        if (spec == null) {
            errors.add("spec: required");
            return errors;
        }
        check(errors, spec.fsName != null && FS_NAME.matcher(spec.fsName).matches(),
                "spec.fsName: '" + printable(spec.fsName) + "' must match " + Patterns.FS_NAME);
        check(errors, spec.target != null && TARGET.matcher(spec.target).matches(),
                "spec.target: '" + printable(spec.target) + "' must match " + Patterns.TARGET);
        if (spec.fsName != null && spec.target != null && !spec.target.startsWith(spec.fsName + "-")) {
            errors.add("spec.target: " + printable(spec.target) + " does not belong to file system " + spec.fsName
                    + " (a target is named <fsName>-MDTxxxx or <fsName>-OSTxxxx)");
        }
        if (spec.server == null) {
            errors.add("spec.server: required");
        } else {
            check(errors, validNode(spec.server.node), "spec.server.node: '" + printable(spec.server.node) + "' is not a node name");
            if (spec.server.nids == null || spec.server.nids.isEmpty()) {
                errors.add("spec.server.nids: at least one NID is required");
            } else {
                check(errors, spec.server.nids.size() <= MAX_NIDS, "spec.server.nids: more than " + MAX_NIDS + " NIDs");
                for (int i = 0; i < spec.server.nids.size() && i < MAX_NIDS; i++) {
                    String nid = spec.server.nids.get(i);
                    check(errors, nid != null && nid.length() <= Limits.MAX_NID && NID.matcher(nid).matches(),
                            "spec.server.nids[" + i + "]: '" + printable(nid) + "' is not a NID (address@net)");
                }
                check(errors, new HashSet<>(spec.server.nids).size() == spec.server.nids.size(), "spec.server.nids: duplicate NIDs");
            }
        }
        validateClients(spec, errors);
        if (spec.policy != null) {
            errors.addAll(validatePolicyFields("spec.policy", spec.policy));
        }
        if (spec.policyRef != null && !validObjectName(spec.policyRef.name)) {
            errors.add("spec.policyRef.name: '" + printable(spec.policyRef.name) + "' is not an object name (a policy in the"
                    + " failover's own namespace, named without '/')");
        } else if (spec.policyRef != null && !referencedPolicyFound) {
            errors.add("spec.policyRef.name: LustreRecoveryPolicy '" + printable(spec.policyRef.name) + "' not found in this namespace");
        }
        if (policy != null) {
            validatePolicy(spec, policy, errors);
        }
        return errors;
    }

    private static void validateClients(LustreFailoverSpec spec, List<String> errors) {
        if (spec.clients == null) {
            errors.add("spec.clients: required");
            return;
        }
        boolean hasNodes = spec.clients.nodes != null && !spec.clients.nodes.isEmpty();
        if (spec.clients.nodeSelector == null && !hasNodes) {
            errors.add("spec.clients: set nodeSelector or nodes (expectedCount alone does not say where clients run)");
        }
        if (spec.clients.nodeSelector != null && spec.clients.nodeSelector.getMatchExpressions() != null) {
            for (var r : spec.clients.nodeSelector.getMatchExpressions()) {
                check(errors, List.of("In", "NotIn", "Exists", "DoesNotExist").contains(r.getOperator()),
                        "spec.clients.nodeSelector: unknown operator '" + r.getOperator() + "'");
            }
        }
        Integer count = spec.clients.expectedCount;
        check(errors, count == null || (count >= 1 && count <= Limits.MAX_CLIENTS),
                "spec.clients.expectedCount: " + count + " is outside 1.." + Limits.MAX_CLIENTS);
        if (hasNodes) {
            check(errors, spec.clients.nodes.size() <= Limits.MAX_CLIENTS,
                    "spec.clients.nodes: " + spec.clients.nodes.size() + " nodes, more than " + Limits.MAX_CLIENTS);
            Set<String> seen = new HashSet<>();
            int bad = 0;
            for (int i = 0; i < spec.clients.nodes.size(); i++) {
                String node = spec.clients.nodes.get(i);
                // One line per problem, a few at most: a list of thousands must not make a status of thousands of lines.
                if (!validNode(node)) {
                    if (bad++ < MAX_ERRORS_PER_FIELD) {
                        errors.add("spec.clients.nodes[" + i + "]: '" + printable(node) + "' is not a node name");
                    }
                } else if (!seen.add(node)) {
                    if (bad++ < MAX_ERRORS_PER_FIELD) {
                        errors.add("spec.clients.nodes[" + i + "]: '" + node + "' is listed twice");
                    }
                }
            }
            if (bad > MAX_ERRORS_PER_FIELD) {
                errors.add("spec.clients.nodes: " + (bad - MAX_ERRORS_PER_FIELD) + " more problems");
            }
        }
    }

    private static void validatePolicy(LustreFailoverSpec spec, EffectivePolicy policy, List<String> errors) {
        EffectivePolicy.Quorum q = policy.quorum();
        String field = quorumSource(spec);
        if (q.percent() && q.value() > 100) {
            errors.add(field + ": " + q.value() + "% is over 100%");
        }
        Integer expected = spec.clients == null ? null : spec.clients.expectedCount;
        if (!q.percent() && expected != null && q.value() > expected) {
            errors.add(field + ": " + q.value() + " clients is more than spec.clients.expectedCount " + expected);
        }
        if (policy.closeWhen() == RecoveryPolicySpec.CloseWhen.Quorum && q.required(expected == null ? 100 : expected) == 0) {
            errors.add(field + ": a quorum of 0 would close the window before any client is back");
        }
    }

    /** Where the effective quorum was written: the inline policy, the referenced policy, or the default. */
    private static String quorumSource(LustreFailoverSpec spec) {
        if (spec.policy != null && spec.policy.quorum != null) {
            return "spec.policy.quorum";
        }
        if (spec.policyRef != null) {
            return "LustreRecoveryPolicy '" + printable(spec.policyRef.name) + "' spec.quorum";
        }
        return "policy.quorum (the default)";
    }

    /**
     * The schema's bounds on one layer of policy fields again, each error naming its field under
     * {@code prefix}: the object may predate the schema's bounds. A duration of zero makes no sense
     * for any of the three (a client given no time, a window closed as it opens, a report deleted
     * before it is read), and a bounded maximum keeps every deadline computation far from overflow.
     * {@code notReadyGrace} alone may be zero: NotReady is then proof at once.
     */
    public static List<String> validatePolicyFields(String prefix, RecoveryPolicySpec p) {
        List<String> errors = new ArrayList<>();
        duration(errors, prefix + ".reconnectTimeout", p.reconnectTimeout, MAX_RECONNECT_TIMEOUT);
        duration(errors, prefix + ".deadline", p.deadline, MAX_DEADLINE);
        duration(errors, prefix + ".jobTtlAfterFinished", p.jobTtlAfterFinished, MAX_JOB_TTL);
        graceDuration(errors, prefix + ".notReadyGrace", p.notReadyGrace, MAX_NOT_READY_GRACE);
        if (p.quorum != null) {
            if (p.quorum.getIntVal() != null) {
                int q = p.quorum.getIntVal();
                check(errors, q >= 1 && q <= Limits.MAX_CLIENTS,
                        prefix + ".quorum: " + q + " is outside 1.." + Limits.MAX_CLIENTS + " clients");
            } else {
                String q = p.quorum.getStrVal();
                check(errors, q != null && QUORUM.matcher(q).matches(), prefix + ".quorum: '" + printable(q)
                        + "' is neither a count of clients 1.." + Limits.MAX_CLIENTS + " nor a percentage 1%..100%");
            }
        }
        if (p.maxConcurrentJobs != null) {
            check(errors, p.maxConcurrentJobs >= 1 && p.maxConcurrentJobs <= 10_000,
                    prefix + ".maxConcurrentJobs: " + p.maxConcurrentJobs + " is outside 1..10000");
        }
        if (p.jobBackoffLimit != null) {
            check(errors, p.jobBackoffLimit >= 0 && p.jobBackoffLimit <= 20,
                    prefix + ".jobBackoffLimit: " + p.jobBackoffLimit + " is outside 0..20");
        }
        if (p.deadClientEvidence != null) {
            check(errors, !p.deadClientEvidence.isEmpty() && !p.deadClientEvidence.contains(null),
                    prefix + ".deadClientEvidence: at least one known kind of evidence is required");
        }
        return errors;
    }

    private static void duration(List<String> errors, String field, String value, Duration max) {
        if (value == null) {
            return;
        }
        if (value.length() > Limits.MAX_DURATION_LENGTH || !POSITIVE_DURATION.matcher(value).matches()) {
            errors.add(field + ": '" + printable(value) + "' is not a duration above zero (e.g. 500ms, 60s, 2m, 1h30m)");
            return;
        }
        Duration d = Durations.parse(value);
        if (d.isZero() || d.compareTo(max) > 0) {
            errors.add(field + ": " + value + " is outside 1ms.." + Durations.format(max));
        }
    }

    private static void graceDuration(List<String> errors, String field, String value, Duration max) {
        if (value == null) {
            return;
        }
        if (value.length() > Limits.MAX_DURATION_LENGTH || !DURATION.matcher(value).matches()) {
            errors.add(field + ": '" + printable(value) + "' is not a duration (e.g. 0s, 30s, 2m, 1h30m)");
            return;
        }
        Duration d = Durations.parse(value);
        if (d.compareTo(max) > 0) {
            errors.add(field + ": " + value + " is outside 0s.." + Durations.format(max));
        }
    }

    /** Whether a policyRef names an object at all: only then is it looked up (no '/', no '..', bounded). */
    public static boolean validObjectName(String name) {
        return name != null && name.length() <= MAX_NODE_NAME && NODE.matcher(name).matches();
    }

    /**
     * The message of a failed validation: the problems joined, bounded, so that any object, however
     * hostile, gives a status far below etcd's object limit and an Event the API server accepts.
     */
    public static String message(List<String> errors) {
        String m = String.join("; ", errors);
        return m.length() > MAX_MESSAGE ? m.substring(0, MAX_MESSAGE) + "... (" + errors.size() + " problems)" : m;
    }

    private static boolean validNode(String node) {
        return node != null && node.length() <= MAX_NODE_NAME && NODE.matcher(node).matches();
    }

    /**
     * A value as an error message may quote it: control characters (a newline would forge a log line)
     * shown as '?', and cut, since the message ends up in status, an Event and the log.
     */
    static String printable(String value) {
        if (value == null) {
            return "null";
        }
        String p = value.replaceAll("\\p{Cntrl}", "?");
        return p.length() > MAX_QUOTED ? p.substring(0, MAX_QUOTED) + "..." : p;
    }

    private static void check(List<String> errors, boolean ok, String message) {
        if (!ok) {
            errors.add(message);
        }
    }
}
