package dev.lustre.ir.sim;

/**
 * SplitMix64: a deterministic generator whose whole state is one long, so a scenario saved to a JSON
 * state file continues with the same random sequence after it is loaded again.
 */
final class SeededRandom {

    long state;

    SeededRandom() {
    }

    SeededRandom(long seed) {
        this.state = seed;
    }

    long nextLong() {
        long z = (state += 0x9E3779B97F4A7C15L);
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    /** Uniform in [0, bound). */
    long nextLong(long bound) {
        if (bound <= 0) {
            return 0;
        }
        return Math.floorMod(nextLong(), bound);
    }

    String hex(int digits) {
        StringBuilder sb = new StringBuilder(digits);
        while (sb.length() < digits) {
            String h = Long.toHexString(nextLong());
            sb.append("0".repeat(16 - h.length())).append(h);
        }
        return sb.substring(0, digits);
    }

    /** A random-looking client UUID such as {@code 54b91eab-0ea9-1516-b571-5e6df349592e}. */
    String uuid() {
        String h = hex(32);
        return h.substring(0, 8) + "-" + h.substring(8, 12) + "-" + h.substring(12, 16) + "-"
                + h.substring(16, 20) + "-" + h.substring(20, 32);
    }
}
