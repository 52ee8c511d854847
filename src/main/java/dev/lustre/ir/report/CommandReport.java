package dev.lustre.ir.report;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;

/**
 * What one agent run reports: the single JSON object it prints and leaves as its termination
 * message, and what the operator reads back. The agent writes these records and the operator reads
 * them with the same Jackson mapping ({@link ReportWriter}, {@link ReportReader}), so the field
 * names exist once, here.
 *
 * <p>Every report carries {@code command} (which record it is; absent or null when the agent ran no
 * command), {@code v}, {@code ok}, and on failure {@code error} and {@code message}. A report is ok
 * exactly when it has no error.
 *
 * <p><b>Version.</b> {@code "v"} is the version of this format, {@value #VERSION} today. A reader
 * understands its own version and every older one: a report without {@code v} was written before the
 * field existed and is read as version 1 when it binds to these records, and refused otherwise; a
 * report with a higher {@code v} is refused as a failure that says to upgrade the operator. Raise
 * {@code VERSION} for any change a reader of the previous version would misread or could not read: a
 * field removed, renamed, or given another type or meaning, or a new word in an enum it reads. A new
 * optional field does not raise it: readers ignore fields they do not know.
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, include = JsonTypeInfo.As.EXISTING_PROPERTY, property = "command",
        defaultImpl = NoCommandReport.class)
@JsonSubTypes({
        @JsonSubTypes.Type(value = ReconnectReport.class, name = ReconnectReport.COMMAND),
        @JsonSubTypes.Type(value = InspectServerReport.class, name = InspectServerReport.COMMAND),
        @JsonSubTypes.Type(value = CloseWindowReport.class, name = CloseWindowReport.COMMAND)})
@JsonPropertyOrder({"command", CommandReport.VERSION_FIELD, "ok"})
@JsonInclude(JsonInclude.Include.NON_NULL)
public sealed interface CommandReport permits ReconnectReport, InspectServerReport, CloseWindowReport, NoCommandReport {
    int VERSION = 1;
    String VERSION_FIELD = "v";

    /** The agent command that wrote the report; null when the agent ran none. */
    @JsonProperty
    @JsonInclude(JsonInclude.Include.ALWAYS)
    String command();

    @JsonProperty(VERSION_FIELD)
    default int version() {
        return VERSION;
    }

    @JsonProperty
    boolean ok();

    @JsonProperty
    AgentError error();

    @JsonProperty
    String message();

    /** Whether a list was cut to fit a termination message (its count beside it stays whole); omitted when not. */
    @JsonProperty
    @JsonInclude(JsonInclude.Include.NON_DEFAULT)
    default boolean truncated() {
        return false;
    }

    /**
     * The same report with each list cut to its first {@code limit} items, so that it fits a
     * termination message; the counts beside the lists keep the full numbers.
     */
    CommandReport withListsCutTo(int limit);
}
