package dev.lustre.ir.sim;

import dev.lustre.ir.agent.Sleeper;
import java.time.Duration;

/** The wall clock; sleeping really blocks. */
final class SystemClock implements SimClock {

    static final SystemClock INSTANCE = new SystemClock();

    private SystemClock() {
    }

    @Override
    public long millis() {
        return System.currentTimeMillis();
    }

    @Override
    public void sleep(Duration duration) {
        Sleeper.sleepOnWallClock(duration);
    }

    @Override
    public String toString() {
        return "SystemClock";
    }
}
