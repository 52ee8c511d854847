package dev.lustre.ir.operator;

import static dev.lustre.ir.operator.RoundFixture.T0;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lustre.ir.api.ClientsSpec;
import dev.lustre.ir.api.ClosedBy;
import dev.lustre.ir.api.LustreFailover;
import dev.lustre.ir.api.LustreFailoverSpec;
import dev.lustre.ir.api.LustreFailoverStatus;
import dev.lustre.ir.api.Phase;
import dev.lustre.ir.api.RecoveryPolicySpec.CloseMethod;
import dev.lustre.ir.api.RecoveryPolicySpec.Evidence;
import dev.lustre.ir.api.ServerSpec;
import dev.lustre.ir.lustre.ImportState;
import dev.lustre.ir.lustre.RecoveryState;
import dev.lustre.ir.operator.RoundSnapshot.JobProgress;
import dev.lustre.ir.policy.ClientObservation;
import dev.lustre.ir.policy.ClientState;
import dev.lustre.ir.policy.EffectivePolicy;
import dev.lustre.ir.policy.NodeHealth;
import dev.lustre.ir.policy.Plan;
import dev.lustre.ir.report.AgentError;
import dev.lustre.ir.report.CloseWindowReport;
import dev.lustre.ir.report.DeviceReconnect;
import dev.lustre.ir.report.InspectServerReport;
import dev.lustre.ir.report.ReconnectReport;
import dev.lustre.ir.report.ReportWriter;
import dev.lustre.ir.report.TargetRecovery;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobConditionBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.JobStatusBuilder;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/** The snapshot read off Jobs and Pods as the informers hold them: no API server. */
class RoundObserverTest {
    /** Reports as the agent writes them: through the shared records, not hand-written JSON. */
    private static final String INSPECTED = inspected(RecoveryState.RECOVERING);

    private final AgentJobFactory factory = new AgentJobFactory("img", null, "150s");
    private final EffectivePolicy policy = RoundFixture.policy(null);
    private final LustreFailover lfo = failover();
    private final Map<String, JobView> jobs = new HashMap<>();
    private final RoundObserver observer = new RoundObserver((f, round) -> List.of("c1", "c2"),
            f -> Map.of("c2", List.of("c2-uuid")));

    private static LustreFailover failover() {
        LustreFailover lfo = new LustreFailover();
        lfo.setMetadata(new ObjectMetaBuilder().withName("ost1").withNamespace("hpc").withUid("uid-1").withGeneration(1L).build());
        LustreFailoverSpec spec = new LustreFailoverSpec();
        spec.fsName = "lustre";
        spec.target = "lustre-OST0001";
        spec.server = new ServerSpec();
        spec.server.node = "oss2";
        spec.server.nids = List.of("10.0.0.12@o2ib");
        spec.clients = new ClientsSpec();
        spec.clients.nodes = List.of("c1", "c2");
        lfo.setSpec(spec);
        return lfo;
    }

    private RoundSnapshot observe(LustreFailoverStatus recorded, Instant now) {
        return observe(observer, recorded, now, node -> node.equals("c1") ? ready(node) : null);
    }

    private RoundSnapshot observe(RoundObserver observer, LustreFailoverStatus recorded, Instant now, Function<String, Node> nodes) {
        return observer.observe(new RoundState(lfo, recorded, 1, policy, jobs, nodes,
                new RoundAgents(null, AgentResults.OfRound.NONE, List.of(), new AgentDirectory((ns, n) -> null, (ns, n) -> null, new AgentPods((ns, n) -> null))),
                now));
    }

    private static Node ready(String name) {
        return new NodeBuilder().withNewMetadata().withName(name).endMetadata()
                .withNewStatus().addNewCondition().withType("Ready").withStatus("True").endCondition().endStatus().build();
    }

