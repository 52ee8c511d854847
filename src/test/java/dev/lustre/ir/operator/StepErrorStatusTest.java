package dev.lustre.ir.operator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lustre.ir.api.LustreFailover;
import dev.lustre.ir.api.LustreFailoverSpec;
import dev.lustre.ir.api.LustreFailoverStatus;
import dev.lustre.ir.api.Phase;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** An API error inside a step shows in status, and the round goes on. */
class StepErrorStatusTest {
    private static final Instant NOW = Instant.parse("2026-11-25T10:05:00Z");

    private static LustreFailover failover(LustreFailoverStatus status) {
        LustreFailover lfo = new LustreFailover();
        lfo.setMetadata(new ObjectMetaBuilder().withName("ost1").withNamespace("hpc").withGeneration(2L).build());
        LustreFailoverSpec spec = new LustreFailoverSpec();
        spec.fsName = "lustre";
        spec.target = "lustre-OST0001";
        lfo.setSpec(spec);
        if (status != null) {
            status.roundSpec = RoundStarter.digest(spec);
        }
        lfo.setStatus(status);
        return lfo;
    }

    private static StepFailedException refused() {
        return new StepFailedException("creating 3 Job(s) (ost1-r2-c-c001, …)",
                new KubernetesClientException("Forbidden: exceeded quota", 403, null));
    }

    @Test
    void theMessageSaysWhichCallFailedAndThatItIsRetried() {
        assertEquals("creating 3 Job(s) (ost1-r2-c-c001, …) failed: Forbidden: exceeded quota; retrying",
                StepErrorStatus.message(refused()));
        assertTrue(StepErrorStatus.message(new IllegalStateException("boom"))
                .startsWith("reconciling failed: java.lang.IllegalStateException: boom"));
        String huge = StepErrorStatus.message(new IllegalStateException("x".repeat(10_000)));
        assertTrue(huge.length() < StepErrorStatus.MESSAGE_BOUND + 20, "bounded: " + huge.length());
    }

    @Test
    void aRunningRoundShowsTheErrorButIsNotFailed() {
        LustreFailoverStatus recorded = RoundFixture.recorded(Phase.Reconnecting, 2);
        LustreFailover lfo = failover(recorded);
        String message = StepErrorStatus.message(refused());
        LustreFailoverStatus s = StepErrorStatus.status(lfo, message, NOW);
        assertEquals(Phase.Reconnecting, s.phase, "a transient error does not fail the round");
        assertEquals(message, s.message);
        var complete = Conditions.find(s.conditions, Conditions.COMPLETE);
        assertEquals("False", complete.getStatus());
        assertEquals(StepErrorStatus.REASON, complete.getReason());
        assertEquals(message, complete.getMessage());
        assertNull(recorded.message, "the recorded status is left alone");
    }

    @Test
    void aRoundThatIsOverStaysAsItEnded() {
        LustreFailoverStatus recorded = RoundFixture.recorded(Phase.Recovered, 2);
        assertNull(StepErrorStatus.status(failover(recorded), "x; retrying", NOW));
    }

    @Test
    void anUnreadableObjectIsLeftToItsOwnReport() {
        LustreFailover lfo = failover(RoundFixture.recorded(Phase.Failed, 2));
        lfo.setSpec(null);
        lfo.getStatus().markUnreadable("status.verifications: out of range", null);
        assertNull(StepErrorStatus.status(lfo, "x; retrying", NOW));
    }

    @Test
    void aRoundThatFailedToStartSaysSo() {
        LustreFailover lfo = failover(null);
        LustreFailoverStatus s = StepErrorStatus.status(lfo, "starting round 2 failed: timeout; retrying", NOW);
        assertEquals("starting round 2 failed: timeout; retrying", s.message);
        assertEquals(StepErrorStatus.REASON, Conditions.find(s.conditions, Conditions.COMPLETE).getReason());
    }
}
