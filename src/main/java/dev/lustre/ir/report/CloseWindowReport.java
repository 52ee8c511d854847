package dev.lustre.ir.report;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

import java.util.List;

/**
 * {@code agent close-window}: whom it evicted (or that it aborted recovery) and the target's recovery
 * status afterwards.
 *
 * @param unknown requested UUIDs the server was not waiting for, so not evicted
 * @param alreadyClosed the target was out of recovery already: nothing was done
 * @param finalRecovery the last recovery status read, JSON {@code final}; absent only when the first
 *     read failed
 */
public record CloseWindowReport(String target, Action action, boolean ok, AgentError error, String message,
        List<String> evicted, int evictedCount, List<String> unknown, int unknownCount,
        @JsonInclude(JsonInclude.Include.NON_DEFAULT) boolean alreadyClosed,
        @JsonProperty("final") TargetRecovery finalRecovery, Long waitedMs) implements CommandReport {
    public static final String COMMAND = "close-window";

    /** How the window is closed; the same words as the policy's close methods. */
    public enum Action { EvictDead, AbortRecovery }

    public CloseWindowReport {
        Consistency.okExactlyWithoutError(ok, error);
        Consistency.present(ok, finalRecovery, "final");
        message = Bound.message(message);
        evicted = Consistency.list(evicted, "evicted");
        unknown = Consistency.list(unknown, "unknown");
        Consistency.countCovers(evicted, evictedCount, "evicted");
        Consistency.countCovers(unknown, unknownCount, "unknown");
    }

    public static CloseWindowReport of(String target, Action action, List<String> evicted, List<String> unknown,
            boolean alreadyClosed, TargetRecovery finalRecovery, long waitedMs, AgentError error, String message) {
        return new CloseWindowReport(target, action, error == null, error, message, evicted, evicted.size(), unknown,
                unknown.size(), alreadyClosed, finalRecovery, waitedMs);
    }

    public static CloseWindowReport failed(String target, AgentError error, String message) {
        return new CloseWindowReport(target, null, false, error, message, List.of(), 0, List.of(), 0, false, null,
                null);
    }

    @Override
    public String command() {
        return COMMAND;
    }

    @Override
    public boolean truncated() {
        return evicted.size() < evictedCount || unknown.size() < unknownCount;
    }

    @Override
    public CloseWindowReport withListsCutTo(int limit) {
        if (evicted.size() <= limit && unknown.size() <= limit) {
            return this;
        }
        return new CloseWindowReport(target, action, ok, error, message, Bound.first(evicted, limit), evictedCount,
                Bound.first(unknown, limit), unknownCount, alreadyClosed, finalRecovery, waitedMs);
    }
}
