package dev.lustre.ir.report;

/** A termination message that is not a report this reader may act on; the message says why. */
public final class UnreadableReportException extends Exception {
    /** What kind of unreadable; the names are the error words the operator shows. */
    public enum Reason {
        /** The agent left no termination message. */
        NoReport,
        /** Not JSON, not an object, or not the shape of any report of a version this reader knows. */
        BadReport,
        /** Written by an agent newer than this reader. */
        NewerReport
    }

    private final Reason reason;

    UnreadableReportException(Reason reason, String message) {
        super(message);
        this.reason = reason;
    }

    public Reason reason() {
        return reason;
    }
}
