package dev.lustre.ir.sandbox;

import io.fabric8.kubernetes.client.utils.Serialization;
import java.util.List;

/**
 * What one round measured. Times are seconds; failover→window closed is in the simulated Lustre's
 * time (the wall clock at time scale 1).
 */
public record RoundResult(String phase, String closedBy, int clients, int dead, int reconnected, List<String> evicted,
        int serverEvicted, double failoverToWindowClosed, double lustreLimit, double applyToAllDispatched,
        double policyHeldToCloseJob, double elapsed, long operatorRequests, long statusBytes, String message) {

    public String toJson() {
        return Serialization.asJson(this);
    }
}
