package dev.lustre.ir.operator;

import dev.lustre.ir.api.ServerStatus;
import dev.lustre.ir.api.Via;
import dev.lustre.ir.operator.RoundSnapshot.CloseJob;
import dev.lustre.ir.operator.RoundSnapshot.Inspection;
import dev.lustre.ir.operator.RoundSnapshot.InspectionJob;
import dev.lustre.ir.operator.RoundSnapshot.JobProgress;

/** The server as one reconcile sees it, through Jobs on it ({@link ServerByJobs}) or its resident agent ({@link ServerByAgent}). */
interface ServerSide {
    /** How the server is reached; null when it cannot be (no Kubernetes node, no live agent). */
    Via via();

    /** With an agent: whether it still renews its Lease. */
    boolean agentAlive();

    JobProgress preflight();

    /** Why the preflight failed, with {@link JobProgress#Failed}. */
    String preflightFailure();

    /** The newest successful inspection, or null. */
    Inspection latest();

    /** Verification Jobs of the round (0 with an agent, which inspects all along). */
    int verifications();

    /** The newest inspection under way or done, for pacing the next; null when none. */
    InspectionJob lastInspection();

    /**
     * The server's newest report when it says the target is not mounted on the server node (the
     * agent's NoDevice) after the round saw it there, or null: the target failed over again, or was
     * stopped, and every later inspection would say the same.
     */
    String targetLeft();

    /** The close that waits for the window, or null. */
    CloseJob close(ServerStatus server);
}