    /** The Job as the Job controller leaves it: created, completed, its Pod terminated with the agent's report. */
    private void finished(Job job, Instant created, Instant completed, String report) {
        job.getMetadata().setCreationTimestamp(created.toString());
        job.getMetadata().setUid(job.getMetadata().getName() + "-uid");
        job.setStatus(new JobStatusBuilder().withCompletionTime(completed.toString()).withSucceeded(1)
                .withConditions(new JobConditionBuilder().withType("Complete").withStatus("True").build()).build());
        Pod pod = new PodBuilder().withNewStatus().withPhase("Succeeded").addNewContainerStatus().withNewState().withNewTerminated()
                .withExitCode(0).withMessage(report).withFinishedAt(completed.toString()).endTerminated().endState()
                .endContainerStatus().endStatus().build();
        jobs.put(job.getMetadata().getName(), new JobView(job, List.of(pod)));
    }

    private void running(Job job, Instant created) {
        job.getMetadata().setCreationTimestamp(created.toString());
        jobs.put(job.getMetadata().getName(), new JobView(job, List.of()));
    }

    /**
     * Past the agents' reconnect timeout, a live agent whose result is still missing gets a Job, unless
     * the server no longer waits for the UUIDs it registered: its reconnect is done, only its result is
     * late (an API server too busy), and a Job would reconnect nothing.
     */
    @Test
    void aLateResultOfAClientTheServerNoLongerWaitsForIsWaitedForNotReplacedByAJob() {
        finished(factory.inspect(lfo, 1, policy, AgentJobFactory.ROLE_PREFLIGHT, 0), T0, T0.plusSeconds(1), INSPECTED);
        Instant now = T0.plus(policy.reconnectTimeout()).plus(RoundObserver.AGENT_SLACK).plusSeconds(30);
        Map<String, Pod> agentPods = new HashMap<>();
        Map<String, dev.lustre.ir.api.LustreNode> registrations = new HashMap<>();
        for (String node : List.of("c1", "c2")) {
            Pod pod = new PodBuilder().withNewMetadata().withNamespace("hpc").withName("lustre-ir-agent-" + node)
                    .withUid(node + "-pod-uid").endMetadata().withNewSpec().withNodeName(node).endSpec().build();
            agentPods.put(pod.getMetadata().getName(), pod);
            dev.lustre.ir.api.LustreNodeDevice d = new dev.lustre.ir.api.LustreNodeDevice();
            d.type = "osc";
            d.name = "lustre-OST0001-osc-ffff01";
            d.target = "lustre-OST0001";
            d.uuid = node + "-uuid";
            dev.lustre.ir.api.LustreNodeStatus st = new dev.lustre.ir.api.LustreNodeStatus();
            st.clientDevices = List.of(d);
            st.clientDeviceCount = 1;
            st.seal = dev.lustre.ir.api.AgentSeal.seal(pod.getMetadata().getName(), pod.getMetadata().getUid(), st);
            dev.lustre.ir.api.LustreNode n = new dev.lustre.ir.api.LustreNode();
            n.setMetadata(new ObjectMetaBuilder().withNamespace("hpc").withName(node).withUid(node + "-reg").withResourceVersion("1").build());
            n.setStatus(st);
            registrations.put(node, n);
        }
        var renewed = java.time.ZonedDateTime.ofInstant(now, java.time.ZoneOffset.UTC);
        AgentDirectory directory = new AgentDirectory((ns, lease) -> new io.fabric8.kubernetes.api.model.coordination.v1.LeaseBuilder()
                .withNewSpec().withHolderIdentity(lease.substring(dev.lustre.ir.api.ApiGroup.AGENT_LEASE_PREFIX.length()))
                .withRenewTime(renewed).withLeaseDurationSeconds(40).endSpec().build(),
                (ns, node) -> registrations.get(node), new AgentPods((ns, name) -> agentPods.get(name)));
        dev.lustre.ir.api.LustreRound issued = new dev.lustre.ir.api.LustreRound();
        issued.setMetadata(new ObjectMetaBuilder().withNamespace("hpc").withName("ost1-r1").withCreationTimestamp(T0.toString()).build());
        RoundSnapshot seen = observer.observe(new RoundState(lfo, RoundFixture.recorded(Phase.Reconnecting, 2), 1, policy, jobs,
                RoundObserverTest::ready, new RoundAgents(issued, AgentResults.OfRound.NONE, List.of(), directory), now));

        assertEquals(Set.of("c2-uuid"), seen.latest().staleClients(), "the server waits for c2 only");
        assertEquals(ClientState.Running, seen.clients().get(0).state(), "c1 is back on the server: its result is waited for");
        assertEquals(ClientState.Pending, seen.clients().get(1).state(), "c2's agent fell silent: it gets a Job");
    }

