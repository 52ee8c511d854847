package dev.lustre.ir.operator;

import dev.lustre.ir.kube.Times;
import dev.lustre.ir.api.LustreFailover;
import io.fabric8.kubernetes.api.model.EventBuilder;
import io.fabric8.kubernetes.api.model.ObjectReferenceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import org.jboss.logging.Logger;

/** Writes core/v1 Events about a LustreFailover. A failed write is logged, never fatal. */
@ApplicationScoped
public class EventRecorder {
    private static final Logger LOG = Logger.getLogger(EventRecorder.class);
    private final KubernetesClient client;

    public EventRecorder(KubernetesClient client) {
        this.client = client;
    }

    public void normal(LustreFailover lfo, EventReason reason, String message) {
        emit(lfo, "Normal", reason, message);
    }

    public void warning(LustreFailover lfo, EventReason reason, String message) {
        emit(lfo, "Warning", reason, message);
    }

    private void emit(LustreFailover lfo, String type, EventReason reason, String message) {
        String now = Times.format(Instant.now());
        var event = new EventBuilder()
                .withNewMetadata()
                .withGenerateName(lfo.getMetadata().getName() + ".")
                .withNamespace(lfo.getMetadata().getNamespace())
                .endMetadata()
                .withInvolvedObject(new ObjectReferenceBuilder()
                        .withApiVersion(lfo.getApiVersion()).withKind(lfo.getKind())
                        .withName(lfo.getMetadata().getName()).withNamespace(lfo.getMetadata().getNamespace())
                        .withUid(lfo.getMetadata().getUid()).build())
                .withType(type)
                .withReason(reason.name())
                .withMessage(message.length() > 1000 ? message.substring(0, 1000) : message)
                .withFirstTimestamp(now).withLastTimestamp(now).withCount(1)
                .withNewSource().withComponent("lustre-ir-operator").endSource()
                .build();
        try {
            client.v1().events().inNamespace(lfo.getMetadata().getNamespace()).resource(event).create();
        } catch (KubernetesClientException e) {
            LOG.warnf("could not record event %s for %s: %s", reason, lfo.getMetadata().getName(), e.getMessage());
        }
    }
}
