package dev.lustre.ir.agent;

import dev.lustre.ir.api.ApiGroup;
import dev.lustre.ir.api.LustreClose;
import dev.lustre.ir.api.LustreRound;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.KubernetesResourceList;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.NonNamespaceOperation;
import io.fabric8.kubernetes.client.dsl.Resource;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;

import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BiConsumer;
import java.util.function.Consumer;

/**
 * A real agent's {@link RoundFeed}: fabric8 informers on LustreRound and LustreClose in the agent's
 * namespace. Which objects were there before the agent started is decided by one list of each kind
 * made just before the informers start, not by the informers' sync flag: their handlers run on a
 * thread of their own, so an initial object can reach the handler after the informer counts as
 * synced, and would be taken for a new round. An object created between that list and the
 * informers' own counts as new, which it is. The lists are retried until the API server answers;
 * the informers then keep their watches up by themselves.
 */
public final class InformerRoundFeed implements RoundFeed {
    private static final Duration FIRST_RETRY = Duration.ofSeconds(1);
    private static final Duration MAX_RETRY = Duration.ofSeconds(30);

    private final KubernetesClient client;
    private final String namespace;
    private final PrintStream log;
    private final List<SharedIndexInformer<?>> informers = new ArrayList<>();
    private final CompletableFuture<Void> synced = new CompletableFuture<>();
    private final List<CompletionStage<Void>> starts = new ArrayList<>();
    private volatile boolean closed;
    private Thread starter;

    public InformerRoundFeed(KubernetesClient client, String namespace, PrintStream log) {
        this.client = client;
        this.namespace = namespace;
        this.log = log;
    }

    /** Returns at once; the lists and informers are set up on a short-lived thread of their own. */
    @Override
    public synchronized void start(Listener listener) {
        if (starter != null) {
            throw new IllegalStateException("the feed was started already");
        }
        starter = new Thread(() -> run(listener), "agent-round-feed-" + namespace);
        starter.setDaemon(true);
        starter.start();
    }

    private void run(Listener listener) {
        var rounds = client.resources(LustreRound.class).inNamespace(namespace);
        var closes = client.resources(LustreClose.class).inNamespace(namespace);
        Set<String> initialRounds = uidsOf(rounds, "LustreRounds");
        Set<String> initialCloses = uidsOf(closes, "LustreCloses");
        if (initialRounds == null || initialCloses == null) {
            return;
        }
        synchronized (this) {
            if (closed) {
                return;
            }
            informers.add(inform(rounds, initialRounds, listener::round, listener::roundEnded, listener::roundDeleted));
            informers.add(inform(closes, initialCloses, listener::close, c -> {
            }, c -> {
            }));
        }
        CompletableFuture.allOf(starts.stream().map(CompletionStage::toCompletableFuture)
                .toArray(CompletableFuture[]::new)).whenComplete((v, e) -> synced.complete(null));
    }

    /** Completes once both informers have listed: from then on a new object is told as new. */
    public CompletableFuture<Void> synced() {
        return synced;
    }

    /** The UIDs of every object there now; null when the feed was closed before the API server answered. */
    private <T extends HasMetadata> Set<String> uidsOf(
            NonNamespaceOperation<T, KubernetesResourceList<T>, Resource<T>> objects, String what) {
        Duration wait = FIRST_RETRY;
        while (!closed) {
            try {
                Set<String> uids = ConcurrentHashMap.newKeySet();
                objects.list().getItems().forEach(o -> uids.add(o.getMetadata().getUid()));
                return uids;
            } catch (RuntimeException e) {
                log.println("agent serve: cannot list " + what + " in " + namespace + " (tried again in "
                        + wait.toSeconds() + "s): " + e.getMessage());
            }
            try {
                Thread.sleep(wait.toMillis());
            } catch (InterruptedException e) {
                return null;
            }
            wait = wait.multipliedBy(2).compareTo(MAX_RETRY) > 0 ? MAX_RETRY : wait.multipliedBy(2);
        }
        return null;
    }

    private <T extends HasMetadata> SharedIndexInformer<T> inform(
            NonNamespaceOperation<T, KubernetesResourceList<T>, Resource<T>> objects, Set<String> initial,
            BiConsumer<T, Boolean> added, Consumer<T> ended, Consumer<T> deleted) {
        SharedIndexInformer<T> informer = objects.runnableInformer(0);
        informer.addEventHandler(new ResourceEventHandler<T>() {
            @Override
            public void onAdd(T obj) {
                added.accept(obj, initial.contains(obj.getMetadata().getUid()));
            }

            @Override
            public void onUpdate(T oldObj, T newObj) {
                // What was issued is what runs: the one change ever made is the mark of a round's end.
                if (ApiGroup.roundEnded(newObj) && !ApiGroup.roundEnded(oldObj)) {
                    ended.accept(newObj);
                }
            }

            @Override
            public void onDelete(T obj, boolean deletedFinalStateUnknown) {
                initial.remove(obj.getMetadata().getUid());
                deleted.accept(obj);
            }
        });
        starts.add(informer.start());
        return informer;
    }

    @Override
    public void close() {
        Thread t;
        synchronized (this) {
            closed = true;
            informers.forEach(SharedIndexInformer::stop);
            informers.clear();
            t = starter;
        }
        if (t != null) {
            t.interrupt();
        }
    }
}
