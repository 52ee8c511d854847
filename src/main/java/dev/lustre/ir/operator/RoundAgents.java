package dev.lustre.ir.operator;

import dev.lustre.ir.api.LustreClose;
import dev.lustre.ir.api.LustreRound;
import java.util.Comparator;
import java.util.List;

/**
 * A round's resident-agent side as the operator's caches hold it: its LustreRound (null until
 * created), what the agents wrote, the closes issued, and the agents' directory.
 */
record RoundAgents(LustreRound round, AgentResults.OfRound results, List<LustreClose> closes, AgentDirectory directory) {
    RoundAgents {
        closes = closes.stream().filter(c -> c.getSpec() != null && c.getSpec().sequence != null)
                .sorted(Comparator.comparingInt(c -> c.getSpec().sequence)).toList();
    }
}
