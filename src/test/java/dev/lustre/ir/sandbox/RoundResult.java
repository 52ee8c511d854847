package dev.lustre.ir.sandbox;

import io.fabric8.kubernetes.client.utils.Serialization;
import java.util.List;
import java.util.Map;

/**
 * What one round measured. Times are seconds; failover→window closed is in the simulated Lustre's
 * time (the wall clock at time scale 1).
 *
 * @param dispatch                  agents, jobs or mixed: which nodes ran resident agents
 * @param agents                    resident agents running in the round (clients and server)
 * @param registrationSeconds       the agents' registration before the failover, apart from the round (NaN without agents)
 * @param leaseSeconds              the agents' Lease duration (scaled with their number)
 * @param agentResults              client results the agents wrote
 * @param jobsDispatched            client Jobs the operator created
 * @param applyToAgentsStartedP99   apply → the live client agents' reconnect began (their results' startedAt), 99th percentile
 * @param applyToAgentsStartedMax   the same, the last of them
 * @param startedAtResolution       "1s" when the agents wrote startedAt in whole seconds: the two figures above
 *                                  are then against the apply instant cut to its second, and good to a second
 * @param windowClosedAfterLastReconnect status.windowClosedTime − the last client result's observedAt (whole seconds)
 * @param windowClosedFromApiServer failover → status.windowClosedTime, as the API server holds it (whole seconds)
 * @param writesDuringRound         API writes (create, update, patch, delete) of everyone, apply to the end of the
 *                                  round, Lease renewals left out (they are heartbeats, at a rate of their own)
 * @param writesByUserAgent         every write by client (user agent up to its first slash), Lease writes apart
 */
public record RoundResult(String phase, String closedBy, int clients, int dead, int reconnected, List<String> evicted,
        int serverEvicted, double failoverToWindowClosed, double lustreLimit, double applyToAllDispatched,
        double lastReconnectToFirstClose, double elapsed, long operatorRequests, long statusBytes, String message,
        String dispatch, int agents, double registrationSeconds, long leaseSeconds, int agentResults, int jobsDispatched,
        double applyToAgentsStartedP99, double applyToAgentsStartedMax, String startedAtResolution,
        double windowClosedAfterLastReconnect, double windowClosedFromApiServer, long writesDuringRound,
        Map<String, Long> writesByUserAgent) {

    public String toJson() {
        return Serialization.asJson(this);
    }
}
