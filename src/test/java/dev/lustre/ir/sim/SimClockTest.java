package dev.lustre.ir.sim;

import dev.lustre.ir.agent.Sleeper;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SimClockTest {

    @Test
    void manualClockMovesOnlyWhenToldOrSleptOn() {
        ManualClock c = SimClock.manual();
        long t0 = c.millis();
        c.advance(Duration.ofSeconds(5));
        assertEquals(t0 + 5000, c.millis());
        Sleeper sleeper = c;
        sleeper.sleep(Duration.ofMinutes(1));
        assertEquals(t0 + 65_000, c.millis());
        c.advanceTo(t0); // never goes back
        assertEquals(t0 + 65_000, c.millis());
        assertThrows(IllegalArgumentException.class, () -> c.advance(Duration.ofSeconds(-1)));
    }

    @Test
    void scaledClockRunsFaster() throws InterruptedException {
        ScaledClock c = new ScaledClock(1_000_000L, System.currentTimeMillis(), 100);
        long t0 = c.millis();
        Thread.sleep(30);
        long elapsed = c.millis() - t0;
        assertTrue(elapsed >= 2_000, "30 ms wall at x100 should be >= 2 s simulated, was " + elapsed);
        long wall = System.nanoTime();
        c.sleep(Duration.ofSeconds(2)); // 20 ms of wall time
        long wallMs = (System.nanoTime() - wall) / 1_000_000;
        assertTrue(wallMs < 1000, "a 2 s simulated sleep at x100 must not block for long: " + wallMs);
    }

    @Test
    void systemClockIsTheWallClock() {
        long now = System.currentTimeMillis();
        assertTrue(Math.abs(SimClock.system().millis() - now) < 1000);
    }
}
