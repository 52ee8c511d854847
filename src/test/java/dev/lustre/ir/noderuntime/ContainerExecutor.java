package dev.lustre.ir.noderuntime;

/**
 * What a container "does" on a simulated node. The node runtime plays kubelet: it decides when a
 * container starts and writes what came out of it into the Pod status; this function is the
 * container's process. The lead plugs in the node agent running in-process against the simulated
 * Lustre of {@link RunRequest#node()}.
 *
 * <p>Called on a pool thread, possibly for many nodes at once, so implementations must be
 * thread-safe. The thread is interrupted when the Pod is deleted while the container runs (the
 * kubelet would kill the container); the result of an interrupted run is discarded. A thrown
 * exception is reported as exit code 1 with the exception message as termination message.
 */
@FunctionalInterface
public interface ContainerExecutor {
    ContainerResult run(RunRequest request) throws Exception;
}
