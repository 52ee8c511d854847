package dev.lustre.ir.operator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lustre.ir.api.LustreFailover;
import dev.lustre.ir.api.LustreFailoverSpec;
import dev.lustre.ir.api.LustreFailoverStatus;
import dev.lustre.ir.api.Phase;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.BiPredicate;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** One arbiter per target: who holds it, who waits, and who is woken, without an API server. */
class TargetClaimsTest {
    private static final BiPredicate<LustreFailover, Long> NOTHING_ISSUED = (f, r) -> false;

    private final List<ResourceID> woken = new CopyOnWriteArrayList<>();
    private final TargetClaims claims = new TargetClaims(woken::add);

    @Test
    void amongRoundsNotStartedTheOldestHoldsThenNamespaceAndName() {
        LustreFailover young = started(failover("ns", "a", "lustre-OST0001", "2026-01-01T00:00:05Z"));
        LustreFailover old = started(failover("ns", "z", "lustre-OST0001", "2026-01-01T00:00:01Z"));
        LustreFailover sameSecond = started(failover("ns", "y", "lustre-OST0001", "2026-01-01T00:00:01Z"));
        List<LustreFailover> all = List.of(young, old, sameSecond);

        assertEquals("y", blockedBy(young, all), "the oldest, then by name");
        assertEquals("y", blockedBy(old, all));
        assertEquals(null, blockedBy(sameSecond, all));
    }

    @Test
    void aRoundAlreadyAtWorkHoldsTheTargetWhateverItsAgeAndAFreshProcessAgrees() {
        LustreFailover old = started(failover("ns", "old", "lustre-OST0001", "2026-01-01T00:00:01Z"));
        LustreFailover working = started(failover("other", "working", "lustre-OST0001", "2026-01-01T00:00:09Z"));
        working.getStatus().phase = Phase.Reconnecting;
        List<LustreFailover> all = List.of(old, working);

        assertEquals("working", blockedBy(old, all), "across namespaces: a target knows none");
        TargetClaims restarted = new TargetClaims(id -> { });
        assertTrue(restarted.blockedBy(old, old.getStatus(), all.stream(), NOTHING_ISSUED).isPresent(), "a new process decides the same");
        assertTrue(claims.blockedBy(working, working.getStatus(), all.stream(), NOTHING_ISSUED).isEmpty(),
                "a round at work is never stopped");
    }

    @Test
    void aRoundStillPendingThatIssuedObjectsIsAtWork() {
        // Its status write was lost after it created its LustreRound: what it issued says it acts.
        LustreFailover old = started(failover("ns", "old", "lustre-OST0001", "2026-01-01T00:00:01Z"));
        LustreFailover issuing = started(failover("ns", "issuing", "lustre-OST0001", "2026-01-01T00:00:09Z"));
        List<LustreFailover> all = List.of(old, issuing);
        BiPredicate<LustreFailover, Long> issued = (f, r) -> f == issuing;

        assertTrue(claims.blockedBy(old, old.getStatus(), all.stream(), issued).isPresent());
        assertTrue(claims.blockedBy(issuing, issuing.getStatus(), all.stream(), issued).isEmpty());
    }

    @Test
    void otherTargetsAndFinishedRoundsDoNotContend() {
        LustreFailover other = started(failover("ns", "a", "lustre-OST0002", "2026-01-01T00:00:01Z"));
        other.getStatus().phase = Phase.Reconnecting;
        LustreFailover done = started(failover("ns", "b", "lustre-OST0001", "2026-01-01T00:00:01Z"));
        done.getStatus().phase = Phase.Recovered;
        LustreFailover me = started(failover("ns", "c", "lustre-OST0001", "2026-01-01T00:00:09Z"));

        assertEquals(null, blockedBy(me, List.of(other, done, me)));
    }

    @Test
    void aClaimGrantedStaysGrantedWhenAnOlderObjectShowsUpLater() {
        LustreFailover young = started(failover("ns", "young", "lustre-OST0001", "2026-01-01T00:00:05Z"));
        assertEquals(null, blockedBy(young, List.of(young)), "alone in the cache: it holds");
        LustreFailover older = started(failover("ns", "older", "lustre-OST0001", "2026-01-01T00:00:01Z"));

        assertEquals("young", blockedBy(older, List.of(young, older)), "granted once, kept until its round ends");
        assertEquals(null, blockedBy(young, List.of(young, older)));
    }

    @Test
    void theHoldersEndWakesWhoWaitedAndFreesTheTargetBeforeTheCacheShowsIt() {
        LustreFailover holder = started(failover("ns", "holder", "lustre-OST0001", "2026-01-01T00:00:01Z"));
        LustreFailover waiter = started(failover("ns", "waiter", "lustre-OST0001", "2026-01-01T00:00:05Z"));
        List<LustreFailover> all = List.of(holder, waiter);
        assertEquals(null, blockedBy(holder, all));
        holder.getStatus().phase = Phase.Reconnecting;
        assertEquals("holder", blockedBy(waiter, all));

        assertTrue(claims.awaited(holder));
        claims.ended(holder);
        assertEquals(List.of(ResourceID.fromResource(waiter)), woken);
        // The cache still shows the holder Reconnecting: what ended here counts.
        assertEquals(null, blockedBy(waiter, all));
    }