    @Test
    void aRoundWithoutJobsHasNotStarted() {
        RoundSnapshot seen = observe(RoundFixture.recorded(Phase.Pending, 2), T0);
        assertEquals(JobProgress.Absent, seen.preflight());
        assertNull(seen.latest());
        assertTrue(seen.clients().isEmpty(), "clients are read once the server was inspected");
    }

    @Test
    void theNewestSuccessfulInspectionAndEveryClientAreSeen() {
        finished(factory.inspect(lfo, 1, policy, AgentJobFactory.ROLE_PREFLIGHT, 0), T0, T0.plusSeconds(1), INSPECTED);
        finished(factory.reconnect(lfo, 1, policy, "c1", 7L), T0.plusSeconds(2), T0.plusSeconds(4),
                ReportWriter.render(ReconnectReport.of("lustre-OST0001", List.of(new DeviceReconnect("lustre-OST0001-osc-ffff01",
                        "c1-uuid", ImportState.FULL, "10.0.0.12@tcp", 7L, DeviceReconnect.Action.importWrite, false, null, null)),
                        null, null, 900)));
        RoundSnapshot seen = observe(RoundFixture.recorded(Phase.Reconnecting, 2), T0.plusSeconds(5));
        assertEquals(JobProgress.Succeeded, seen.preflight());
        assertEquals("RECOVERING", seen.latest().server().recoveryStatus);
        assertEquals(7L, seen.latest().server().instance);
        assertEquals(Set.of("c2-uuid"), seen.latest().staleClients());
        assertEquals(T0, seen.latest().observedAt());
        assertEquals(ClientState.Reconnected, seen.clients().get(0).state());
        assertEquals(List.of("c1-uuid"), seen.clients().get(0).uuids());
        assertEquals(ClientState.Dead, seen.clients().get(1).state(), "c2's node is gone");
        assertEquals(1, seen.dispatched());
        assertEquals(T0.plusSeconds(4), seen.lastClientReport());
        assertEquals(Map.of("c2", List.of("c2-uuid")), seen.inventory());
    }

    /**
     * The roster is listed live, node health read from the operator's cache: a cache lagging behind
     * (an operator just started, a dropped watch) must not make live clients NodeMissing, which is
     * evidence of death. Only a node the API server lacks too is missing.
     */
    @Test
    void aNodeCacheLaggingBehindTheRosterYieldsNoNodeMissing() {
        finished(factory.inspect(lfo, 1, policy, AgentJobFactory.ROLE_PREFLIGHT, 0), T0, T0.plusSeconds(1), INSPECTED);
        RoundObserver fourClients = new RoundObserver((f, round) -> List.of("c1", "c2", "c3", "c4"), f -> Map.of());
        Map<String, Node> cache = Map.of("c1", ready("c1"));
        Map<String, Node> apiServer = Map.of("c1", ready("c1"), "c2", ready("c2"), "c3", ready("c3"));
        NodeLookup nodes = new NodeLookup(cache::get, apiServer::get, NodeLookup.REMEMBER);
        Instant now = T0.plusSeconds(2);
        List<ClientObservation> clients = observe(fourClients, RoundFixture.recorded(Phase.Reconnecting, 4), now, nodes.at(now)).clients();
        for (ClientObservation c : clients.subList(0, 3)) {
            assertEquals(ClientState.Pending, c.state(), c.node() + ": Ready on the API server, no Job yet");
            assertEquals(NodeHealth.Ready, c.health(), c.node());
            assertNull(c.evidence(), c.node());
        }
        assertEquals("c4", clients.get(3).node());
        assertEquals(Evidence.NodeMissing, clients.get(3).evidence(), "gone from the API server too");
    }

