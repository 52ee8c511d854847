package dev.lustre.ir.agent;

import dev.lustre.ir.api.AgentSeal;
import dev.lustre.ir.report.AgentError;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The Pod a resident agent runs in, from the downward API ({@value #NAME_ENV}, {@value #UID_ENV}):
 * what it seals its results and registration with ({@link AgentSeal}). Read from the environment, not
 * the command line, so that the UID, the seal's key, is not in the process table for every user of
 * the node to see. Absent outside a Pod (a server's agent under systemd).
 */
public record PodIdentity(String name, String uid) {
    public static final String NAME_ENV = "POD_NAME";
    public static final String UID_ENV = "POD_UID";
    private static final Pattern NAME = Pattern.compile("^[a-z0-9]([-a-z0-9.]{0,251}[a-z0-9])?$");
    private static final Pattern UID = Pattern.compile("^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$");

    public PodIdentity {
        if (name == null || !NAME.matcher(name).matches()) {
            throw new AgentException(AgentError.BadArguments, NAME_ENV + " is not a Pod name (a DNS-1123 subdomain)");
        }
        if (uid == null || !UID.matcher(uid).matches()) {
            // The value itself is not repeated: it is the seal's key.
            throw new AgentException(AgentError.BadArguments, UID_ENV + " is not a Pod UID (lower-case hex in the 8-4-4-4-12 form)");
        }
    }

    /** From the environment: null when neither variable is set, refused when one is missing or malformed. */
    static PodIdentity fromEnvironment(Map<String, String> env) {
        String name = env.get(NAME_ENV);
        String uid = env.get(UID_ENV);
        if (name == null && uid == null) {
            return null;
        }
        return new PodIdentity(name, uid);
    }

    String seal(Object content) {
        return AgentSeal.seal(name, uid, content);
    }
}
