package dev.lustre.ir.sandbox;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertTrue;

/** The benchmark's "Lustre alone" baseline runs on the simulator's default (adaptive-timeout) clients. */
class LustreAloneTest {

    @Test
    void withoutIrAndWithoutDeadClientsTheWindowClosesWhenTheLastPingTimeoutBringsItsClientBack() {
        // adaptive timeouts: every client is back 11..41.2 s after the failover (ping phase 0..25 s +
        // at_est2timeout 6..11 s + 5 s on the dead NID + 0.2 s connect), and the last connect
        // (connected == max) wakes the recovery thread, so the window closes then and not at ~105..130 s
        double s = LustreAlone.windowSeconds(100, 0, false, 42);
        assertTrue(s >= 11 && s <= 41.2, "window closed after " + s + " s");
        // with 100 clients the last of them comes late in the 30 s range: the baseline is not the fastest client
        assertTrue(s >= 30, "window closed after " + s + " s");
    }

    @Test
    void withADeadClientTheSoftTimerStillDecides() {
        // the timer starts at the first reconnect (11..41 s) and runs the soft 300 s: the dead client holds it
        double s = LustreAlone.windowSeconds(100, 1, false, 42);
        assertTrue(s >= 300 + 11 && s <= 300 + 41.2, "window closed after " + s + " s");
    }
}
