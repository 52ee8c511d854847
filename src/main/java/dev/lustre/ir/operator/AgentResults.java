package dev.lustre.ir.operator;

import dev.lustre.ir.api.LustreRoundResult;
import dev.lustre.ir.api.LustreRoundResultSpec;
import dev.lustre.ir.api.RoundNames;
import dev.lustre.ir.kube.Times;
import dev.lustre.ir.policy.JobOutcome;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.jboss.logging.Logger;

/**
 * The results the resident agents wrote for one round, sorted by role, each client's report parsed
 * once: a client writes its result once, so at 10,000 clients a reconcile reads 10,000 cached
 * outcomes, not 10,000 JSON documents. A result counts only where it says what its name and labels
 * say (this round, this node, this role): anything else is somebody else's object. A client's result
 * counts only when sealed by an agent Pod on that node ({@link AgentPods}): a client's report decides
 * whether its node is back or, with the JobFailed evidence, dead, so one agent must not write it for
 * another. The server's and the closes' are not sealed (a server under systemd runs in no Pod): they
 * cannot make the operator evict anything the evidence does not prove dead (see README's threat model).
 */
final class AgentResults {
    private static final Logger LOG = Logger.getLogger(AgentResults.class);
    /** A client's reconnect as its agent reported it. */
    record ClientResult(JobOutcome outcome, Instant observedAt) {
    }

    /**
     * @param clients by node
     * @param server  the server's view of the target, or null before its first inspection
     * @param closes  by the close's name
     */
    record OfRound(Map<String, ClientResult> clients, LustreRoundResultSpec server, Map<String, LustreRoundResultSpec> closes) {
        static final OfRound NONE = new OfRound(Map.of(), null, Map.of());
    }

    /** Parsed client outcomes by UID and resourceVersion: an object edited by hand is read again. */
    private final Map<String, ClientResult> parsed = new ConcurrentHashMap<>();

    /** Unsealed results already logged, by UID and resourceVersion: said once, not at every reconcile. */
    private final Set<String> warned = ConcurrentHashMap.newKeySet();

    OfRound of(String failover, long round, String serverNode, List<LustreRoundResult> results, AgentPods pods) {
        if (results.isEmpty()) {
            return OfRound.NONE;
        }
        String roundName = RoundNames.round(failover, round);
        Map<String, ClientResult> clients = new HashMap<>();
        Map<String, LustreRoundResultSpec> closes = new HashMap<>();
        LustreRoundResultSpec server = null;
        for (LustreRoundResult r : results) {
            LustreRoundResultSpec s = r.getSpec();
            if (s == null || s.role == null || s.node == null || !roundName.equals(s.round)) {
                continue;
            }
            String name = r.getMetadata().getName();
            switch (s.role) {
                case Client -> {
                    // Named for the node it claims: a result that names one node and claims another would
                    // let one agent answer for its neighbour.
                    if (s.progress == LustreRoundResultSpec.Progress.Finished && name.equals(RoundNames.clientResult(failover, round, s.node))) {
                        if (pods.fromNode(r, s.node, s.seal, s)) {
                            clients.put(s.node, parsed.computeIfAbsent(key(r), k -> parse(s)));
                        } else if (warned.add(key(r))) {
                            LOG.warnf("%s/%s: ignored, not sealed by an agent Pod on node %s", r.getMetadata().getNamespace(), name,
                                    s.node);
                        }
                    }
                }
                case Server -> {
                    if (serverNode.equals(s.node) && name.equals(RoundNames.serverResult(failover, round))) {
                        server = s;
                    }
                }
                case Close -> {
                    if (serverNode.equals(s.node) && name.equals(s.close)) {
                        closes.put(name, s);
                    }
                }
            }
        }
        return new OfRound(clients, server, closes);
    }

    /** Keeps only what was parsed of these results (by UID): the others are gone. */
    void retain(Set<String> uids) {
        parsed.keySet().removeIf(k -> !uids.contains(k.substring(0, k.indexOf('/'))));
        warned.removeIf(k -> !uids.contains(k.substring(0, k.indexOf('/'))));
    }

    private static String key(LustreRoundResult r) {
        return r.getMetadata().getUid() + "/" + r.getMetadata().getResourceVersion();
    }

    private static ClientResult parse(LustreRoundResultSpec s) {
        AgentReport r = AgentReport.parse(s.report);
        String message = r.message() != null ? r.message() : s.message;
        JobOutcome outcome = new JobOutcome(r.ok() ? JobOutcome.Phase.Succeeded : JobOutcome.Phase.Failed, r.ok(), r.error(),
                r.uuids(), 1, message);
        return new ClientResult(outcome, Times.parse(s.observedAt));
    }

}
