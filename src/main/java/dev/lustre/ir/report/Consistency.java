package dev.lustre.ir.report;

import java.util.List;
import java.util.Objects;

/**
 * Checks every report passes when it is made, by the agent or from JSON: a report that contradicts
 * itself is unreadable, never a success.
 */
final class Consistency {
    private Consistency() {
    }

    static void okExactlyWithoutError(boolean ok, AgentError error) {
        if (ok != (error == null)) {
            throw new IllegalArgumentException(ok ? "the report is ok and names an error (" + error + ")"
                    : "the report is not ok and names no error");
        }
    }

    /** The part an ok report exists for: without it, ok would claim what nobody saw. */
    static void present(boolean ok, Object part, String name) {
        if (ok && part == null) {
            throw new IllegalArgumentException("the report is ok and has no " + name);
        }
    }

    /** An unmodifiable copy; absent reads as empty, a null item makes the report unreadable. */
    static <T> List<T> list(List<T> items, String name) {
        if (items == null) {
            return List.of();
        }
        if (items.stream().anyMatch(Objects::isNull)) {
            throw new IllegalArgumentException(name + " holds a null");
        }
        return List.copyOf(items);
    }

    /** A list cut to fit keeps its full count beside it. */
    static void countCovers(List<?> list, Integer count, String name) {
        if (list != null && (count == null || count < list.size())) {
            throw new IllegalArgumentException(name + " lists " + list.size() + " but counts " + count);
        }
    }
}
