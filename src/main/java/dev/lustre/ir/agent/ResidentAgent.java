package dev.lustre.ir.agent;

import dev.lustre.ir.lustre.LctlRunner;
import io.fabric8.kubernetes.client.KubernetesClient;

import java.io.PrintStream;
import java.time.Clock;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * {@code agent serve}: the node's Lustre facts kept in its LustreNode (lctl read every interval, the
 * status written only when they change) and its Lease renewed every ten seconds. The two run on
 * threads of their own, so a slow lctl never delays the heartbeat. A step that fails is logged and
 * tried again at its next turn; only {@link #close()} stops the agent.
 */
public final class ResidentAgent implements AutoCloseable {
    private static final AtomicInteger THREADS = new AtomicInteger();

    private final ServeRequest request;
    private final Lctl lctl;
    private final Clock clock;
    private final PrintStream log;
    private final NodeRegistration registration;
    private final NodeLease lease;
    private final ScheduledExecutorService scheduler = Executors.newScheduledThreadPool(2, r -> {
        Thread t = new Thread(r, "agent-serve-" + THREADS.incrementAndGet());
        t.setDaemon(true);
        return t;
    });
    private final CountDownLatch stopped = new CountDownLatch(1);

    public ResidentAgent(KubernetesClient client, ServeRequest request, LctlRunner lctl, Clock clock, PrintStream log) {
        this.request = request;
        this.lctl = new Lctl(lctl);
        this.clock = clock;
        this.log = log;
        this.registration = new NodeRegistration(client, request.namespace(), request.node());
        this.lease = new NodeLease(client, request.namespace(), request.leaseName(), request.node());
    }

    public ResidentAgent start() {
        log.println("agent serve: node " + request.node() + ", namespace " + request.namespace() + ", lctl read every "
                + request.interval().toSeconds() + "s, Lease " + request.leaseName() + " renewed every "
                + NodeLease.RENEW_EVERY.toSeconds() + "s");
        scheduler.scheduleWithFixedDelay(() -> guarded("renew the Lease " + request.leaseName(), this::heartbeat),
                0, NodeLease.RENEW_EVERY.toMillis(), TimeUnit.MILLISECONDS);
        scheduler.scheduleWithFixedDelay(() -> guarded("register the node's facts", this::refresh),
                0, request.interval().toMillis(), TimeUnit.MILLISECONDS);
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

    /** Blocks until {@link #close()} has stopped the agent. */
    public void awaitStop() throws InterruptedException {
        stopped.await();
    }

    /**
     * Stops both loops and waits for a step in flight. The Lease is left to expire, as the kubelet
     * leaves its node lease: an agent that stops for a restart or an upgrade is back before then.
     */
    @Override
    public void close() {
        scheduler.shutdownNow();
        try {
            if (!scheduler.awaitTermination(10, TimeUnit.SECONDS)) {
                log.println("agent serve: a step still runs after 10s (lctl hung?); stopping anyway");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            stopped.countDown();
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
