package dev.lustre.ir.noderuntime;

import dev.lustre.ir.kube.Times;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.api.model.NodeCondition;
import io.fabric8.kubernetes.api.model.NodeConditionBuilder;
import io.fabric8.kubernetes.api.model.NodeSpec;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.Taint;
import io.fabric8.kubernetes.api.model.TaintBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;

/**
 * Real Node objects for scenarios, and the node-side events a scenario plays: a node going NotReady
 * or unreachable, taints, cordons, deletion. Node health changes are written the way the cluster
 * would write them: the Ready condition through the status subresource (kubelet / node lifecycle
 * controller), and, unless disabled, the taints the node lifecycle controller adds for an unhealthy
 * node ({@code node.kubernetes.io/not-ready} or {@code unreachable}, NoSchedule and NoExecute).
 */
public final class SimNodes {
    public static final String HOSTNAME_LABEL = "kubernetes.io/hostname";
    public static final String TAINT_NOT_READY = "node.kubernetes.io/not-ready";
    public static final String TAINT_UNREACHABLE = "node.kubernetes.io/unreachable";
    public static final String TAINT_OUT_OF_SERVICE = "node.kubernetes.io/out-of-service";

    /** The status a node's Ready condition can take. */
    public enum Readiness {
        READY("True", "KubeletReady", "kubelet is posting ready status"),
        NOT_READY("False", "KubeletNotReady", "container runtime is down"),
        UNREACHABLE("Unknown", "NodeStatusUnknown", "Kubelet stopped posting node status.");

        final String status;
        final String reason;
        final String message;

        Readiness(String status, String reason, String message) {
            this.status = status;
            this.reason = reason;
            this.message = message;
        }
    }

    private final KubernetesClient client;
    private final boolean lifecycleTaints;
    private final AtomicInteger addressCounter = new AtomicInteger();

    /** Node health changes also add/remove the node lifecycle controller's taints. */
    public SimNodes(KubernetesClient client) {
        this(client, true);
    }

    /**
     * @param lifecycleTaints whether to play the node lifecycle controller's taint management (the
     *                        not-ready taint of a new node removed; health changes tainting the
     *                        node). Without it a new node keeps the API server's not-ready taint.
     */
    public SimNodes(KubernetesClient client, boolean lifecycleTaints) {
        this.client = client;
        this.lifecycleTaints = lifecycleTaints;
    }

    /**
     * Registers a Ready node named {@code name} with {@code kubernetes.io/hostname=name} and the
     * given labels, as a kubelet registers itself: the Node is created with its status (Ready=True).
     * The API server's TaintNodesByCondition admission gives every new Node the taint
     * {@code node.kubernetes.io/not-ready:NoSchedule}; the node lifecycle controller removes it once
     * the node is Ready, and so does this method. If the API server ignored the status on create,
     * it is written through the status subresource.
     */
    public Node create(String name, Map<String, String> labels) {
        Node node = newNode(name, labels);
        Node created = client.nodes().resource(node).create();
        if (!NodeFit.isReady(created)) {
            created.setStatus(node.getStatus());
            created = client.nodes().resource(created).updateStatus();
        }
        if (lifecycleTaints && created.getSpec() != null && created.getSpec().getTaints() != null
                && created.getSpec().getTaints().stream().anyMatch(t -> TAINT_NOT_READY.equals(t.getKey()))) {
            created = retryOnConflict(() -> {
                Node fresh = client.nodes().withName(name).require();
                fresh.getSpec().setTaints(new ArrayList<>(fresh.getSpec().getTaints().stream()
                        .filter(t -> !TAINT_NOT_READY.equals(t.getKey())).toList()));
                return client.nodes().resource(fresh).update();
            });
        }
        return created;
    }

