package dev.lustre.ir.sandbox;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** The benchmark writes only figures that can be: a failed measurement is refused, not printed. */
class BenchmarkFiguresTest {
    @Test
    void aNegativeOrInfiniteFigureIsRefusedNamingIt() {
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> BenchmarkMain.possible("API requests", -0.2));
        assertTrue(e.getMessage().contains("API requests") && e.getMessage().contains("-0.2"), e.getMessage());
        assertThrows(IllegalStateException.class, () -> BenchmarkMain.possible("operator", Double.POSITIVE_INFINITY));
    }

    @Test
    void zeroAndUnknownArePossible() {
        assertEquals(0.0, BenchmarkMain.possible("beyond", 0.0));
        assertTrue(Double.isNaN(BenchmarkMain.possible("policy held → close Job", Double.NaN)), "unknown is printed as –");
    }
}
