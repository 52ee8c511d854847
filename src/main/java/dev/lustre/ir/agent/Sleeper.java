package dev.lustre.ir.agent;

import java.time.Duration;
import java.util.concurrent.CancellationException;

/**
 * Something that waits. Code that polls (the node agent, close-window jobs) takes a Sleeper so
 * that tests can hand it the simulated Lustre's manual clock: the "sleep" then advances simulated time instead of
 * blocking, and a 60 s wait costs nothing.
 */
@FunctionalInterface
public interface Sleeper {

    /**
     * Waits for {@code duration}. An interrupted wait restores the thread's interrupt flag and throws
     * {@link CancellationException} so that polling loops stop instead of spinning.
     */
    void sleep(Duration duration);

    /** Sleeps on the wall clock with {@link Thread#sleep}. */
    static Sleeper real() {
        return Sleeper::sleepOnWallClock;
    }

    static void sleepOnWallClock(Duration duration) {
        if (duration.isNegative() || duration.isZero()) {
            return;
        }
        try {
            Thread.sleep(duration.toMillis(), duration.toNanosPart() % 1_000_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CancellationException("interrupted while sleeping");
        }
    }
}
