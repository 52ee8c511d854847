package dev.lustre.ir.report;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

import java.util.List;

/**
 * {@code agent inspect-server}: the target's recovery status, instance, the clients it still waits
 * for, and the file system's IR state when this node runs the MGS.
 *
 * @param staleClients recovery_stale_clients, possibly cut to fit; absent before Lustre 2.16, which
 *     does not have the file
 * @param staleCount how many stale clients the server named, present with {@code staleClients}
 * @param irState the MGS's IR state of the file system; null (written as null) when the MGS is not on
 *     this node
 */
public record InspectServerReport(String target, boolean ok, AgentError error, String message,
        TargetRecovery recovery, Long instance, List<String> staleClients, Integer staleCount,
        @JsonInclude(JsonInclude.Include.ALWAYS) String irState) implements CommandReport {
    public static final String COMMAND = "inspect-server";

    public InspectServerReport {
        Consistency.okExactlyWithoutError(ok, error);
        Consistency.present(ok, recovery, "recovery");
        message = Bound.message(message);
        staleClients = staleClients == null ? null : Consistency.list(staleClients, "staleClients");
        Consistency.countCovers(staleClients, staleCount, "staleClients");
    }

    public static InspectServerReport of(String target, TargetRecovery recovery, Long instance,
            List<String> staleClients, String irState) {
        return new InspectServerReport(target, true, null, null, recovery, instance, staleClients,
                staleClients == null ? null : staleClients.size(), irState);
    }

    public static InspectServerReport failed(String target, AgentError error, String message) {
        return new InspectServerReport(target, false, error, message, null, null, null, null, null);
    }

    @Override
    public String command() {
        return COMMAND;
    }

    /** Whether the server can list its stale clients (2.16+). */
    @JsonProperty
    public boolean staleSupported() {
        return staleClients != null;
    }

    /**
     * Whether {@code staleClients} is only the first part of the list. Taken from the count, not from
     * a flag, so that a cut list can never read as complete.
     */
    @JsonProperty
    public Boolean staleTruncated() {
        return staleClients == null ? null : staleCount > staleClients.size();
    }

    @Override
    public boolean truncated() {
        return Boolean.TRUE.equals(staleTruncated());
    }

    @Override
    public InspectServerReport withListsCutTo(int limit) {
        if (staleClients == null || staleClients.size() <= limit) {
            return this;
        }
        return new InspectServerReport(target, ok, error, message, recovery, instance,
                Bound.first(staleClients, limit), staleCount, irState);
    }
}
