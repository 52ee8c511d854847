package dev.lustre.ir.report;

import java.util.List;

/** Limits on what can grow in a report, so that its JSON fits a termination message. */
final class Bound {
    /** Messages come from lctl's stderr among others. */
    static final int MESSAGE_CHARS = 800;

    private Bound() {
    }

    static String message(String message) {
        return message == null || message.length() <= MESSAGE_CHARS ? message
                : message.substring(0, MESSAGE_CHARS) + "...";
    }

    static <T> List<T> first(List<T> list, int limit) {
        return list.size() <= limit ? list : list.subList(0, limit);
    }
}
