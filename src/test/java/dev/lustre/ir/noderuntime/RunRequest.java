package dev.lustre.ir.noderuntime;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One container start on one node, as the container would see it.
 *
 * @param node          the Node the Pod is bound to
 * @param namespace     the Pod's namespace
 * @param podName       the Pod's name ({@code <job>-<5 random chars>})
 * @param jobName       the owning Job, or {@code null} for a bare Pod
 * @param command       the container's {@code command} (entrypoint override), empty when unset
 * @param args          the container's {@code args}, e.g. {@code ["agent","reconnect","--target",…]}
 * @param labels        the Pod's labels
 * @param env           the container's environment: literal values and the downward-API fields
 *                      kubelet resolves ({@code metadata.name}, {@code spec.nodeName}, …)
 * @param containerName the container's name
 * @param deadline      when the Job's {@code activeDeadlineSeconds} runs out, or {@code null}
 */
public record RunRequest(String node, String namespace, String podName, String jobName,
                         List<String> command, List<String> args, Map<String, String> labels,
                         Map<String, String> env, String containerName, Instant deadline) {

    public RunRequest {
        command = command == null ? List.of() : List.copyOf(command);
        args = args == null ? List.of() : List.copyOf(args);
        labels = labels == null ? Map.of() : Map.copyOf(labels);
        env = env == null ? Map.of() : Map.copyOf(env);
    }

    /** The brief's short form, for executors and tests that do not care about env or deadline. */
    public RunRequest(String node, String namespace, String podName, String jobName,
                      List<String> command, List<String> args, Map<String, String> labels) {
        this(node, namespace, podName, jobName, command, args, labels, Map.of(), null, null);
    }

    /** Time left before the Job's deadline kills this container, if the Job has one. */
    public Optional<Duration> remaining() {
        return deadline == null ? Optional.empty() : Optional.of(Duration.between(Instant.now(), deadline));
    }
}
