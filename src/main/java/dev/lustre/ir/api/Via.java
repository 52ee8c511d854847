package dev.lustre.ir.api;

/** How a node takes part in a round. */
public enum Via {
    /** Its resident agent (agent serve): it learns of the round from the LustreRound and writes a LustreRoundResult. */
    Agent,
    /** A Job the operator creates on it, which reports through its Pod's termination message. */
    Job
}
