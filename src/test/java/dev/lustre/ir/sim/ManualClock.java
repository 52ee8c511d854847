package dev.lustre.ir.sim;

import dev.lustre.ir.agent.Sleeper;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A clock that tests drive. {@link #sleep} advances it instead of blocking, so code under test that
 * polls with a {@link Sleeper} runs through simulated minutes instantly and deterministically.
 */
public final class ManualClock implements SimClock {

    /** 2026-01-15T08:00:00Z: a fixed, realistic epoch so state_history timestamps look like real ones. */
    static final long DEFAULT_START = 1_768_464_000_000L;

    private final AtomicLong now;

    ManualClock(long startMillis) {
        this.now = new AtomicLong(startMillis);
    }

    @Override
    public long millis() {
        return now.get();
    }

    public void advance(Duration d) {
        if (d.isNegative()) {
            throw new IllegalArgumentException("time does not run backwards: " + d);
        }
        now.addAndGet(d.toMillis());
    }

    /** Moves to {@code epochMillis} if that is later than now; never goes back. */
    public void advanceTo(long epochMillis) {
        now.accumulateAndGet(epochMillis, Math::max);
    }

    @Override
    public void sleep(Duration duration) {
        if (!duration.isNegative()) {
            advance(duration);
        }
    }

    @Override
    public String toString() {
        return "ManualClock[" + instant() + "]";
    }
}
