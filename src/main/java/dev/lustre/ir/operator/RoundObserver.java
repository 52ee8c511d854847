package dev.lustre.ir.operator;

import dev.lustre.ir.api.ApiGroup;
import dev.lustre.ir.api.LustreClose;
import dev.lustre.ir.api.LustreRoundResultSpec;
import dev.lustre.ir.api.LustreFailover;
import dev.lustre.ir.api.LustreFailoverStatus;
import dev.lustre.ir.api.Via;
import dev.lustre.ir.kube.Times;
import dev.lustre.ir.operator.RoundSnapshot.Inspection;
import dev.lustre.ir.policy.ClientClassifier;
import dev.lustre.ir.policy.ClientObservation;
import dev.lustre.ir.policy.JobOutcome;
import dev.lustre.ir.policy.ObservedNodeHealth;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BiFunction;
import java.util.function.Function;

/**
 * Reads a round off the API server into a {@link RoundSnapshot}: what its agents reported, through
 * Jobs or as resident agents, the server through its {@link ServerSide}, the roster and its nodes'
 * health, the inventory and the agents' registrations. The only place that reads the agents' reports.
 */
final class RoundObserver {
    /** After a resident agent's reconnect timeout: how long its result may take before the node gets a Job. */
    static final Duration AGENT_SLACK = Duration.ofSeconds(15);
    private final BiFunction<LustreFailover, Long, List<String>> roster;
    private final Function<LustreFailover, Map<String, List<String>>> inventory;
    /** Outcomes of finished client Jobs by Job UID: a finished Job does not change, so its report is read once. */
    private final Map<String, JobOutcome> finished = new ConcurrentHashMap<>();

    /**
     * @param roster    the round's client nodes, or null when the round has none recorded
     * @param inventory client UUIDs per node, from earlier reports
     */
    RoundObserver(BiFunction<LustreFailover, Long, List<String>> roster, Function<LustreFailover, Map<String, List<String>>> inventory) {
        this.roster = roster;
        this.inventory = inventory;
    }

    RoundSnapshot observe(RoundState st) {
        Via via = serverVia(st);
        return via == Via.Agent ? observe(st, new ServerByAgent(st)) : observe(st, new ServerByJobs(st, via));
    }

    private RoundSnapshot observe(RoundState st, ServerSide server) {
        LustreFailoverStatus recorded = st.status();
        RoundAgents agents = st.agents();
        Inspection latest = server.latest();
        List<ClientObservation> clients = new ArrayList<>();
        int viaAgent = 0;
        int viaJob = 0;
        int jobsRunning = 0;
        Instant lastClientReport = Instant.EPOCH;
        Map<String, List<String>> known = Map.of();
        List<String> nodes = latest == null ? null : roster.apply(st.lfo(), st.round());
        if (nodes != null) {
            known = new HashMap<>(inventory.apply(st.lfo()));
            for (String node : nodes) {
                JobView job = st.job(Names.clientJob(st.name(), st.round(), node));
                AgentResults.ClientResult result = agents.results().clients().get(node);
                JobOutcome outcome;
                // A node's own agent and a Job may both have answered (an agent back after its Job
                // was created): a reconnect either of them reports is the node's.
                if (result != null && (job == null || result.outcome().agentOk() || !reported(job))) {
                    outcome = result.outcome();
                    viaAgent++;
                    lastClientReport = later(lastClientReport, result.observedAt());
                } else if (job != null) {
                    outcome = cachedOutcome(job);
                    viaJob++;
                    jobsRunning += outcome.phase() == JobOutcome.Phase.Running ? 1 : 0;
                    lastClientReport = later(lastClientReport, job.completedAt());
                } else if (agentAtWork(st, node, latest)) {
                    outcome = new JobOutcome(JobOutcome.Phase.Running, false, null, List.of(), 1, "its resident agent is reconnecting");
                    viaAgent++;
                } else {
                    outcome = JobOutcome.notCreated();
                }
                ObservedNodeHealth health = NodeHealthReader.observe(st.nodes().apply(node));
                clients.add(ClientClassifier.classify(node, health, outcome, st.policy().deadClientEvidence()));
                List<String> registered = agents.directory().registeredUuids(st.namespace(), node, st.lfo().getSpec().target);
                if (!registered.isEmpty()) {
                    Set<String> uuids = new LinkedHashSet<>(known.getOrDefault(node, List.of()));
                    uuids.addAll(registered);
                    known.put(node, List.copyOf(uuids));
                }
            }
        }
        int expected = recorded.clients != null && recorded.clients.expected > 0 ? recorded.clients.expected : clients.size();
        String approval = st.lfo().getMetadata().getAnnotations() == null ? null
                : st.lfo().getMetadata().getAnnotations().get(ApiGroup.APPROVE_ANNOTATION);
        Set<String> ordered = new LinkedHashSet<>();
        Set<String> orderedEarly = new LinkedHashSet<>();
        boolean earlyEvictionsDone = true;
        for (LustreClose c : agents.closes()) {
            List<String> uuids = c.getSpec().uuids == null ? List.of() : c.getSpec().uuids;
            ordered.addAll(uuids);
            if (!Boolean.TRUE.equals(c.getSpec().waitForWindow)) {
                orderedEarly.addAll(uuids);
                earlyEvictionsDone &= evictedSomeone(agents.results().closes().get(c.getMetadata().getName()));
            }
        }

        return new RoundSnapshot(st.now(), st.round(), st.policy(), st.suspended(), Long.toString(st.round()).equals(approval),
                st.lfo().getSpec().target, st.lfo().getSpec().server.node, expected, server.preflight(), server.preflightFailure(),
                latest, server.verifications(), server.lastInspection(), clients, viaAgent + viaJob, lastClientReport,
                server.close(latest == null ? recorded.server : latest.server()), latest == null ? Map.of() : known,
                server.via(), server.agentAlive(), viaAgent, viaJob, jobsRunning, ordered, orderedEarly,
                agents.closes().isEmpty() ? 0 : agents.closes().get(agents.closes().size() - 1).getSpec().sequence,
                serverProblem(st, server.via()), server.targetLeft(), !orderedEarly.isEmpty() && earlyEvictionsDone);
    }

