package dev.lustre.ir.agent;

import dev.lustre.ir.api.ApiGroup;
import dev.lustre.ir.api.LustreClose;
import dev.lustre.ir.api.LustreRound;
import dev.lustre.ir.lustre.LctlRunner;
import io.fabric8.kubernetes.client.KubernetesClient;

import java.io.PrintStream;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * {@code agent serve}: the node's Lustre facts kept in its LustreNode (lctl read every interval, the
 * status written only when they change), its Lease renewed every quarter of its duration, and its
 * part in every round its {@link RoundFeed} tells it of: a client reconnects and writes one result,
 * the target's server observes it while the round runs and carries out the round's closes. The
 * registration and the heartbeat run on two threads of their own, so a slow lctl never delays the
 * heartbeat; round work runs on threads that exist only while it runs ({@link RoundWorkers}). The
 * agent opens no watch of its own: the feed is its only source of rounds, so that one process can
 * host thousands of agents fed from one informer. A step that fails is logged and tried again at its
 * next turn; only {@link #close()} stops the agent.
 */
public final class ResidentAgent implements AutoCloseable {
    private static final AtomicInteger THREADS = new AtomicInteger();

    private final ServeRequest request;
    private final Lctl lctl;
    private final Clock clock;
    private final PrintStream log;
    private final NodeRegistration registration;
    private final NodeLease lease;
    private final RoundFeed feed;
    private final RoundContext rounds;
    private final RoundWorkers workers;
    /** Rounds and closes taken up, by UID, so that a feed that tells twice is acted on once. */
    private final Set<String> roundsTaken = ConcurrentHashMap.newKeySet();
    private final Map<String, String> closesTaken = new ConcurrentHashMap<>();
    private final Map<String, ServerRound> observed = new ConcurrentHashMap<>();
    private final AtomicInteger told = new AtomicInteger();
    private final ScheduledExecutorService scheduler = Executors.newScheduledThreadPool(2, r -> {
        Thread t = new Thread(r, "agent-serve-" + THREADS.incrementAndGet());
        t.setDaemon(true);
        return t;
    });
    private final CountDownLatch stopped = new CountDownLatch(1);

    /** Without rounds: registration and Lease only. */
    public ResidentAgent(KubernetesClient client, ServeRequest request, LctlRunner lctl, Clock clock, PrintStream log) {
        this(client, request, lctl, clock, Sleeper.real(), log, null);
    }

    public ResidentAgent(KubernetesClient client, ServeRequest request, LctlRunner lctl, Clock clock, PrintStream log,
            RoundFeed feed) {
        this(client, request, lctl, clock, Sleeper.real(), log, feed);
    }

    /**
     * @param sleeper how lctl polls wait during a reconnect or a close (a simulated clock's sleeper
     *     moves simulated time); the registration, the Lease and the server's once-a-second
     *     observation keep to the wall clock
     * @param feed where rounds come from; null for none
     */
    public ResidentAgent(KubernetesClient client, ServeRequest request, LctlRunner lctl, Clock clock, Sleeper sleeper,
            PrintStream log, RoundFeed feed) {
        this(client, client, request, lctl, clock, sleeper, log, feed);
    }

    /**
     * @param leaseClient the client the Lease is renewed with: {@code client} itself for {@code agent
     *     serve}, one per node; another where many agents share one client (a simulated fleet), so that
     *     no other node's burst of writes delays this node's sign of life
     */
    public ResidentAgent(KubernetesClient client, KubernetesClient leaseClient, ServeRequest request, LctlRunner lctl, Clock clock,
            Sleeper sleeper, PrintStream log, RoundFeed feed) {
        this.request = request;
        this.lctl = new Lctl(lctl);
        this.clock = clock;
        this.log = log;
        this.registration = new NodeRegistration(client, request.namespace(), request.node(), request.pod());
        this.lease = new NodeLease(leaseClient, request.namespace(), request.leaseName(), request.node(),
                request.leaseDuration());
        this.feed = feed;
        this.rounds = new RoundContext(request.node(), this.lctl, sleeper, clock, log, new ResultStore(client, request.pod()));
        this.workers = new RoundWorkers(log);
    }

    public ResidentAgent start() {
        Duration renew = request.leaseRenewEvery();
        log.println("agent serve: node " + request.node() + ", namespace " + request.namespace() + ", lctl read every "
                + request.interval().toSeconds() + "s, Lease " + request.leaseName() + " of "
                + request.leaseDuration().toSeconds() + "s renewed every " + renew.toMillis() / 1000.0 + "s");
        scheduler.scheduleWithFixedDelay(() -> guarded("renew the Lease " + request.leaseName(), this::heartbeat),
                0, renew.toMillis(), TimeUnit.MILLISECONDS);
        scheduler.scheduleWithFixedDelay(() -> guarded("register the node's facts", this::refresh),
                0, request.interval().toMillis(), TimeUnit.MILLISECONDS);
        if (feed != null) {
            feed.start(new FeedListener());
        }
        return this;
    }

    /** Reads the facts and writes them if they changed; true when it wrote. */
    boolean refresh() {
        NodeFacts facts = NodeFacts.read(lctl);
        boolean written = registration.register(facts, clock.instant());
        if (written) {
            log.println("agent serve: LustreNode " + request.namespace() + "/" + request.node() + " now holds " + facts);
        }
        return written;
    }

    void heartbeat() {
        lease.renew(clock.instant());
    }

    /** No round work runs (tests wait for this). */
    boolean roundsIdle() {
        return workers.idle();
    }

    /** How many rounds and closes the feed has told of (tests wait for this). */
    int told() {
        return told.get();
    }

    /** Blocks until {@link #close()} has stopped the agent. */
    public void awaitStop() throws InterruptedException {
        stopped.await();
    }

    /**
     * Stops the feed, the round work and both loops, and waits for a step in flight. The Lease is left
     * to expire, as the kubelet leaves its node lease: an agent that stops for a restart or an upgrade
     * is back before then. A close interrupted here is never run again: its result stays Running, and
     * the next agent marks it Interrupted.
     */
    @Override
    public void close() {
        if (feed != null) {
            feed.close();
        }
        scheduler.shutdownNow();
        try {
            workers.close(Duration.ofSeconds(10));
            if (!scheduler.awaitTermination(10, TimeUnit.SECONDS)) {
                log.println("agent serve: a step still runs after 10s (lctl hung?); stopping anyway");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            stopped.countDown();
        }
    }

    /**
     * Decides this node's part in what the feed tells, on the feed's thread, and hands the work to a
     * round thread at once. Every value is checked before anything runs; a round or close that fails
     * is logged and, for a close, answered Failed.
     */
    private final class FeedListener implements RoundFeed.Listener {
        @Override
        public void round(LustreRound round, boolean existing) {
            told.incrementAndGet();
            try {
                takeUp(round, existing);
            } catch (RuntimeException e) {
                log.println("agent serve: round " + name(round) + " ignored: " + e.getMessage());
            }
        }

        @Override
        public void roundEnded(LustreRound round) {
            ServerRound s = observed.remove(round.getMetadata().getUid());
            if (s != null) {
                s.stop();
            }
        }

        @Override
        public void roundDeleted(LustreRound round) {
            String uid = round.getMetadata().getUid();
            roundsTaken.remove(uid);
            ServerRound s = observed.remove(uid);
            if (s != null) {
                s.stop();
            }
            String name = round.getMetadata().getName();
            closesTaken.values().removeIf(name::equals);
        }

        @Override
        public void close(LustreClose close, boolean existing) {
            told.incrementAndGet();
            try {
                if (close.getSpec() == null || !request.node().equals(close.getSpec().serverNode)) {
                    return;
                }
                String round = CloseRun.roundOf(close);
                if (closesTaken.putIfAbsent(close.getMetadata().getUid(), round) != null) {
                    return;
                }
                // Counted as running from now, so that the server's observation cannot end before it starts.
                rounds.closeBegins(round);
                workers.start("close-" + close.getMetadata().getName(), new CloseRun(rounds, close, round));
            } catch (RuntimeException e) {
                log.println("agent serve: close " + close.getMetadata().getName() + " ignored: " + e.getMessage());
            }
        }

        private void takeUp(LustreRound round, boolean existing) {
            if (ApiGroup.roundEnded(round)) {
                // Its failover is over: a reconnect now could point an import at a server the target
                // has since left, and a result would be read by nobody.
                return;
            }
            RoundRequests.RoundFacts facts;
            AgentRequest.InspectServer inspect = null;
            AgentRequest.Reconnect reconnect = null;
            Duration watch = null;
            try {
                facts = RoundRequests.facts(round);
                if (request.node().equals(facts.serverNode())) {
                    inspect = RoundRequests.inspect(round.getSpec());
                    watch = RoundRequests.serverWatch(round.getSpec());
                } else {
                    reconnect = RoundRequests.reconnect(round.getSpec());
                }
            } catch (RoundRequests.InvalidSpecException | AgentException e) {
                log.println("agent serve: round " + name(round) + " ignored, nothing run: " + e.getMessage());
                return;
            }
            String uid = round.getMetadata().getUid();
            if (!roundsTaken.add(uid)) {
                return;
            }
            if (inspect != null) {
                ServerRound s = new ServerRound(rounds, round, facts, inspect, watch, existing);
                observed.put(uid, s);
                workers.start("server-" + facts.name(), () -> {
                    try {
                        s.run();
                    } finally {
                        observed.remove(uid, s);
                    }
                });
            } else {
                workers.start("client-" + facts.name(), new ClientRound(rounds, round, facts, reconnect, existing));
            }
        }

        private String name(LustreRound round) {
            return round.getMetadata() == null ? "?" : round.getMetadata().getNamespace() + "/" + round.getMetadata().getName();
        }
    }

    private void guarded(String what, Runnable step) {
        try {
            step.run();
        } catch (RuntimeException e) {
            // Out of the scheduled task, an exception would cancel every later turn.
            log.println("agent serve: cannot " + what + " (tried again at the next turn): " + describe(e));
        }
    }

    /** The message and, when the client wraps one (a refused connection, a timeout), the root cause's. */
    private static String describe(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root == e ? e.getMessage() : e.getMessage() + " (" + root + ")";
    }
}
