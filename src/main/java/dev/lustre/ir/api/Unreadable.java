package dev.lustre.ir.api;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * A spec or status that could not be read (see {@link Lenient}). It keeps the stored JSON and writes
 * it back unchanged: the operator's framework copies the resource through JSON before reconciling, and
 * the mark must survive that copy; and nothing the operator writes may lose what the user stored.
 */
public interface Unreadable {
    /** Why it could not be read, naming the field; null when it was read. */
    String unreadable();

    /** The JSON as stored, when unreadable; null otherwise. */
    JsonNode storedJson();

    void markUnreadable(String why, JsonNode stored);
}
