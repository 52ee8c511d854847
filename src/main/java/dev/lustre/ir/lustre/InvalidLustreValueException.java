package dev.lustre.ir.lustre;

/**
 * A value meant for an lctl argument did not match its strict pattern. Nothing built from it reaches
 * lctl: every argv is assembled only from values that passed {@link LustreNames}.
 */
public class InvalidLustreValueException extends IllegalArgumentException {
    private final String what;
    private final String value;

    public InvalidLustreValueException(String what, String value, String expected) {
        super("invalid " + what + " '" + printable(value) + "': expected " + expected);
        this.what = what;
        this.value = value;
    }

    public String what() {
        return what;
    }

    public String value() {
        return value;
    }

    /** Keeps control characters and very long input out of messages that end up in JSON and logs. */
    static String printable(String value) {
        if (value == null) {
            return "null";
        }
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < value.length() && sb.length() < 80; i++) {
            char c = value.charAt(i);
            sb.append(c < 0x20 || c == 0x7f ? '?' : c);
        }
        if (value.length() > 80) {
            sb.append("...");
        }
        return sb.toString();
    }
}
