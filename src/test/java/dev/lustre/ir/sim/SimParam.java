package dev.lustre.ir.sim;

import java.util.function.Function;
import java.util.function.Supplier;

/**
 * One parameter file of a simulated node.
 *
 * @param path  the '/'-separated lctl path matched against patterns ("osc/dev/import")
 * @param file  the file's real location, used in error messages
 * @param read  renders the file's content, or null when it is write-only
 * @param write applies a written value and returns 0 or an errno, or null when it is read-only
 */
record SimParam(String path, String file, Supplier<String> read, Function<String, Integer> write) {

    /** The dotted name lctl prints (format_param turns '/' back into '.'). */
    String name() {
        return path.replace('/', '.');
    }
}
