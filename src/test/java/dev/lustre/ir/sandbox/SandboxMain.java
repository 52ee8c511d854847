package dev.lustre.ir.sandbox;

import dev.lustre.ir.api.LustreRecoveryPolicy;
import java.io.InputStream;
import java.nio.file.Files;
import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.CountDownLatch;

/**
 * The sandbox: the whole product on one machine. A real etcd + kube-apiserver on loopback, the
 * operator in its own process, the simulated node runtime and a simulated Lustre target with its
 * client nodes; a sample policy and a LustreFailover applied; the round shown live.
 */
public final class SandboxMain {
    private SandboxMain() {
    }

    /** scripts/sandbox.sh runs this from the fixtures' classpath; the operator runs from the product jar. */
    public static void main(String[] args) {
        System.exit(run(args));
    }

    public static int run(String[] args) {
        SandboxOptions o;
        try {
            o = SandboxOptions.parse(Arrays.asList(args));
        } catch (IllegalArgumentException e) {
            System.err.println("sandbox: " + e.getMessage());
            System.err.print(SandboxOptions.USAGE);
            return 2;
        }
        boolean tty = System.console() != null && !o.once();
        try (SandboxEnvironment env = SandboxEnvironment.start(o, m -> System.err.println("sandbox: " + m))) {
            LustreRecoveryPolicy policy;
            try (InputStream in = Files.newInputStream(o.policy())) {
                policy = env.client().resources(LustreRecoveryPolicy.class).load(in).item();
            }
            policy.getMetadata().setNamespace("default");
            env.client().resource(policy).serverSideApply();
            Scenario.Settings settings = Scenario.Settings.of("sandbox", o.clients(), o.dead())
                    .withSlow(o.slow(), Duration.ofSeconds(20)).withIr(o.ir()).withTimeScale(o.timeScale())
                    .withDispatch(o.dispatch()).withDeadFenced(o.deadFenced());
            System.err.printf("sandbox: %d client nodes (%d dead%s, %d slow), IR %s, dispatch %s; applying LustreFailover 'sandbox' with policy '%s'%n",
                    o.clients(), o.dead(), o.deadFenced() ? ", fenced" : "", o.slow(), o.ir() ? "on" : "off", o.dispatch().word(),
                    policy.getMetadata().getName());
            if (o.dispatch() != Dispatch.JOBS) {
                System.err.println("sandbox: resident agents register first (their log: " + o.workDir().resolve("agents-sandbox.log") + ")");
            }
            RoundResult result = RoundRunner.run(env, settings, policy.getMetadata().getName(), line -> {
                if (tty) {
                    System.err.print("\r" + line);
                } else {
                    System.err.println(line);
                }
            });
            if (tty) {
                System.err.println();
            }
            if (result.agents() > 0) {
                System.err.printf("sandbox: %d resident agents registered in %.1f s before the failover (Lease %d s); "
                        + "%d clients answered through their agents, %d through Jobs%n", result.agents(), result.registrationSeconds(),
                        result.leaseSeconds(), result.agentResults(), result.jobsDispatched());
            }
            if (o.once()) {
                System.out.println(result.toJson());
                return "Recovered".equals(result.phase()) ? 0 : 1;
            }
            System.err.printf("%nsandbox: round %s. Everything keeps running; point kubectl at it:%n"
                    + "  kubectl --kubeconfig %s get lfo -o wide%n"
                    + "  kubectl --kubeconfig %s describe lfo sandbox%n"
                    + "Ctrl-C stops it all.%n", result.phase(), env.kubeconfig(), env.kubeconfig());
            CountDownLatch forever = new CountDownLatch(1);
            Runtime.getRuntime().addShutdownHook(new Thread(env::close));
            forever.await();
            return 0;
        } catch (Exception e) {
            System.err.println("sandbox: failed: " + e);
            return 1;
        }
    }
}
