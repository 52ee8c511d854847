package dev.lustre.ir.agent;

import static dev.lustre.ir.agent.SimAgentSupport.NEW_NID;
import static dev.lustre.ir.agent.SimAgentSupport.OST;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lustre.ir.api.LustreClose;
import dev.lustre.ir.api.LustreCloseSpec;
import dev.lustre.ir.api.LustreRound;
import dev.lustre.ir.api.LustreRoundResult;
import dev.lustre.ir.api.LustreRoundSpec;
import dev.lustre.ir.api.RecoveryPolicySpec.CloseMethod;
import dev.lustre.ir.api.RoundNames;
import dev.lustre.ir.kube.Times;
import dev.lustre.ir.sandbox.LocalApiServer;
import dev.lustre.ir.sim.ManualClock;
import dev.lustre.ir.sim.SimClock;
import dev.lustre.ir.sim.SimCluster;
import dev.lustre.ir.testing.CrdFiles;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.function.Consumer;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What a resident agent reads from the API server, made hostile: LustreRounds and LustreCloses with
 * values the schema would refuse (delivered straight to the agent, as if from an API server without
 * the schema), each with one bad field. The agent acts on none of them (no lctl write, no hostile
 * word in any lctl argv), logs for each round why it was ignored naming the field, answers a bad
 * close Failed naming the field, does not stop, and carries out the valid round and close that
 * follow them.
 */
class ResidentAgentHostileRoundsTest {
    private static final String FAILOVER = "ost1-failover";
    private static final String SERVER = "oss2";
    private static final String NS = "hostile-rounds";
    private static LocalApiServer api;
    private static KubernetesClient client;

