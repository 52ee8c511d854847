package dev.lustre.ir.operator;

import dev.lustre.ir.kube.Times;
import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.ConditionBuilder;
import java.time.Instant;
import java.util.List;

/**
 * Condition bookkeeping: lastTransitionTime moves only when the status value changes. A message
 * is never empty: status is written by server-side apply as YAML, where an empty string can come
 * back as null and be rejected by the schema.
 */
public final class Conditions {
    public static final String RECONNECTED = "Reconnected";
    public static final String WINDOW_CLOSED = "WindowClosed";
    public static final String COMPLETE = "Complete";
    public static final String DEGRADED = "Degraded";
    public static final String PAUSED = "Paused";

    private Conditions() {
    }

    public static void set(List<Condition> conditions, String type, boolean status, String reason, String message,
            long generation, Instant now) {
        set(conditions, type, status ? "True" : "False", reason, message, generation, now);
    }

    /** @param value True, False or Unknown */
    public static void set(List<Condition> conditions, String type, String value, String reason, String message,
            long generation, Instant now) {
        Condition existing = find(conditions, type);
        String transition = existing != null && value.equals(existing.getStatus())
                ? existing.getLastTransitionTime()
                : Times.format(now);
        Condition updated = new ConditionBuilder()
                .withType(type).withStatus(value).withReason(reason).withMessage(message == null || message.isEmpty() ? reason : message)
                .withObservedGeneration(generation).withLastTransitionTime(transition).build();
        if (existing != null) {
            conditions.set(conditions.indexOf(existing), updated);
        } else {
            conditions.add(updated);
        }
    }

    public static Condition find(List<Condition> conditions, String type) {
        return conditions.stream().filter(c -> type.equals(c.getType())).findFirst().orElse(null);
    }

    public static boolean isTrue(List<Condition> conditions, String type) {
        Condition c = find(conditions, type);
        return c != null && "True".equals(c.getStatus());
    }
}