    @Test
    void aNewSpecOfTheHolderIsANewRoundThatContendsAgain() {
        LustreFailover first = started(failover("ns", "first", "lustre-OST0001", "2026-01-01T00:00:01Z"));
        LustreFailover second = started(failover("ns", "second", "lustre-OST0001", "2026-01-01T00:00:05Z"));
        first.getStatus().phase = Phase.Recovered;
        claims.ended(first);
        second.getStatus().phase = Phase.Reconnecting;
        first.getSpec().server.node = "oss3"; // applied again for a new failover event
        started(first);

        assertEquals("second", blockedBy(first, List.of(first, second)), "the new round waits for the one at work");
    }

    @Test
    void aDeletedHolderFreesTheTarget() {
        LustreFailover holder = started(failover("ns", "holder", "lustre-OST0001", "2026-01-01T00:00:01Z"));
        LustreFailover waiter = started(failover("ns", "waiter", "lustre-OST0001", "2026-01-01T00:00:05Z"));
        assertEquals(null, blockedBy(holder, List.of(holder, waiter)));
        assertEquals("holder", blockedBy(waiter, List.of(holder, waiter)));

        claims.retain(Set.of(waiter.getMetadata().getUid()));
        assertEquals(List.of(ResourceID.fromResource(waiter)), woken);
        assertEquals(null, blockedBy(waiter, List.of(waiter)), "gone from the cache: the target is free");
    }

    @Test
    void concurrentReconcilesOfOneTargetGrantItOnce() throws Exception {
        for (int trial = 0; trial < 200; trial++) {
            TargetClaims fresh = new TargetClaims(id -> { });
            List<LustreFailover> all = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                all.add(started(failover("ns", "f" + i, "lustre-OST0001", "2026-01-01T00:00:0" + i + "Z")));
            }
            // Each object enters the shared cache just before its reconcile, in whatever order the
            // threads run: a reconcile sees those that arrived before it (the cache's stream is read
            // lazily, as the informer's is), none of the others' status writes.
            List<LustreFailover> arrived = new CopyOnWriteArrayList<>();
            ExecutorService pool = Executors.newFixedThreadPool(8);
            CountDownLatch go = new CountDownLatch(1);
            List<Future<Boolean>> granted = new ArrayList<>();
            for (LustreFailover f : all) {
                granted.add(pool.submit(() -> {
                    go.await();
                    arrived.add(f);
                    return fresh.blockedBy(f, f.getStatus(), Stream.of(arrived).flatMap(List::stream), NOTHING_ISSUED).isEmpty();
                }));
            }
            go.countDown();
            int holders = 0;
            for (Future<Boolean> g : granted) {
                holders += g.get() ? 1 : 0;
            }
            pool.shutdown();
            assertEquals(1, holders, "trial " + trial + ": exactly one round goes on");
        }
    }

    @Test
    void theWaitingMessageNamesTheHolderAndItsPhase() {
        LustreFailover holder = started(failover("ns", "holder", "lustre-OST0001", "2026-01-01T00:00:01Z"));
        holder.getStatus().phase = Phase.Reconnecting;
        LustreFailover waiter = started(failover("ns2", "waiter", "lustre-OST0001", "2026-01-01T00:00:05Z"));
        var h = claims.blockedBy(waiter, waiter.getStatus(), List.of(holder, waiter).stream(), NOTHING_ISSUED).orElseThrow();
        String message = TargetClaims.waitingMessage(waiter, h);
        assertEquals("waiting: target lustre-OST0001 is being recovered by LustreFailover ns/holder (phase Reconnecting);"
                + " this round starts when that one ends or is deleted", message);
        assertFalse(message.isEmpty());
    }

    private String blockedBy(LustreFailover lfo, List<LustreFailover> all) {
        return claims.blockedBy(lfo, lfo.getStatus(), all.stream(), NOTHING_ISSUED).map(TargetHolder.Contender::name).orElse(null);
    }

    private static LustreFailover failover(String ns, String name, String target, String created) {
        LustreFailover f = new LustreFailover();
        f.setMetadata(new ObjectMetaBuilder().withNamespace(ns).withName(name).withUid(ns + "-" + name + "-uid")
                .withCreationTimestamp(created).withGeneration(1L).build());
        LustreFailoverSpec spec = new LustreFailoverSpec();
        spec.fsName = "lustre";
        spec.target = target;
        spec.server = new dev.lustre.ir.api.ServerSpec();
        spec.server.node = "oss2";
        f.setSpec(spec);
        return f;
    }

    /** As the round's start records it: Pending, its spec's digest. */
    private static LustreFailover started(LustreFailover f) {
        LustreFailoverStatus s = new LustreFailoverStatus();
        s.phase = Phase.Pending;
        s.round = 1L;
        s.roundSpec = RoundStarter.digest(f.getSpec());
        f.setStatus(s);
        return f;
    }
}
