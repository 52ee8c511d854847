package dev.lustre.ir.testing;

import dev.lustre.ir.metrics.RoundMetrics;
import dev.lustre.ir.operator.AgentSettings;
import dev.lustre.ir.operator.EventRecorder;
import dev.lustre.ir.operator.LustreFailoverReconciler;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.javaoperatorsdk.operator.Operator;
import io.javaoperatorsdk.operator.api.monitoring.Metrics;

/**
 * An operator the test starts and stops itself (with {@link ManualOperatorProfile}): each start is a
 * new process as far as a round can tell, with new informers, a new reconciler and nothing in memory.
 */
public final class ManualOperators {
    private ManualOperators() {
    }

    public static Operator start(KubernetesClient client, EventRecorder events, AgentSettings settings) {
        return start(client, events, settings, null);
    }

    /** @param metrics the framework's metrics (e.g. reconciles counted per resource), or null for none */
    public static Operator start(KubernetesClient client, EventRecorder events, AgentSettings settings, Metrics metrics) {
        Operator operator = new Operator(o -> {
            o.withKubernetesClient(client).withCloseClientOnStop(false);
            if (metrics != null) {
                o.withMetrics(metrics);
            }
        });
        operator.register(new LustreFailoverReconciler(client, events, settings, new RoundMetrics(new SimpleMeterRegistry())));
        operator.start();
        return operator;
    }
}
