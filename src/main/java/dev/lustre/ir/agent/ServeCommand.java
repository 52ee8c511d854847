package dev.lustre.ir.agent;

import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.jdkhttp.JdkHttpClientFactory;

import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;

/**
 * {@code agent serve} as a process: parses its arguments, connects to the API server with the fabric8
 * client directly (the agent runs before Quarkus would boot, and has no CDI), and runs a
 * {@link ResidentAgent}, fed with rounds by its own informers, until SIGTERM, when a shutdown hook
 * stops it.
 */
final class ServeCommand {
    private ServeCommand() {
    }

    /** Returns only for bad arguments or a client that cannot be set up; otherwise runs until the JVM stops. */
    static int run(List<String> args, PrintStream log, Path terminationLog) throws InterruptedException {
        ServeRequest request;
        KubernetesClient client;
        try {
            request = AgentArguments.parseServe(args).inPod(PodIdentity.fromEnvironment(System.getenv()));
        } catch (AgentException e) {
            return refuse(log, terminationLog, e.getMessage(), AgentOutcome.BAD_ARGUMENTS);
        }
        try {
            client = connect(request);
        } catch (RuntimeException e) {
            return refuse(log, terminationLog, "cannot set up the Kubernetes client"
                    + (request.kubeconfig() == null ? "" : " from --kubeconfig " + request.kubeconfig()) + ": " + e.getMessage(),
                    AgentOutcome.FAILED);
        }
        ResidentAgent agent = new ResidentAgent(client, request, new ProcessLctlRunner(request.lctlPrefix()),
                Clock.systemUTC(), log, new InformerRoundFeed(client, request.namespace(), log));
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            agent.close();
            client.close();
            log.println("agent serve: stopped; the Lease " + request.leaseName() + " is left to expire");
        }, "agent-serve-shutdown"));
        agent.start().awaitStop();
        return AgentOutcome.OK;
    }

    /**
     * In a pod the service account's credentials (in-cluster configuration); elsewhere the agent's own
     * kubeconfig, whose relative file names are resolved against its directory.
     */
    private static KubernetesClient connect(ServeRequest request) {
        Config config = request.kubeconfig() == null ? Config.autoConfigure(null)
                : Config.fromKubeconfig(request.kubeconfig().toFile());
        config.setUserAgent("lustre-ir-agent/" + request.node());
        // Every step is tried again at its next turn; the client's own retries would only delay the heartbeat.
        config.setRequestRetryBackoffLimit(0);
        // The JDK's HTTP client: about 2,000 classes of Vert.x and Netty fewer, which is most of what an
        // idle agent's memory is made of.
        return new KubernetesClientBuilder().withConfig(config).withHttpClientFactory(new JdkHttpClientFactory()).build();
    }

    private static int refuse(PrintStream log, Path terminationLog, String message, int exitCode) {
        String line = "agent serve: " + message;
        log.println(line);
        Agent.writeTerminationLog(terminationLog, line);
        return exitCode;
    }
}
