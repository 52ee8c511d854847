package dev.lustre.ir.policy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lustre.ir.api.RecoveryPolicySpec;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The early-eviction fields resolve like every other: inline over referenced over defaults. */
class PolicyResolverTest {
    @Test
    void defaultsEvictEarlyAfterAMinuteOfNotReady() {
        EffectivePolicy p = PolicyResolver.resolve(null, null);
        assertTrue(p.evictEarly());
        assertEquals(Duration.ofSeconds(60), p.notReadyGrace());
    }

    @Test
    void inlineOverridesTheReferencedPolicyFieldByField() {
        RecoveryPolicySpec referenced = new RecoveryPolicySpec();
        referenced.evictEarly = false;
        referenced.notReadyGrace = "2m";
        EffectivePolicy fromRef = PolicyResolver.resolve(referenced, null);
        assertFalse(fromRef.evictEarly());
        assertEquals(Duration.ofMinutes(2), fromRef.notReadyGrace());

        RecoveryPolicySpec inline = new RecoveryPolicySpec();
        inline.notReadyGrace = "0s";
        EffectivePolicy both = PolicyResolver.resolve(referenced, inline);
        assertFalse(both.evictEarly(), "not overridden inline: the referenced value");
        assertEquals(Duration.ZERO, both.notReadyGrace());
    }

    @Test
    void theRecordedFormReadsBackTheSame() {
        RecoveryPolicySpec inline = new RecoveryPolicySpec();
        inline.evictEarly = false;
        inline.notReadyGrace = "1m30s";
        EffectivePolicy p = PolicyResolver.resolve(null, inline);
        RecoveryPolicySpec recorded = p.toSpec();
        assertEquals(Boolean.FALSE, recorded.evictEarly);
        assertEquals("90s", recorded.notReadyGrace);
        assertEquals(p, EffectivePolicy.from(recorded));
        assertEquals("0s", PolicyResolver.resolve(null, spec("0s")).toSpec().notReadyGrace);
    }

    /** A round recorded before early eviction existed keeps the rules it started with: none. */
    @Test
    void aPolicyRecordedBeforeTheFieldsExistedDoesNotEvictEarly() {
        RecoveryPolicySpec old = PolicyResolver.resolve(null, null).toSpec();
        old.evictEarly = null;
        old.notReadyGrace = null;
        EffectivePolicy p = EffectivePolicy.from(old);
        assertFalse(p.evictEarly());
        assertEquals(Duration.ofSeconds(60), p.notReadyGrace());
    }

    private static RecoveryPolicySpec spec(String grace) {
        RecoveryPolicySpec s = new RecoveryPolicySpec();
        s.notReadyGrace = grace;
        return s;
    }
}
