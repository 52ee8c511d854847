package dev.lustre.ir.sim;

import dev.lustre.ir.agent.Sleeper;
import java.time.Duration;

/**
 * Simulated time that runs {@code factor} times faster than the wall clock, for sandbox demos: with
 * factor 10 a 300 s recovery window passes in 30 s. Sleeping a simulated duration blocks for
 * duration/factor of wall time.
 */
public final class ScaledClock implements SimClock {

    private final long simOrigin;
    private final long wallOrigin;
    private final double factor;

    public ScaledClock(long simOriginMillis, long wallOriginMillis, double factor) {
        if (!(factor > 0)) {
            throw new IllegalArgumentException("factor must be positive: " + factor);
        }
        this.simOrigin = simOriginMillis;
        this.wallOrigin = wallOriginMillis;
        this.factor = factor;
    }

    static ScaledClock startingNow(double factor) {
        long wall = System.currentTimeMillis();
        return new ScaledClock(wall, wall, factor);
    }

    public double factor() {
        return factor;
    }

    public long simOrigin() {
        return simOrigin;
    }

    public long wallOrigin() {
        return wallOrigin;
    }

    @Override
    public long millis() {
        return simOrigin + (long) ((System.currentTimeMillis() - wallOrigin) * factor);
    }

    @Override
    public void sleep(Duration duration) {
        Sleeper.sleepOnWallClock(Duration.ofNanos((long) (duration.toNanos() / factor)));
    }

    @Override
    public String toString() {
        return "ScaledClock[x" + factor + "]";
    }
}
