package dev.lustre.ir.api;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.jsonFormatVisitors.JsonFormatVisitorWrapper;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.JsonSerializer;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.deser.std.StdDeserializer;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import java.io.IOException;
import java.util.function.Supplier;

/**
 * Lenient deserializers for the spec and status of the custom resources. The API server may hold
 * an object the operator cannot read (stored before the schema had a bound, or through a CRD
 * without one): a number too large for its Java field, a value of the wrong type. Read strictly,
 * such an object fails the informer's whole list or watch, and with it every other object of the
 * kind. Read leniently, only this part is replaced by an empty object marked unreadable, with the
 * field and the error, so the operator can report the object and keep working on the others.
 *
 * <p>The marked object keeps the stored JSON and {@link Writer} writes it back unchanged, so the
 * mark survives the copy the framework makes of each resource before reconciling it, and no write
 * of the operator ever replaces what the user stored with an empty object.
 *
 * <p>They are bound to the resource's setters ({@code @JsonDeserialize} on {@code setSpec} and
 * {@code setStatus}), not to the classes, so reading the tree as the class inside them uses the
 * ordinary bean deserializer and does not recurse.
 */
public final class Lenient {
    /** Bound on the error text kept: it ends up in status, an Event and the log. */
    static final int MAX_MESSAGE = 400;

    private Lenient() {
    }

    /** "clients.expectedCount" for the path of a mapping error, "" when it has none. */
    public static String path(JsonMappingException e) {
        StringBuilder b = new StringBuilder();
        for (JsonMappingException.Reference r : e.getPath()) {
            if (r.getFieldName() != null) {
                b.append(b.length() == 0 ? "" : ".").append(r.getFieldName());
            } else if (r.getIndex() >= 0) {
                b.append('[').append(r.getIndex()).append(']');
            }
        }
        return b.toString();
    }

    /** The field and what is wrong with it, e.g. "spec.clients.expectedCount: Numeric value (...) out of range of int". */
    static String describe(String root, JacksonException e) {
        String where = e instanceof JsonMappingException m ? path(m) : "";
        String what = e.getOriginalMessage() == null ? e.getClass().getSimpleName() : e.getOriginalMessage();
        if (e instanceof InvalidFormatException f && f.getTargetType() != null
                && (Number.class.isAssignableFrom(f.getTargetType()) || f.getTargetType().isPrimitive())) {
            // Jackson words a number too large for its field as a string coercion; say what it is.
            what = f.getValue() + " is out of range of " + f.getTargetType().getSimpleName()
                    + " (stored without the schema's bounds)";
        }
        what = what.replaceAll("\\s+", " ").trim();
        String text = (where.isEmpty() ? root : root + "." + where) + ": " + what;
        return text.length() > MAX_MESSAGE ? text.substring(0, MAX_MESSAGE) + "..." : text;
    }

    /**
     * Writes an unreadable part back as it was stored, anything else as usual. Bound to the
     * resource's getters, so the usual bean serializer is found for the class without recursion.
     */
    public static final class Writer extends JsonSerializer<Object> {
        @Override
        public void serialize(Object value, JsonGenerator gen, SerializerProvider serializers) throws IOException {
            if (value instanceof Unreadable u && u.storedJson() != null) {
                gen.writeTree(u.storedJson());
            } else {
                serializers.findValueSerializer(value.getClass()).serialize(value, gen, serializers);
            }
        }

        /** The schema is the class's own: the CRD generator reads it through this visitor. */
        @Override
        public void acceptJsonFormatVisitor(JsonFormatVisitorWrapper visitor, JavaType type) throws JsonMappingException {
            visitor.getProvider().findValueSerializer(type).acceptJsonFormatVisitor(visitor, type);
        }
    }

    abstract static class Base<T extends Unreadable> extends StdDeserializer<T> {
        private final Class<T> type;
        private final String root;
        private final Supplier<T> empty;

        Base(Class<T> type, String root, Supplier<T> empty) {
            super(type);
            this.type = type;
            this.root = root;
            this.empty = empty;
        }

        @Override
        public T deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
            // The whole subtree is read first, so a failure inside it leaves the parser at its end
            // and the rest of the object (metadata, the other of spec and status) is still read.
            JsonNode tree = ctxt.readTree(p);
            try {
                return ctxt.readTreeAsValue(tree, type);
            } catch (JacksonException e) {
                T marked = empty.get();
                marked.markUnreadable(describe(root, e), tree);
                return marked;
            }
        }
    }

    public static final class FailoverSpec extends Base<LustreFailoverSpec> {
        public FailoverSpec() {
            super(LustreFailoverSpec.class, "spec", LustreFailoverSpec::new);
        }
    }

    public static final class FailoverStatus extends Base<LustreFailoverStatus> {
        public FailoverStatus() {
            super(LustreFailoverStatus.class, "status", LustreFailoverStatus::new);
        }
    }

    public static final class NodeStatus extends Base<LustreNodeStatus> {
        public NodeStatus() {
            super(LustreNodeStatus.class, "status", LustreNodeStatus::new);
        }
    }

    public static final class PolicySpec extends Base<RecoveryPolicySpec> {
        public PolicySpec() {
            super(RecoveryPolicySpec.class, "spec", RecoveryPolicySpec::new);
        }
    }
}
