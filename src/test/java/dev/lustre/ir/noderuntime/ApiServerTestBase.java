package dev.lustre.ir.noderuntime;

import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;

/**
 * One real kube-apiserver per test class; each test gets its own namespace (and node names
 * prefixed with it) and at most one runtime watching that namespace, closed after the test.
 */
abstract class ApiServerTestBase {
    static final Map<String, String> CLIENT_LABELS = Map.of("ir.lustre.dev/client", "true");
    private static final AtomicInteger SEQ = new AtomicInteger();
    static RealApiServer api;
    static KubernetesClient client;
    static SimNodes nodes;

    String ns;
    NodeRuntime runtime;

    @BeforeAll
    static void startApiServer() {
        api = RealApiServer.start();
        client = api.client();
        nodes = new SimNodes(client);
    }

    @AfterAll
    static void stopApiServer() {
        if (api != null) {
            api.close();
            api = null;
        }
    }

    @BeforeEach
    void namespace() {
        ns = api.createNamespace("t" + SEQ.incrementAndGet());
    }

    @AfterEach
    void stopRuntime() {
        if (runtime != null) {
            runtime.close();
            runtime = null;
        }
    }

    NodeRuntime start(ContainerExecutor executor, RuntimeOptions options) {
        runtime = new NodeRuntime(client, ns, executor, options).start();
        return runtime;
    }

    String node(String suffix) {
        String name = ns + "-" + suffix;
        nodes.create(name, CLIENT_LABELS);
        return name;
    }

    Job createJob(Job job) {
        return client.batch().v1().jobs().inNamespace(ns).resource(job).create();
    }

    Job job(String name) {
        return client.batch().v1().jobs().inNamespace(ns).withName(name).get();
    }

    List<Pod> podsOf(String jobName) {
        return client.pods().inNamespace(ns).withLabel("job-name", jobName).list().getItems();
    }

    Job awaitCondition(String jobName, String type, Duration within) {
        await().atMost(within).until(() -> TestJobs.condition(job(jobName), type).isPresent());
        return job(jobName);
    }
}
