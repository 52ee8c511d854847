package dev.lustre.ir.sandbox;

import dev.lustre.ir.agent.RoundFeed;
import dev.lustre.ir.api.ApiGroup;
import dev.lustre.ir.api.LustreClose;
import dev.lustre.ir.api.LustreRound;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * One informer on LustreRound and one on LustreClose in a namespace, fanned out to every agent that
 * registers: thousands of simulated agents in one process cost the API server two watches, not two
 * per agent. A deleted round is passed on too (the server's agent stops observing it). {@link #feed()} gives each agent its own {@link RoundFeed}; when it starts, it is first
 * told of the objects already there ({@code existing}, as a real agent's list at start-up would tell
 * it), then of each new one, all on the hub's one thread, in the informers' order. Both kinds are
 * written once and never changed, so updates are not passed on.
 *
 * <p>What this omits compared with real agents, each with its own informers: the API server's fan-out
 * of one watch event to N watchers (its watch cache serialises and sends each event N times; here
 * once, and the copy to N listeners is a method call); each agent's own list at start-up (N lists,
 * here one; the replay of the store stands in for it); each agent's watch reconnects and re-lists
 * (a watch that expires or breaks affects one agent there, all of them here at once). A fan-out
 * measured here is therefore a lower bound of the API server's share of it.
 */
public final class SharedRoundFeed implements AutoCloseable {
    private final SharedIndexInformer<LustreRound> rounds;
    private final SharedIndexInformer<LustreClose> closes;
    private final List<Registered> listeners = new CopyOnWriteArrayList<>();
    /** One thread: registration and every event are ordered, so no agent misses or doubles an object. */
    private final ExecutorService hub = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "shared-round-feed");
        t.setDaemon(true);
        return t;
    });

    public SharedRoundFeed(KubernetesClient client, String namespace) {
        this.rounds = client.resources(LustreRound.class).inNamespace(namespace)
                .inform(handler(this::roundAdded, this::roundEnded, this::roundDeleted));
        this.closes = client.resources(LustreClose.class).inNamespace(namespace).inform(handler(this::closeAdded, c -> { }, c -> { }));
    }

    /** A feed for one agent, served by this hub; closing it unregisters that agent only. */
    public RoundFeed feed() {
        return new RoundFeed() {
            private volatile Registered registered;

            @Override
            public void start(Listener listener) {
                Registered r = new Registered(listener);
                registered = r;
                hub.execute(() -> {
                    // The store already holds what the informer listed; events for it that are still
                    // queued behind this task are dropped by the listener's seen set.
                    rounds.getStore().list().forEach(x -> r.round(x, true));
                    closes.getStore().list().forEach(x -> r.close(x, true));
                    listeners.add(r);
                });
            }

            @Override
            public void close() {
                Registered r = registered;
                if (r != null) {
                    listeners.remove(r);
                }
            }
        };
    }

    public int listeners() {
        return listeners.size();
    }

    private void roundAdded(LustreRound round) {
        hub.execute(() -> listeners.forEach(l -> l.round(round, false)));
    }

    private void closeAdded(LustreClose close) {
        hub.execute(() -> listeners.forEach(l -> l.close(close, false)));
    }

    private void roundDeleted(LustreRound round) {
        hub.execute(() -> listeners.forEach(l -> l.roundDeleted(round)));
    }

    private void roundEnded(LustreRound round) {
        hub.execute(() -> listeners.forEach(l -> l.roundEnded(round)));
    }

    private static <T extends HasMetadata> ResourceEventHandler<T> handler(Consumer<T> added, Consumer<T> ended,
            Consumer<T> deleted) {
        return new ResourceEventHandler<>() {
            @Override
            public void onAdd(T obj) {
                added.accept(obj);
            }

            @Override
            public void onUpdate(T oldObj, T newObj) {
                // Written once; the one change that matters is the mark of a round's end, as for real agents.
                if (ApiGroup.roundEnded(newObj) && !ApiGroup.roundEnded(oldObj)) {
                    ended.accept(newObj);
                }
            }

            @Override
            public void onDelete(T obj, boolean deletedFinalStateUnknown) {
                deleted.accept(obj);
            }
        };
    }

    @Override
    public void close() {
        rounds.close();
        closes.close();
        hub.shutdownNow();
        try {
            hub.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** One agent's listener, with the objects it has been told of (by uid), so none is told twice. */
    private static final class Registered {
        private final RoundFeed.Listener listener;
        private final Set<String> seen = ConcurrentHashMap.newKeySet();

        Registered(RoundFeed.Listener listener) {
            this.listener = listener;
        }

        void round(LustreRound round, boolean existing) {
            if (seen.add(round.getMetadata().getUid())) {
                guarded(() -> listener.round(round, existing));
            }
        }

        void close(LustreClose close, boolean existing) {
            if (seen.add(close.getMetadata().getUid())) {
                guarded(() -> listener.close(close, existing));
            }
        }

        void roundEnded(LustreRound round) {
            if (seen.contains(round.getMetadata().getUid())) {
                guarded(() -> listener.roundEnded(round));
            }
        }

        void roundDeleted(LustreRound round) {
            if (seen.remove(round.getMetadata().getUid())) {
                guarded(() -> listener.roundDeleted(round));
            }
        }

        /** One agent's failure must not stop the others' feed. */
        private static void guarded(Runnable r) {
            try {
                r.run();
            } catch (RuntimeException e) {
                System.err.println("shared round feed: a listener failed: " + e);
            }
        }
    }
}
