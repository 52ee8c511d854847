package dev.lustre.ir.sim;

/** The MGS imperative-recovery state ({@code IR_STRINGS} in mgs_internal.h). */
public enum IrState {
    FULL("full"), STARTUP("startup"), DISABLED("disabled"), PARTIAL("partial");

    private final String word;

    IrState(String word) {
        this.word = word;
    }

    public String word() {
        return word;
    }

    /** The MGS still revokes the IR lock (clients get notified) unless an administrator disabled IR. */
    public boolean notifiesClients() {
        return this != DISABLED;
    }

    public static IrState parse(String s) {
        return valueOf(s.trim().toUpperCase());
    }
}
