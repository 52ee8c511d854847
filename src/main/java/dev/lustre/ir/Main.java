package dev.lustre.ir;

import io.quarkus.runtime.Quarkus;
import io.quarkus.runtime.annotations.QuarkusMain;
import java.util.Arrays;

/**
 * One artifact, several commands. {@code agent …} (what node Jobs run), {@code lctl …} (the
 * simulated Lustre's lctl) and {@code sandbox …} (which runs the operator in a process of its own)
 * are dispatched before Quarkus boots, so they start in a fraction of a second; everything else
 * runs the operator.
 */
@QuarkusMain
public class Main {
    public static void main(String... args) {
        if (args.length > 0 && args[0].equals("agent")) {
            System.exit(dev.lustre.ir.agent.AgentMain.run(Arrays.copyOfRange(args, 1, args.length)));
        }
        if (args.length > 0 && args[0].equals("sandbox")) {
            System.exit(dev.lustre.ir.sandbox.SandboxMain.run(Arrays.copyOfRange(args, 1, args.length)));
        }
        if (args.length > 0 && args[0].equals("benchmark")) {
            try {
                System.exit(dev.lustre.ir.sandbox.BenchmarkMain.run(Arrays.copyOfRange(args, 1, args.length)));
            } catch (Exception e) {
                System.err.println("benchmark: failed: " + e);
                System.exit(1);
            }
        }
        if (args.length > 0 && args[0].equals("lctl")) {
            System.exit(dev.lustre.ir.sim.SimLctlMain.run(Arrays.copyOfRange(args, 1, args.length)));
        }
        Quarkus.run(args);
    }
}
