package dev.lustre.ir.sandbox;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** apply → agents started: the 99th percentile by nearest rank, and whole-second starts never before the apply. */
class AgentStartsTest {
    @Test
    void theNinetyNinthPercentileOfAHundredStartsIsTheNinetyNinth() {
        Instant applied = Instant.parse("2026-12-02T10:00:00.250Z");
        List<RoundTimeline.ClientResult> results = new ArrayList<>();
        for (int i = 1; i <= 100; i++) {
            results.add(result(applied.plusMillis(10L * i)));
        }
        AgentStarts s = AgentStarts.of(results, applied);
        assertEquals(0.99, s.p99());
        assertEquals(1.0, s.max());
        assertEquals("ms", s.resolution());
    }

    @Test
    void wholeSecondStartsAreMeasuredFromTheApplysSecond() {
        Instant applied = Instant.parse("2026-12-02T10:00:00.700Z");
        AgentStarts s = AgentStarts.of(List.of(result(Instant.parse("2026-12-02T10:00:00Z")),
                result(Instant.parse("2026-12-02T10:00:02Z"))), applied);
        assertEquals("1s", s.resolution());
        assertEquals(2.0, s.max());
        assertTrue(s.p99() >= 0, "a start in the apply's own second is not before it");
    }

    @Test
    void noResultsNoFigure() {
        assertTrue(Double.isNaN(AgentStarts.of(List.of(), Instant.now()).p99()));
    }

    private static RoundTimeline.ClientResult result(Instant started) {
        return new RoundTimeline.ClientResult("c", "Reconnected", started, started, started);
    }
}
