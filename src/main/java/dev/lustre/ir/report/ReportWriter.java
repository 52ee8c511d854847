package dev.lustre.ir.report;

import com.fasterxml.jackson.core.JsonProcessingException;

import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/** Writes a report as the agent prints it: one line of JSON that fits a termination message. */
public final class ReportWriter {
    /** Kubernetes keeps at most 4096 bytes of a termination message; stay below it with room to spare. */
    public static final int MAX_BYTES = 4000;
    private static final int[] LIST_LIMITS = {100, 40, 20, 10, 5, 2, 1, 0};

    private ReportWriter() {
    }

    /** Cuts the report's lists shorter until its JSON fits in {@link #MAX_BYTES}. */
    public static String render(CommandReport report) {
        String json = null;
        for (int limit : LIST_LIMITS) {
            json = write(report.withListsCutTo(limit));
            if (json.getBytes(StandardCharsets.UTF_8).length <= MAX_BYTES) {
                return json;
            }
        }
        return json;
    }

    private static String write(CommandReport report) {
        try {
            return ReportMapper.MAPPER.writeValueAsString(report);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }
}
