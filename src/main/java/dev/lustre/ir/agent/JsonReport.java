package dev.lustre.ir.agent;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;

import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * What a command reports: one JSON object. Written with jackson-core's streaming generator only
 * (no databind: the agent starts in a fresh JVM per Job and should load few classes).
 */
interface JsonReport {
    /**
     * Kubernetes keeps at most 4096 bytes of a termination message; stay below it with room to spare.
     */
    int MAX_BYTES = 4000;

    boolean ok();

    /**
     * Writes the fields (without the enclosing braces). Lists are cut to {@code listLimit} items;
     * their full counts are always written, and {@code truncated} says whether anything was cut.
     */
    void writeFields(Fields out, int listLimit) throws IOException;

    /** Renders the report, shrinking lists until the JSON fits in {@link #MAX_BYTES}. */
    static String render(JsonReport report) {
        int[] limits = {100, 40, 20, 10, 5, 2, 1, 0};
        String json = null;
        for (int limit : limits) {
            json = renderWith(report, limit);
            if (json.getBytes(StandardCharsets.UTF_8).length <= MAX_BYTES) {
                return json;
            }
        }
        return json;
    }

    private static String renderWith(JsonReport report, int limit) {
        StringWriter w = new StringWriter();
        try (JsonGenerator g = Holder.FACTORY.createGenerator(w)) {
            g.writeStartObject();
            Fields f = new Fields(g);
            report.writeFields(f, limit);
            if (f.truncated) {
                g.writeBooleanField("truncated", true);
            }
            g.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return w.toString();
    }

    final class Holder {
        static final JsonFactory FACTORY = new JsonFactory();

        private Holder() {
        }
    }

    /** A thin layer over the generator that skips nulls and bounds lists. */
    final class Fields {
        final JsonGenerator g;
        boolean truncated;

        Fields(JsonGenerator g) {
            this.g = g;
        }

        Fields str(String name, String value) throws IOException {
            if (value != null) {
                g.writeStringField(name, value);
            }
            return this;
        }

        /** Messages come from lctl stderr among others: bound them. */
        Fields message(String value) throws IOException {
            if (value != null) {
                g.writeStringField("message", value.length() > 800 ? value.substring(0, 800) + "..." : value);
            }
            return this;
        }

        Fields num(String name, Number value) throws IOException {
            if (value != null) {
                g.writeFieldName(name);
                if (value instanceof Double d) {
                    g.writeNumber(d);
                } else {
                    g.writeNumber(value.longValue());
                }
            }
            return this;
        }

        Fields bool(String name, boolean value) throws IOException {
            g.writeBooleanField(name, value);
            return this;
        }

        Fields nullField(String name) throws IOException {
            g.writeNullField(name);
            return this;
        }

        /** Writes up to {@code limit} strings; returns whether the list was cut. */
        boolean strings(String name, List<String> values, int limit) throws IOException {
            g.writeArrayFieldStart(name);
            int n = Math.min(limit, values.size());
            for (int i = 0; i < n; i++) {
                g.writeString(values.get(i));
            }
            g.writeEndArray();
            boolean cut = n < values.size();
            truncated |= cut;
            return cut;
        }

        JsonGenerator generator() {
            return g;
        }
    }
}
