package dev.lustre.ir.operator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lustre.ir.api.AgentSeal;
import dev.lustre.ir.api.LustreNode;
import dev.lustre.ir.api.LustreNodeDevice;
import dev.lustre.ir.api.LustreNodeStatus;
import dev.lustre.ir.api.LustreRoundResult;
import dev.lustre.ir.api.LustreRoundResultSpec;
import dev.lustre.ir.api.RoundNames;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/**
 * What an agent writes in a node's name counts only when that node's agent Pod sealed it: one agent
 * cannot answer for another, nor reuse what another wrote. Each forgery below is one an agent sharing
 * the service account can write on Kubernetes 1.20; the first case shows the seal is what tells them apart.
 */
class SealedAgentWritesTest {
    private static final String NS = "lustre-ir";
    private static final String LIVE = "c002";
    private static final String DEAD = "c005";
    private static final String FAILED = "{\"command\":\"reconnect\",\"v\":1,\"ok\":false,\"error\":\"Timeout\","
            + "\"target\":\"lustre-OST0001\",\"uuids\":[\"uuid-c002\"],\"elapsedMs\":60000}";

    private final Pod livePod = pod(LIVE);
    private final Pod deadPod = pod(DEAD);
    private final AgentPods pods = new AgentPods((ns, name) -> Map.of(livePod.getMetadata().getName(), livePod,
            deadPod.getMetadata().getName(), deadPod).get(name));

    @Test
    void aResultSealedByTheNodesOwnPodCounts() {
        assertTrue(clientsOf(result(LIVE, r -> seal(r, livePod))).containsKey(LIVE));
    }

    @Test
    void anUnsealedResultIsIgnored() {
        assertFalse(clientsOf(result(LIVE, r -> {
        })).containsKey(LIVE));
    }

    @Test
    void aResultSealedByAnotherNodesPodIsIgnored() {
        assertFalse(clientsOf(result(LIVE, r -> seal(r, deadPod))).containsKey(LIVE));
    }

    @Test
    void aResultNamingTheRightPodWithAGuessedKeyIsIgnored() {
        assertFalse(clientsOf(result(LIVE, r -> r.getSpec().seal = AgentSeal.seal(livePod.getMetadata().getName(),
                UUID.randomUUID().toString(), r.getSpec()))).containsKey(LIVE));
    }

    @Test
    void aSealedResultChangedAfterwardsIsIgnored() {
        LustreRoundResult r = result(LIVE, x -> seal(x, livePod));
        r.getSpec().report = FAILED.replace("Timeout", "Evicted");
        assertFalse(clientsOf(r).containsKey(LIVE));
    }

    @Test
    void aSealCopiedFromAnotherRoundsResultIsIgnored() {
        LustreRoundResult earlier = result(LIVE, x -> seal(x, livePod));
        LustreRoundResult forged = result(LIVE, x -> {
        });
        forged.getSpec().seal = earlier.getSpec().seal;
        forged.getSpec().round = RoundNames.round("f", 2);
        forged.getMetadata().setName(RoundNames.clientResult("f", 2, LIVE));
        assertTrue(new AgentResults().of("f", 2, "oss2", List.of(forged), pods).clients().isEmpty());
    }

    @Test
    void aResultWhosePodIsGoneIsIgnoredUnlessCheckedWhileItRan() {
        LustreRoundResult r = result(LIVE, x -> seal(x, livePod));
        AgentPods none = new AgentPods((ns, name) -> null);
        assertTrue(new AgentResults().of("f", 1, "oss2", List.of(r), none).clients().isEmpty());
        AgentPods once = new AgentPods((ns, name) -> livePod);
        assertFalse(new AgentResults().of("f", 1, "oss2", List.of(r), once).clients().isEmpty());
        // checked once while its Pod ran: a rolling update that replaces the Pod later keeps it
        assertTrue(once.fromNode(r, LIVE, r.getSpec().seal, r.getSpec()));
    }

