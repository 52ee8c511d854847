package dev.lustre.ir.operator;

import io.fabric8.kubernetes.api.model.Node;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * A Node by name: as the informer's cache has it, or else as the API server has it. A node the cache
 * lacks is asked for before it counts as gone: a missing Node is evidence that a client is dead
 * (NodeMissing), and the cache can lag (the operator just started, a dropped watch is listed again
 * only after a back-off) while the roster is listed live. Found by the fault suite: a lagging cache
 * failed a round at once with "not a Kubernetes node" for its server.
 *
 * <p>The API server's answer, the Node or its absence, is remembered for a short while: a round whose
 * roster names many deleted nodes would otherwise GET each of them at every reconcile. An error of
 * the API server is thrown, never taken for an absent Node: an error is no evidence of death.
 */
final class NodeLookup {
    /** How long the API server's answer for a node stands: a few reconciles of a busy round. */
    static final Duration REMEMBER = Duration.ofSeconds(5);

    private final Function<String, Node> cached;
    private final Function<String, Node> live;
    private final Duration remember;
    /** Node name → the API server's last answer; a race of two reconciles costs one GET more, no lock. */
    private final Map<String, Answer> answers = new ConcurrentHashMap<>();

    private record Answer(Node node, Instant at) {
        boolean standsAt(Instant now, Duration remember) {
            return now.isBefore(at.plus(remember));
        }
    }

    /**
     * @param cached   name → the Node in the informer's cache, or null
     * @param live     name → the Node as the API server has it, or null when it has none
     * @param remember how long an answer of {@code live} stands
     */
    NodeLookup(Function<String, Node> cached, Function<String, Node> live, Duration remember) {
        this.cached = cached;
        this.live = live;
        this.remember = remember;
    }

    /** The lookup of one reconcile, made at {@code now}: the Node, or null when neither the cache nor the API server has it. */
    Function<String, Node> at(Instant now) {
        return name -> {
            Node node = cached.apply(name);
            if (node != null) {
                return node;
            }
            Answer answer = answers.get(name);
            if (answer == null || !answer.standsAt(now, remember)) {
                answer = new Answer(live.apply(name), now);
                answers.put(name, answer);
            }
            return answer.node();
        };
    }

    /** Drops the answers that no longer stand: a node deleted for good is not remembered forever. */
    void forgetStale(Instant now) {
        answers.values().removeIf(a -> !a.standsAt(now, remember));
    }
}
