package dev.lustre.ir.sim;

import dev.lustre.ir.agent.Sleeper;
import java.time.Duration;
import java.time.Instant;

/**
 * The simulated cluster's notion of "now", in epoch milliseconds. Every clock is also a {@link Sleeper}
 * whose sleep moves this clock forward by the slept duration (really or by advancing it).
 */
public interface SimClock extends Sleeper {

    long millis();

    default Instant instant() {
        return Instant.ofEpochMilli(millis());
    }

    default long epochSeconds() {
        return Math.floorDiv(millis(), 1000L);
    }

    /** A clock that only moves when told to (or when something sleeps on it). */
    static ManualClock manual() {
        return new ManualClock(ManualClock.DEFAULT_START);
    }

    static ManualClock manualAt(Instant start) {
        return new ManualClock(start.toEpochMilli());
    }

    static SimClock system() {
        return SystemClock.INSTANCE;
    }

    /** Simulated time runs {@code factor} times faster than the wall clock, starting at the wall clock now. */
    static ScaledClock scaled(double factor) {
        return ScaledClock.startingNow(factor);
    }

    /** Convenience for callers that think in durations. */
    default void advanceBy(Duration d) {
        sleep(d);
    }
}