    @Test
    void theSealSurvivesTheRoundTripThroughJson() {
        LustreRoundResult r = result(LIVE, x -> seal(x, livePod));
        LustreRoundResult read = Serialization.unmarshal(Serialization.asJson(r), LustreRoundResult.class);
        read.getMetadata().setUid(r.getMetadata().getUid() + "-read");
        assertTrue(clientsOf(read).containsKey(LIVE));
    }

    @Test
    void aDeadNodesRegistrationClaimsOnlyWhenItsOwnPodSealedIt() {
        LustreNode honest = registration(DEAD, "uuid-c005", deadPod, deadPod);
        // Another node's agent wrote the dead node's registration to claim a live client's UUID as the
        // dead one's: sealed as itself, or naming the dead node's Pod with the only key it has.
        LustreNode forged = registration(DEAD, "uuid-c002", livePod, livePod);
        LustreNode renamed = registration(DEAD, "uuid-c002", livePod, deadPod);
        assertEquals(List.of("uuid-c005"), directoryOf(honest).registeredUuids(NS, DEAD, "lustre-OST0001"));
        assertEquals(List.of(), directoryOf(forged).registeredUuids(NS, DEAD, "lustre-OST0001"));
        assertEquals(List.of(), directoryOf(renamed).registeredUuids(NS, DEAD, "lustre-OST0001"));
    }

    private Map<String, AgentResults.ClientResult> clientsOf(LustreRoundResult r) {
        return new AgentResults().of("f", 1, "oss2", List.of(r), pods).clients();
    }

    private AgentDirectory directoryOf(LustreNode registration) {
        return new AgentDirectory((ns, name) -> null, (ns, node) -> registration, pods);
    }

    private static void seal(LustreRoundResult r, Pod pod) {
        r.getSpec().seal = AgentSeal.seal(pod.getMetadata().getName(), pod.getMetadata().getUid(), r.getSpec());
    }

    private static LustreRoundResult result(String node, Consumer<LustreRoundResult> sealing) {
        LustreRoundResultSpec s = new LustreRoundResultSpec();
        s.round = RoundNames.round("f", 1);
        s.node = node;
        s.role = LustreRoundResultSpec.Role.Client;
        s.progress = LustreRoundResultSpec.Progress.Finished;
        s.outcome = "Failed";
        s.uuids = List.of("uuid-" + node);
        s.report = FAILED;
        LustreRoundResult r = new LustreRoundResult();
        r.setMetadata(new ObjectMetaBuilder().withNamespace(NS).withName(RoundNames.clientResult("f", 1, node))
                .withUid(UUID.randomUUID().toString()).withResourceVersion("1").build());
        r.setSpec(s);
        sealing.accept(r);
        return r;
    }

    /**
     * @param keyOf whose Pod UID keys the seal
     * @param named the Pod the seal names
     */
    private static LustreNode registration(String node, String uuid, Pod keyOf, Pod named) {
        LustreNodeStatus s = new LustreNodeStatus();
        LustreNodeDevice d = new LustreNodeDevice();
        d.type = "osc";
        d.name = "lustre-OST0001-osc-ffff01";
        d.target = "lustre-OST0001";
        d.uuid = uuid;
        s.clientDevices = List.of(d);
        s.clientDeviceCount = 1;
        s.seal = AgentSeal.seal(named.getMetadata().getName(), keyOf.getMetadata().getUid(), s);
        LustreNode n = new LustreNode();
        n.setMetadata(new ObjectMetaBuilder().withNamespace(NS).withName(node).withUid(UUID.randomUUID().toString())
                .withResourceVersion("1").build());
        n.setStatus(s);
        return n;
    }

    private static Pod pod(String node) {
        return new PodBuilder().withNewMetadata().withNamespace(NS).withName("lustre-ir-agent-" + node)
                .withUid(UUID.nameUUIDFromBytes(node.getBytes()).toString()).endMetadata()
                .withNewSpec().withNodeName(node).endSpec().build();
    }
}
