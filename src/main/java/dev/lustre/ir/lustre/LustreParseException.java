package dev.lustre.ir.lustre;

/** lctl output did not hold what we need. Names the field and the command it came from. */
public class LustreParseException extends RuntimeException {
    private final String field;
    private final String command;

    public LustreParseException(String field, String command, String detail) {
        super(detail + " (field '" + field + "' in output of '" + command + "')");
        this.field = field;
        this.command = command;
    }

    public static LustreParseException missing(String field, String command) {
        return new LustreParseException(field, command, "missing required field '" + field + "'");
    }

    public static LustreParseException invalid(String field, String command, String value) {
        return new LustreParseException(field, command,
                "unexpected value '" + InvalidLustreValueException.printable(value) + "'");
    }

    public String field() {
        return field;
    }

    public String command() {
        return command;
    }
}
