package dev.lustre.ir.sandbox;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Objects;

/**
 * How long after the apply the client agents began their reconnects, from the startedAt their
 * results hold. An agent that writes whole seconds makes each start good to a second only: the apply
 * instant is then cut to its second too, so that no start reads as before the apply.
 *
 * @param resolution "1s" when every startedAt is a whole second, "ms" otherwise; "–" without results
 */
record AgentStarts(double p99, double max, String resolution) {
    static AgentStarts of(List<RoundTimeline.ClientResult> results, Instant applied) {
        List<Instant> starts = results.stream().map(RoundTimeline.ClientResult::startedAt).filter(Objects::nonNull).sorted().toList();
        if (starts.isEmpty()) {
            return new AgentStarts(Double.NaN, Double.NaN, "–");
        }
        boolean wholeSeconds = starts.stream().allMatch(t -> t.getNano() == 0);
        Instant from = wholeSeconds ? applied.truncatedTo(ChronoUnit.SECONDS) : applied;
        // nearest rank: the smallest start that at least 99% of the starts are at or before
        int rank = (int) Math.ceil(0.99 * starts.size()) - 1;
        return new AgentStarts(RoundRunner.seconds(from, starts.get(rank)), RoundRunner.seconds(from, starts.get(starts.size() - 1)),
                wholeSeconds ? "1s" : "ms");
    }
}
