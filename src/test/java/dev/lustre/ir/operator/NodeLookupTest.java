package dev.lustre.ir.operator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/** The Node cache with the API server behind it, both stubbed; the clock is the reconcile's {@code now}. */
class NodeLookupTest {
    private static final Instant T0 = Instant.parse("2026-11-25T10:00:00Z");
    private static final Duration REMEMBER = Duration.ofSeconds(5);

    private final Map<String, Node> cache = new HashMap<>();
    private final Map<String, Node> apiServer = new HashMap<>();
    private final Map<String, Integer> gets = new HashMap<>();
    /** When set, the API server answers every GET with this error. */
    private KubernetesClientException failing;
    private final NodeLookup nodes = new NodeLookup(cache::get, this::get, REMEMBER);

    private Node get(String name) {
        gets.merge(name, 1, Integer::sum);
        if (failing != null) {
            throw failing;
        }
        return apiServer.get(name);
    }

    private static Node node(String name) {
        return new NodeBuilder().withNewMetadata().withName(name).endMetadata().build();
    }

    private Node onApiServer(String name) {
        Node node = node(name);
        apiServer.put(name, node);
        return node;
    }

    private int getsOf(String name) {
        return gets.getOrDefault(name, 0);
    }

    @Test
    void aNodeInTheCacheIsTakenFromItWithoutAGet() {
        Node c1 = node("c1");
        cache.put("c1", c1);
        assertSame(c1, nodes.at(T0).apply("c1"));
        assertEquals(0, getsOf("c1"));
    }

    @Test
    void aNodeTheCacheLacksIsAskedOfTheApiServer() {
        Node c2 = onApiServer("c2");
        assertSame(c2, nodes.at(T0).apply("c2"), "a lagging cache is no evidence that the node is gone");
        assertEquals(1, getsOf("c2"));
    }

    @Test
    void aNodeNeitherHasIsAbsent() {
        assertNull(nodes.at(T0).apply("gone"));
        assertEquals(1, getsOf("gone"));
    }

    @Test
    void withinTheTimeRememberedOneGetAnswersEveryReconcile() {
        Node c2 = onApiServer("c2");
        Function<String, Node> first = nodes.at(T0);
        assertSame(c2, first.apply("c2"));
        assertSame(c2, first.apply("c2"));
        assertNull(first.apply("gone"));
        assertSame(c2, nodes.at(T0.plusSeconds(1)).apply("c2"));
        assertNull(nodes.at(T0.plus(REMEMBER).minusMillis(1)).apply("gone"));
        assertEquals(1, getsOf("c2"));
        assertEquals(1, getsOf("gone"));
    }

    @Test
    void afterTheTimeRememberedTheApiServerIsAskedAgain() {
        onApiServer("c2");
        nodes.at(T0).apply("c2");
        nodes.at(T0).apply("c3");
        apiServer.remove("c2");
        Node c3 = onApiServer("c3");
        assertNull(nodes.at(T0.plus(REMEMBER)).apply("c2"), "deleted meanwhile");
        assertSame(c3, nodes.at(T0.plus(REMEMBER)).apply("c3"), "created meanwhile");
        assertEquals(2, getsOf("c2"));
        assertEquals(2, getsOf("c3"));
    }

    @Test
    void theCacheCatchingUpWinsOverARememberedAnswer() {
        nodes.at(T0).apply("c4");
        Node c4 = node("c4");
        cache.put("c4", c4);
        assertSame(c4, nodes.at(T0.plusSeconds(1)).apply("c4"));
        assertEquals(1, getsOf("c4"));
    }

    @Test
    void anErrorOfTheApiServerIsThrownAndNotRememberedAsAnAbsentNode() {
        failing = new KubernetesClientException("etcdserver: request timed out", 500, null);
        KubernetesClientException thrown = assertThrows(KubernetesClientException.class, () -> nodes.at(T0).apply("c2"));
        assertEquals(500, thrown.getCode());
        failing = null;
        Node c2 = onApiServer("c2");
        assertSame(c2, nodes.at(T0).apply("c2"), "asked again: the error was no answer");
        assertEquals(2, getsOf("c2"));
    }

    @Test
    void forgettingKeepsTheAnswersThatStillStand() {
        nodes.at(T0.plusSeconds(3)).apply("recent");
        nodes.forgetStale(T0.plus(REMEMBER));
        nodes.at(T0.plus(REMEMBER)).apply("recent");
        assertEquals(1, getsOf("recent"), "still stands: not asked again");
    }
}