    /**
     * Creates {@code count} Ready nodes {@code prefix-00000…} with the given labels, on
     * {@code threads} threads. Returns their names in order.
     */
    public List<String> createMany(String prefix, int count, Map<String, String> labels, int threads) {
        List<String> names = new ArrayList<>(count);
        int width = Math.max(5, String.valueOf(count - 1).length());
        for (int i = 0; i < count; i++) {
            names.add(prefix + "-" + String.format("%0" + width + "d", i));
        }
        ExecutorService pool = Executors.newFixedThreadPool(Math.max(1, threads));
        try {
            List<Future<Node>> futures = new ArrayList<>();
            for (String name : names) {
                futures.add(pool.submit(() -> create(name, labels)));
            }
            for (Future<Node> f : futures) {
                f.get();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while creating nodes", e);
        } catch (ExecutionException e) {
            throw e.getCause() instanceof RuntimeException r ? r : new IllegalStateException(e.getCause());
        } finally {
            pool.shutdownNow();
        }
        return names;
    }

    public Node markReady(String name) {
        return setReadiness(name, Readiness.READY);
    }

    /** Ready=False: the kubelet reports a problem (e.g. container runtime down). */
    public Node markNotReady(String name) {
        return setReadiness(name, Readiness.NOT_READY);
    }

    /** Ready=Unknown: the kubelet stopped posting status (node down or partitioned). */
    public Node markUnreachable(String name) {
        return setReadiness(name, Readiness.UNREACHABLE);
    }

    public Node setReadiness(String name, Readiness readiness) {
        Node node = retryOnConflict(() -> {
            Node fresh = client.nodes().withName(name).require();
            String now = Times.now();
            List<NodeCondition> conditions = new ArrayList<>(fresh.getStatus().getConditions());
            NodeCondition current = conditions.stream().filter(c -> "Ready".equals(c.getType())).findFirst().orElse(null);
            String transition = current != null && readiness.status.equals(current.getStatus()) ? current.getLastTransitionTime() : now;
            NodeCondition ready = new NodeConditionBuilder().withType("Ready").withStatus(readiness.status)
                    .withReason(readiness.reason).withMessage(readiness.message)
                    .withLastHeartbeatTime(readiness == Readiness.UNREACHABLE && current != null ? current.getLastHeartbeatTime() : now)
                    .withLastTransitionTime(transition).build();
            conditions.removeIf(c -> "Ready".equals(c.getType()));
            conditions.add(ready);
            fresh.getStatus().setConditions(conditions);
            return client.nodes().resource(fresh).updateStatus();
        });
        if (lifecycleTaints) {
            node = editSpec(name, n -> {
                List<Taint> taints = new ArrayList<>(n.getSpec().getTaints() == null ? List.of() : n.getSpec().getTaints());
                taints.removeIf(t -> TAINT_NOT_READY.equals(t.getKey()) || TAINT_UNREACHABLE.equals(t.getKey()));
                if (readiness != Readiness.READY) {
                    String key = readiness == Readiness.NOT_READY ? TAINT_NOT_READY : TAINT_UNREACHABLE;
                    taints.add(new TaintBuilder().withKey(key).withEffect("NoSchedule").withTimeAdded(Times.now()).build());
                    taints.add(new TaintBuilder().withKey(key).withEffect("NoExecute").withTimeAdded(Times.now()).build());
                }
                n.getSpec().setTaints(taints);
                return n;
            });
        }
        return node;
    }

    /** Adds a taint (replacing one with the same key and effect). */
    public Node addTaint(String name, String key, String value, String effect) {
        return editSpec(name, n -> {
            List<Taint> taints = new ArrayList<>(n.getSpec().getTaints() == null ? List.of() : n.getSpec().getTaints());
            taints.removeIf(t -> key.equals(t.getKey()) && effect.equals(t.getEffect()));
            taints.add(new TaintBuilder().withKey(key).withValue(value).withEffect(effect)
                    .withTimeAdded("NoExecute".equals(effect) ? Times.now() : null).build());
            n.getSpec().setTaints(taints);
            return n;
        });
    }

    /** Removes every taint with this key. */
    public Node removeTaint(String name, String key) {
        return editSpec(name, n -> {
            if (n.getSpec().getTaints() != null) {
                n.getSpec().setTaints(new ArrayList<>(n.getSpec().getTaints().stream().filter(t -> !key.equals(t.getKey())).toList()));
            }
            return n;
        });
    }

    /** {@code kubectl cordon}. */
    public Node cordon(String name, boolean unschedulable) {
        return editSpec(name, n -> {
            n.getSpec().setUnschedulable(unschedulable ? Boolean.TRUE : null);
            return n;
        });
    }

    public boolean delete(String name) {
        return !client.nodes().withName(name).delete().isEmpty();
    }

    public Node get(String name) {
        return client.nodes().withName(name).get();
    }

    private Node editSpec(String name, UnaryOperator<Node> change) {
        return retryOnConflict(() -> {
            Node fresh = client.nodes().withName(name).require();
            if (fresh.getSpec() == null) {
                fresh.setSpec(new NodeSpec());
            }
            return client.nodes().resource(change.apply(fresh)).update();
        });
    }

    private Node newNode(String name, Map<String, String> labels) {
        Map<String, String> allLabels = new LinkedHashMap<>();
        allLabels.put("kubernetes.io/os", "linux");
        allLabels.put("kubernetes.io/arch", "amd64");
        allLabels.put(HOSTNAME_LABEL, name);
        if (labels != null) {
            allLabels.putAll(labels);
        }
        int n = addressCounter.incrementAndGet();
        String ip = "10.1." + ((n >> 8) & 0xff) + "." + (n & 0xff);
        String now = Times.format(Instant.now());
        return new NodeBuilder()
                .withNewMetadata().withName(name).withLabels(allLabels).endMetadata()
                .withNewSpec().endSpec()
                .withNewStatus()
                .addNewCondition().withType("Ready").withStatus("True").withReason("KubeletReady")
                .withMessage("kubelet is posting ready status").withLastHeartbeatTime(now).withLastTransitionTime(now).endCondition()
                .addNewAddress().withType("InternalIP").withAddress(ip).endAddress()
                .addNewAddress().withType("Hostname").withAddress(name).endAddress()
                .withCapacity(Map.of("cpu", new Quantity("8"), "memory", new Quantity("32Gi"), "pods", new Quantity("110")))
                .withAllocatable(Map.of("cpu", new Quantity("8"), "memory", new Quantity("32Gi"), "pods", new Quantity("110")))
                .withNewNodeInfo().withKubeletVersion("v1.20.2").withKubeProxyVersion("v1.20.2").withOperatingSystem("linux")
                .withArchitecture("amd64").withContainerRuntimeVersion("sim://1.0").withOsImage("Simulated Lustre client")
                .withKernelVersion("5.10.0").withMachineID(name).withSystemUUID(name).withBootID(name).endNodeInfo()
                .endStatus()
                .build();
    }

    private static <T> T retryOnConflict(Supplier<T> action) {
        for (int attempt = 1; ; attempt++) {
            try {
                return action.get();
            } catch (KubernetesClientException e) {
                if (e.getCode() != 409 || attempt >= 10) {
                    throw e;
                }
            }
        }
    }

    /** How long creating {@code count} nodes took, for sizing scenarios. */
    public Duration timeCreateMany(String prefix, int count, Map<String, String> labels, int threads) {
        Instant start = Instant.now();
        createMany(prefix, count, labels, threads);
        return Duration.between(start, Instant.now());
    }
}
