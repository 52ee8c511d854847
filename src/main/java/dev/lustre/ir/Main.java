package dev.lustre.ir;

import dev.lustre.ir.agent.AgentMain;
import io.quarkus.runtime.Quarkus;
import io.quarkus.runtime.annotations.QuarkusMain;
import java.util.Arrays;

/**
 * One artifact, two programs: {@code agent …} (what node Jobs run) is dispatched before Quarkus
 * boots, so it starts in a fraction of a second; everything else runs the operator.
 */
@QuarkusMain
public class Main {
    public static void main(String... args) {
        if (args.length > 0 && args[0].equals("agent")) {
            System.exit(AgentMain.run(Arrays.copyOfRange(args, 1, args.length)));
        }
        Quarkus.run(args);
    }
}
