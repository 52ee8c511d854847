package dev.lustre.ir.noderuntime;

import java.time.Instant;

/** One finished run of one container, as kubelet will report it. */
record ContainerRun(String containerName, String containerId, Instant startedAt, Instant finishedAt,
                    ContainerResult result, String reasonOverride) {

    ContainerRun(String containerName, String containerId, Instant startedAt, Instant finishedAt, ContainerResult result) {
        this(containerName, containerId, startedAt, finishedAt, result, null);
    }

    /** kubelet's reason for a terminated container: Completed on 0, Error otherwise. */
    String reason() {
        if (reasonOverride != null) {
            return reasonOverride;
        }
        return result.isSuccess() ? "Completed" : "Error";
    }
}