    @BeforeAll
    static void startApiServer(@TempDir Path work) throws Exception {
        api = LocalApiServer.start(Path.of(System.getProperty("kube-api-test.dir")), work);
        client = api.client("resident-agent-hostile-rounds-test");
        api.applyCrds(client, CrdFiles.COMMITTED);
        client.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName(NS).endMetadata().build()).create();
    }

    @AfterAll
    static void stopApiServer() {
        client.close();
        api.close();
    }

    /** A field made hostile; {@code field} is what the agent's refusal must name. */
    private record Bad(String field, Consumer<LustreRoundSpec> spoil) {
    }

    private static final List<Bad> BAD_ROUNDS = List.of(
            new Bad("spec.target", s -> s.target = "lustre-\u041eST0001"),
            new Bad("spec.target", s -> s.target = "lustre-OST\uff10\uff10\uff10\uff11"),
            new Bad("spec.target", s -> s.target = "lustre-OST0001;reboot"),
            new Bad("spec.target", s -> s.target = "../../etc/passwd"),
            new Bad("spec.target", s -> s.target = "lustre-OST0001" + "0".repeat(100_000)),
            new Bad("spec.target", s -> s.target = "other-OST0001"),
            new Bad("spec.fsName", s -> s.fsName = "$(id)"),
            new Bad("spec.fsName", s -> s.fsName = null),
            new Bad("spec.nids", s -> s.nids = List.of("10.0.0.12@tcp;reboot")),
            new Bad("spec.nids", s -> s.nids = List.of("`id`@tcp")),
            new Bad("spec.nids", s -> s.nids = List.of(NEW_NID, "10.0.0.13@tcp\nset_param")),
            new Bad("spec.nids", s -> s.nids = List.of("1".repeat(10_000) + "@tcp")),
            new Bad("spec.nids", s -> s.nids = IntStream.range(0, 17).mapToObj(i -> "10.0.0." + i + "@tcp").toList()),
            new Bad("spec.nids", s -> s.nids = IntStream.range(0, 100_000).mapToObj(i -> NEW_NID).toList()),
            new Bad("spec.nids", s -> s.nids = List.of()),
            new Bad("spec.nids", s -> s.nids = List.of("10.0.0.12\uff20tcp")),
            new Bad("spec.serverNode", s -> s.serverNode = "oss2;reboot"),
            new Bad("spec.serverNode", s -> s.serverNode = "../oss2"),
            new Bad("spec.failover", s -> s.failover = "a/b"),
            new Bad("spec.round", s -> s.round = -1L),
            new Bad("spec.reconnectTimeout", s -> s.reconnectTimeout = "1h;reboot"),
            new Bad("spec.reconnectTimeout", s -> s.reconnectTimeout = "0s"),
            new Bad("spec.reconnectTimeout", s -> s.reconnectTimeout = "99999h"),
            new Bad("spec.reconnectTimeout", s -> s.reconnectTimeout = "\u0663s"));

    private record BadClose(String field, Consumer<LustreCloseSpec> spoil) {
    }

    private static final List<BadClose> BAD_CLOSES = List.of(
            new BadClose("spec.uuids", s -> s.uuids = List.of("c003-uuid", "x;rm -rf /")),
            new BadClose("spec.uuids", s -> s.uuids = List.of("$(reboot)")),
            new BadClose("spec.uuids", s -> s.uuids = List.of("../../x")),
            new BadClose("spec.uuids", s -> s.uuids = List.of("\uff41\uff42")),
            new BadClose("spec.uuids", s -> s.uuids = List.of("a".repeat(41))),
            new BadClose("spec.uuids", s -> s.uuids = List.of("lustre-MDT0000-mdtlov_UUID")),
            new BadClose("spec.uuids", s -> s.uuids = Collections.nCopies(100_001, "c003-uuid")),
            new BadClose("spec.uuids", s -> s.uuids = List.of()),
            new BadClose("spec.target", s -> s.target = "lustre-OST0001`id`"),
            new BadClose("spec.round", s -> s.round = "../round"),
            new BadClose("spec.timeout", s -> s.timeout = "1h;reboot"),
            new BadClose("spec.timeout", s -> s.timeout = null),
            new BadClose("spec.action", s -> s.action = null),
            new BadClose("spec.uuids", s -> {
                s.action = CloseMethod.AbortRecovery;
                s.uuids = List.of("c003-uuid");
            }));

    @Test
    void hostileRoundsAndClosesAreRefusedNamingTheFieldAndTheAgentKeepsServing() throws Exception {
        ManualClock clock = SimClock.manual();
        SimCluster sim = SimCluster.builder().clients(3).deadNodes("c003").clock(clock).build();
        sim.failover();
        ByteArrayOutputStream logged = new ByteArrayOutputStream();
        PrintStream log = new PrintStream(tee(logged, System.err), true, StandardCharsets.UTF_8);
        RecordingRunner clientLctl = new RecordingRunner(sim.lctl("c001"));
        RecordingRunner serverLctl = new RecordingRunner(sim.lctl(SERVER));
        ResidentAgentRoundsTest.DirectFeed clientFeed = new ResidentAgentRoundsTest.DirectFeed();
        ResidentAgentRoundsTest.DirectFeed serverFeed = new ResidentAgentRoundsTest.DirectFeed();
        List<AutoCloseable> toClose = new ArrayList<>();
        try {
            KubernetesClient asClient = api.client("lustre-ir-agent/c001");
            KubernetesClient asServer = api.client("lustre-ir-agent/" + SERVER);
            toClose.add(asClient);
            toClose.add(asServer);
            ResidentAgent c001 = new ResidentAgent(asClient, new ServeRequest("c001", NS, null, List.of("lctl"),
                    Duration.ofMinutes(10)), clientLctl, Agent.clockOf(clock::millis), clock, log, clientFeed).start();
            ResidentAgent server = new ResidentAgent(asServer, new ServeRequest(SERVER, NS, null, List.of("lctl"),
                    Duration.ofMinutes(10)), serverLctl, Agent.clockOf(clock::millis), clock, log, serverFeed).start();
            toClose.add(0, c001);
            toClose.add(0, server);

            long n = 0;
            for (Bad bad : BAD_ROUNDS) {
                LustreRoundSpec spec = roundSpec(++n);
                bad.spoil().accept(spec);
                clientFeed.listener.round(unstored(RoundNames.round(FAILOVER, n), spec, clock), false);
            }
            // The valid round after all of them: the client agent still serves.
            LustreRound good = stored(roundSpec(++n));
            clientFeed.listener.round(good, false);
            String goodResult = RoundNames.clientResult(FAILOVER, n, "c001");
            await().atMost(Duration.ofSeconds(30)).until(() -> result(goodResult) != null);
            assertEquals("Reconnected", result(goodResult).getSpec().outcome, result(goodResult).getSpec().message);

            int closeSeq = 0;
            List<String> refusedCloses = new ArrayList<>();
            for (BadClose bad : BAD_CLOSES) {
                LustreCloseSpec spec = closeSpec(good, List.of("c003-uuid"), ++closeSeq);
                bad.spoil().accept(spec);
                LustreClose close = unstoredClose(RoundNames.close(FAILOVER, n, closeSeq), spec);
                serverFeed.listener.close(close, false);
                refusedCloses.add(close.getMetadata().getName());
            }
            for (int i = 0; i < BAD_CLOSES.size(); i++) {
                String name = refusedCloses.get(i);
                String field = BAD_CLOSES.get(i).field();
                await().atMost(Duration.ofSeconds(30)).until(() -> result(name) != null);
                LustreRoundResult r = result(name);
                assertEquals("Failed", r.getSpec().outcome, name);
                assertTrue(r.getSpec().message.startsWith("refused, nothing run: ") && r.getSpec().message.contains(field),
                        name + " should name " + field + ": " + r.getSpec().message);
                assertTrue(r.getSpec().message.length() < 2048, "a bounded message: " + r.getSpec().message.length());
            }
            assertEquals(List.of(), sim.evictRequests(), "nothing evicted by a hostile close");
            assertEquals(List.of(), serverLctl.writes(), "no state-changing lctl call on the server");

            // The valid close after them: the server's agent still serves.
            LustreCloseSpec ok = closeSpec(good, List.of(sim.client("c003").uuid()), ++closeSeq);
            ok.waitForWindow = false;
            ok.timeout = null;
            LustreClose valid = unstoredClose(RoundNames.close(FAILOVER, n, closeSeq), ok);
            serverFeed.listener.close(valid, false);
            await().atMost(Duration.ofSeconds(30)).until(() -> result(valid.getMetadata().getName()) != null);
            assertEquals(List.of(sim.client("c003").uuid()), sim.evictRequests(), "the valid close evicts its one UUID");

            String text = logged.toString(StandardCharsets.UTF_8);
            n = 0;
            for (Bad bad : BAD_ROUNDS) {
                String name = RoundNames.round(FAILOVER, ++n);
                assertTrue(text.lines().anyMatch(l -> l.contains("round " + NS + "/" + name + " ignored, nothing run: ")
                        && l.contains(bad.field())), "the log says why " + name + " was ignored, naming " + bad.field());
            }
            for (List<String> call : clientLctl.calls()) {
                String line = String.join(" ", call);
                assertTrue(!line.contains(";") && !line.contains("$(") && !line.contains("`") && !line.contains("..")
                        && !line.contains("\n") && line.length() < 1000, "a hostile word reached lctl: " + line);
            }
            assertEquals(1, clientLctl.writes().stream().filter(w -> w.get(0).equals("set_param")).count(),
                    "one reconnect: the valid round's; " + clientLctl.writes());
            System.out.printf("[agent-feed] hostile rounds: %d, hostile closes: %d, all refused naming the field; lctl writes: %d"
                    + " (the valid round's reconnect), evictions: %d (the valid close's)%n", BAD_ROUNDS.size(), BAD_CLOSES.size(),
                    clientLctl.writes().size() + serverLctl.writes().size(), sim.evictRequests().size());
        } finally {
            for (AutoCloseable c : toClose) {
                c.close();
            }
        }
    }

    private static OutputStream tee(OutputStream a, OutputStream b) {
        return new OutputStream() {
            @Override
            public synchronized void write(int c) throws java.io.IOException {
                a.write(c);
                b.write(c);
            }

            @Override
            public synchronized void write(byte[] buf, int off, int len) throws java.io.IOException {
                a.write(buf, off, len);
                b.write(buf, off, len);
            }
        };
    }

    private static LustreRoundSpec roundSpec(long n) {
        LustreRoundSpec spec = new LustreRoundSpec();
        spec.failover = FAILOVER;
        spec.round = n;
        spec.fsName = "lustre";
        spec.target = OST;
        spec.serverNode = SERVER;
        spec.nids = List.of(NEW_NID);
        spec.reconnectTimeout = "60s";
        return spec;
    }

    private static LustreRound unstored(String name, LustreRoundSpec spec, ManualClock clock) {
        LustreRound r = new LustreRound();
        r.setMetadata(new ObjectMetaBuilder().withName(name).withNamespace(NS).withUid("uid-" + name)
                .withCreationTimestamp(Times.format(clock.instant())).build());
        r.setSpec(spec);
        return r;
    }

    /** A valid round, stored: its results are owned by it. */
    private static LustreRound stored(LustreRoundSpec spec) {
        LustreRound round = new LustreRound();
        round.setMetadata(new ObjectMetaBuilder().withName(RoundNames.round(spec.failover, spec.round)).build());
        round.setSpec(spec);
        return client.resources(LustreRound.class).inNamespace(NS).resource(round).create();
    }

    private static LustreCloseSpec closeSpec(LustreRound round, List<String> uuids, int sequence) {
        LustreCloseSpec spec = new LustreCloseSpec();
        spec.round = round.getMetadata().getName();
        spec.sequence = sequence;
        spec.target = OST;
        spec.serverNode = SERVER;
        spec.action = CloseMethod.EvictDead;
        spec.uuids = uuids;
        spec.count = uuids.size();
        spec.waitForWindow = true;
        spec.timeout = "120s";
        spec.reason = "DeadClients";
        return spec;
    }

    private static LustreClose unstoredClose(String name, LustreCloseSpec spec) {
        LustreClose close = new LustreClose();
        close.setMetadata(new ObjectMetaBuilder().withName(name).withNamespace(NS).withUid("uid-" + name).build());
        close.setSpec(spec);
        return close;
    }

    private static LustreRoundResult result(String name) {
        return client.resources(LustreRoundResult.class).inNamespace(NS).withName(name).get();
    }
}
