package dev.lustre.ir.api;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.databind.JsonNode;

/**
 * A spec or status that could not be read (see {@link Lenient}). It keeps the stored JSON and writes
 * it back unchanged: the operator's framework copies the resource through JSON before reconciling, and
 * the mark must survive that copy; and nothing the operator writes may lose what the user stored.
 */
public abstract class Unreadable {
    // Set only by Lenient, for a part the operator could not read; never part of the schema.
    @JsonIgnore
    private String unreadable;
    @JsonIgnore
    private JsonNode storedJson;

    /** Why it could not be read, naming the field; null when it was read. */
    public String unreadable() {
        return unreadable;
    }

    /** The JSON as stored, when unreadable; null otherwise. */
    public JsonNode storedJson() {
        return storedJson;
    }

    public void markUnreadable(String why, JsonNode stored) {
        this.unreadable = why;
        this.storedJson = stored;
    }
}
