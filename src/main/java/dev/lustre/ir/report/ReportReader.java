package dev.lustre.ir.report;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.exc.ValueInstantiationException;
import dev.lustre.ir.report.UnreadableReportException.Reason;

/**
 * Reads an agent's termination message back into its report, by the version rule of
 * {@link CommandReport}.
 */
public final class ReportReader {
    private ReportReader() {
    }

    public static CommandReport read(String json) throws UnreadableReportException {
        if (json == null || json.isBlank()) {
            throw new UnreadableReportException(Reason.NoReport, "the agent left no termination message");
        }
        JsonNode tree;
        try {
            tree = ReportMapper.MAPPER.readTree(json);
        } catch (JsonProcessingException e) {
            throw bad("not JSON: " + e.getOriginalMessage());
        }
        if (!tree.isObject()) {
            throw bad("not a JSON object");
        }
        JsonNode v = tree.get(CommandReport.VERSION_FIELD);
        if (v != null && !(v.isInt() && v.intValue() >= 1)) {
            throw bad("\"" + CommandReport.VERSION_FIELD + "\" is not a version number: " + v);
        }
        if (v != null && v.intValue() > CommandReport.VERSION) {
            throw new UnreadableReportException(Reason.NewerReport, "agent report version " + v.intValue()
                    + " is newer than this operator understands (" + CommandReport.VERSION + "): upgrade the operator");
        }
        try {
            return ReportMapper.MAPPER.treeToValue(tree, CommandReport.class);
        } catch (JsonProcessingException | IllegalArgumentException e) {
            // A report from before versions were written is version 1 if it has the shape of one.
            throw bad((v == null ? "a report without a version, read as version 1: " : "") + why(e));
        }
    }

    /** A record's own check says best what is wrong; Jackson's words otherwise. */
    private static String why(Exception e) {
        if (e instanceof ValueInstantiationException && e.getCause() instanceof IllegalArgumentException check) {
            return check.getMessage();
        }
        return e instanceof JsonProcessingException j ? j.getOriginalMessage() : e.getMessage();
    }

    private static UnreadableReportException bad(String why) {
        return new UnreadableReportException(Reason.BadReport, "unreadable agent report: " + why);
    }
}