    /** Whether the server's agent answered an early eviction, saying it evicted at least one client. */
    private static boolean evictedSomeone(LustreRoundResultSpec answer) {
        if (answer == null || answer.progress != LustreRoundResultSpec.Progress.Finished) {
            return false;
        }
        Integer evicted = AgentReport.parse(answer.report).closeEvicted();
        return evicted != null && evicted > 0;
    }

    /** What Kubernetes shows of the server node and the preflight's Pod, while the preflight has not answered. */
    private static ServerReadiness.Problem serverProblem(RoundState st, Via via) {
        if (via == Via.Agent) {
            return null;
        }
        String server = st.lfo().getSpec().server.node;
        JobView preflight = st.job(serverJob(st, AgentJobFactory.ROLE_PREFLIGHT));
        return ServerReadiness.check(server, via, st.nodes().apply(server), st.agents().directory().registered(st.namespace(), server),
                preflight == null ? List.of() : preflight.pods(), preflight == null ? null : preflight.createdAt(), st.now());
    }

    /**
     * How this round reaches the server: as recorded when it started; before that, its resident
     * agent when one is alive (a Lustre server under Pacemaker is often no Kubernetes node), else Jobs
     * when it is a Kubernetes node, else nothing (null). A preflight Job already made keeps the round
     * on Jobs, a server result already written on the agent, whatever their liveness now.
     */
    private static Via serverVia(RoundState st) {
        if (st.status().serverVia != null) {
            return st.status().serverVia;
        }
        if (st.job(serverJob(st, AgentJobFactory.ROLE_PREFLIGHT)) != null) {
            return Via.Job;
        }
        String server = st.lfo().getSpec().server.node;
        if (st.agents().results().server() != null || st.agents().directory().alive(st.namespace(), server, st.now())) {
            return Via.Agent;
        }
        return st.nodes().apply(server) != null ? Via.Job : null;
    }

    /**
     * Whether a node without a result or a Job is left to its resident agent: the round was issued,
     * the agent renews its Lease, its node registered a device of the target (so it will act and
     * answer), and the agent is within its reconnect timeout. Otherwise the node gets a Job: an agent
     * that died or fell silent mid-round does not hold the round up.
     */
    private static boolean agentAtWork(RoundState st, String node, Inspection latest) {
        RoundAgents agents = st.agents();
        if (agents.round() == null || !agents.directory().alive(st.namespace(), node, st.now())
                || !agents.directory().registeredClientOf(st.namespace(), node, st.lfo().getSpec().target)) {
            return false;
        }
        Instant issued = Times.parse(agents.round().getMetadata().getCreationTimestamp());
        Instant silentAfter = (issued == null ? st.now() : issued).plus(st.policy().reconnectTimeout()).plus(AGENT_SLACK);
        return st.now().isBefore(silentAfter) || backOnTheServer(st, node, latest);
    }

    /**
     * Whether the server no longer waits for any UUID the node's agent registered for the target: its
     * reconnect is done and only its result is late (an API server too busy to take 4,000 results at
     * once). A Job then would reconnect nothing; the result is waited for instead. Only with the
     * server's full list of the clients it waits for (2.16+, not cut short).
     */
    private static boolean backOnTheServer(RoundState st, String node, Inspection latest) {
        if (latest == null || latest.staleClients() == null || latest.staleTruncated()) {
            return false;
        }
        List<String> registered = st.agents().directory().registeredUuids(st.namespace(), node, st.lfo().getSpec().target);
        return !registered.isEmpty() && registered.stream().noneMatch(latest.staleClients()::contains);
    }

    private static Instant later(Instant a, Instant b) {
        return b != null && b.isAfter(a) ? b : a;
    }

    /** Keeps only what was read of these Jobs (by UID): the others are gone. */
    void retainJobs(Set<String> jobUids) {
        finished.keySet().retainAll(jobUids);
    }

    private JobOutcome cachedOutcome(JobView view) {
        if (!reported(view)) {
            return outcome(view);
        }
        return finished.computeIfAbsent(view.job().getMetadata().getUid(), uid -> outcome(view));
    }

    private static JobOutcome outcome(JobView view) {
        if (view == null) {
            return JobOutcome.notCreated();
        }
        if (!reported(view)) {
            return new JobOutcome(JobOutcome.Phase.Running, false, null, List.of(), view.attempts(), null);
        }
        AgentReport r = AgentReport.parse(view.terminationMessage());
        String message = r.message() != null ? r.message() : view.failureReason();
        return new JobOutcome(view.complete() ? JobOutcome.Phase.Succeeded : JobOutcome.Phase.Failed,
                view.complete() && r.ok(), r.error() != null ? r.error() : view.failureReason(), r.uuids(), view.attempts(), message);
    }

    /** Finished, with its report arrived: only then is what the agent said final. */
    static boolean reported(JobView view) {
        return view != null && view.finished() && !view.reportPending();
    }

    static String describe(AgentReport r, JobView v) {
        String what = r.error() != null ? r.error() + ": " + r.message() : v.failureReason();
        return what == null ? "no report" : what;
    }

    static String serverJob(RoundState st, String role) {
        return Names.serverJob(st.name(), st.round(), role);
    }

}
