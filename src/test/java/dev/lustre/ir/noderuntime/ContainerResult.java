package dev.lustre.ir.noderuntime;

/**
 * How a container ended: its exit code and what it wrote to its termination-message file
 * ({@code terminationMessagePath}). The runtime truncates the message as kubelet does.
 */
public record ContainerResult(int exitCode, String terminationMessage) {

    public ContainerResult {
        terminationMessage = terminationMessage == null ? "" : terminationMessage;
    }

    public static ContainerResult succeeded(String terminationMessage) {
        return new ContainerResult(0, terminationMessage);
    }

    public static ContainerResult failed(int exitCode, String terminationMessage) {
        if (exitCode == 0) {
            throw new IllegalArgumentException("a failed container has a non-zero exit code");
        }
        return new ContainerResult(exitCode, terminationMessage);
    }

    public boolean isSuccess() {
        return exitCode == 0;
    }
}
