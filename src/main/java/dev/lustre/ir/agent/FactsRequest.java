package dev.lustre.ir.agent;

import java.util.List;

/** {@code agent facts}: read this node's Lustre facts once and print them. */
public record FactsRequest(String node, List<String> lctlPrefix) {
    public static final String COMMAND = "facts";
}
