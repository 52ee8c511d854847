package dev.lustre.ir.operator;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.util.Optional;

/** How node Jobs run the agent. */
@ConfigMapping(prefix = "lustre-ir.agent")
public interface AgentSettings {
    /** The operator's own image: Jobs run it with {@code agent …} as arguments. */
    @WithDefault("lustre-ir-operator:0.1.0")
    String image();

    /** Replaces the agent's lctl command prefix (its --lctl option); empty keeps the agent's nsenter default. */
    Optional<String> lctl();

    /** How long the close Job waits for the target to leave recovery (Lustre re-checks every 60 s). */
    @WithDefault("150s")
    String closeTimeout();
}