    @Test
    void verificationsTheStatusDidNotRecordAreAdopted() {
        finished(factory.inspect(lfo, 1, policy, AgentJobFactory.ROLE_PREFLIGHT, 0), T0, T0.plusSeconds(1), INSPECTED);
        finished(factory.inspect(lfo, 1, policy, AgentJobFactory.ROLE_VERIFY, 1), T0.plusSeconds(30), T0.plusSeconds(31),
                inspected(RecoveryState.COMPLETE));
        running(factory.inspect(lfo, 1, policy, AgentJobFactory.ROLE_VERIFY, 2), T0.plusSeconds(60));
        RoundSnapshot seen = observe(RoundFixture.recorded(Phase.ClosingWindow, 2), T0.plusSeconds(61));
        assertEquals(2, seen.verifications(), "the status recorded none");
        assertEquals("COMPLETE", seen.latest().server().recoveryStatus, "verify-1 is the newest finished");
        assertEquals(false, seen.lastInspection().finished(), "verify-2 still runs");
    }

    @Test
    void aCloseJobSaysWhatItWasIssuedToDo() {
        finished(factory.inspect(lfo, 1, policy, AgentJobFactory.ROLE_PREFLIGHT, 0), T0, T0.plusSeconds(1), INSPECTED);
        Plan plan = new Plan(CloseMethod.EvictDead, List.of("c2-uuid"), "DeadlineExpired", "1 client(s) … left to Lustre");
        Job close = IssuedClose.annotate(factory.close(lfo, 1, policy, false, plan.uuids()), plan, ClosedBy.Deadline);
        finished(close, T0.plusSeconds(8), T0.plusSeconds(12),
                ReportWriter.render(CloseWindowReport.of("lustre-OST0001", CloseWindowReport.Action.EvictDead, List.of("c2-uuid"),
                        List.of(), false, recovery(RecoveryState.RECOVERING, 1), 4000, AgentError.Timeout, "still recovering")));
        RoundSnapshot seen = observe(RoundFixture.recorded(Phase.Reconnecting, 2), T0.plusSeconds(13));
        assertEquals(plan, seen.close().plan());
        assertEquals(ClosedBy.Deadline, seen.close().closedBy());
        assertEquals(T0.plusSeconds(8), seen.close().createdAt());
        assertTrue(seen.close().timedOut());
        assertEquals(1, seen.close().finalServer().evicted);
        assertEquals("Timeout: still recovering", seen.close().failure());
        assertEquals(T0.plusSeconds(12), seen.close().finishedAt());
    }

    @Test
    void aFinishedJobWhoseReportHasNotArrivedIsStillRunning() {
        Job preflight = factory.inspect(lfo, 1, policy, AgentJobFactory.ROLE_PREFLIGHT, 0);
        finished(preflight, T0, T0.plusSeconds(1), INSPECTED);
        jobs.put(preflight.getMetadata().getName(), new JobView(preflight, List.of()));
        assertEquals(JobProgress.Running, observe(RoundFixture.recorded(Phase.Preflight, 2), T0.plusSeconds(2)).preflight());
    }

    private static String inspected(RecoveryState state) {
        return ReportWriter.render(InspectServerReport.of("lustre-OST0001", recovery(state, 0), 7L, List.of("c2-uuid"), null));
    }

    private static TargetRecovery recovery(RecoveryState state, int evicted) {
        return new TargetRecovery(state, 1, 2, null, evicted, null, null, null, null, null, null, null);
    }
}
