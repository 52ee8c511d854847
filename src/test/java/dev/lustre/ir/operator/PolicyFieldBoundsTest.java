package dev.lustre.ir.operator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lustre.ir.api.RecoveryPolicySpec;
import io.fabric8.kubernetes.api.model.IntOrString;
import java.util.List;
import java.util.function.Consumer;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

/**
 * The operator checks the schema's bounds again (an object may predate them), each error naming the
 * field; no API server needed.
 */
class PolicyFieldBoundsTest {
    private static List<String> check(Consumer<RecoveryPolicySpec> set) {
        RecoveryPolicySpec p = new RecoveryPolicySpec();
        set.accept(p);
        return SpecValidator.validatePolicyFields("spec.policy", p);
    }

    @ParameterizedTest(name = "{0}={1}")
    @CsvSource({
            "reconnectTimeout, 0s", "reconnectTimeout, 0m0.0s", "reconnectTimeout, 2h", "reconnectTimeout, -5s",
            "deadline, 0ms", "deadline, 25h", "deadline, 99999999999999999999999999999999h",
            "jobTtlAfterFinished, 0h", "jobTtlAfterFinished, 169h",
    })
    void refusesDurationsOfZeroOrBeyondTheirBound(String field, String value) {
        List<String> errors = check(p -> {
            switch (field) {
                case "reconnectTimeout" -> p.reconnectTimeout = value;
                case "deadline" -> p.deadline = value;
                default -> p.jobTtlAfterFinished = value;
            }
        });
        assertEquals(1, errors.size(), errors.toString());
        assertTrue(errors.get(0).startsWith("spec.policy." + field + ": "), errors.get(0));
    }

    @Test
    void acceptsTheDefaultsAndTheBounds() {
        assertEquals(List.of(), check(p -> {
            p.reconnectTimeout = "1h";
            p.deadline = "0m0.5s";
            p.jobTtlAfterFinished = "168h";
            p.quorum = new IntOrString(100_000);
            p.maxConcurrentJobs = 10_000;
            p.jobBackoffLimit = 0;
        }));
        assertEquals(List.of(), check(p -> p.quorum = new IntOrString("100%")));
        assertEquals(List.of(), check(p -> p.quorum = new IntOrString("1%")));
        assertEquals(List.of(), check(p -> p.quorum = new IntOrString(1)));
        assertEquals(List.of(), check(p -> p.quorum = new IntOrString("1")));
    }

    @ParameterizedTest(name = "notReadyGrace={0}")
    @CsvSource({"abc", "-5s", "60", "1h1s", "2h", "''"})
    void refusesAGraceThatIsNoDurationOrBeyondAnHour(String value) {
        List<String> errors = check(p -> p.notReadyGrace = value);
        assertEquals(1, errors.size(), errors.toString());
        assertTrue(errors.get(0).startsWith("spec.policy.notReadyGrace: "), errors.get(0));
    }

    @Test
    void aGraceOfZeroIsAllowed() {
        assertEquals(List.of(), check(p -> p.notReadyGrace = "0s"));
        assertEquals(List.of(), check(p -> p.notReadyGrace = "0m0.0s"));
        assertEquals(List.of(), check(p -> {
            p.notReadyGrace = "1h";
            p.evictEarly = false;
        }));
        assertEquals("spec.policy.notReadyGrace: 'x' is not a duration (e.g. 0s, 30s, 2m, 1h30m)",
                check(p -> p.notReadyGrace = "x").get(0));
    }

    @Test
    void refusesQuorumsOutsideTheCountAndPercentBounds() {
        assertTrue(check(p -> p.quorum = new IntOrString(-3)).get(0).startsWith("spec.policy.quorum: -3 "));
        // Zero in either form: the integer and the string forms have the same bounds.
        assertTrue(check(p -> p.quorum = new IntOrString(0)).get(0).startsWith("spec.policy.quorum: 0 "));
        assertTrue(check(p -> p.quorum = new IntOrString("0")).get(0).startsWith("spec.policy.quorum: '0' "));
        assertTrue(check(p -> p.quorum = new IntOrString("0%")).get(0).startsWith("spec.policy.quorum: '0%' "));
        assertTrue(check(p -> p.quorum = new IntOrString("-3")).get(0).startsWith("spec.policy.quorum: '-3' "));
        assertTrue(check(p -> p.quorum = new IntOrString("٣")).get(0).startsWith("spec.policy.quorum: "), "no digits of other scripts");
        assertTrue(check(p -> p.quorum = new IntOrString(100_001)).get(0).startsWith("spec.policy.quorum: "));
        assertTrue(check(p -> p.quorum = new IntOrString("100001")).get(0).startsWith("spec.policy.quorum: "));
        assertTrue(check(p -> p.quorum = new IntOrString("101%")).get(0).startsWith("spec.policy.quorum: "));
        assertTrue(check(p -> p.maxConcurrentJobs = 0).get(0).startsWith("spec.policy.maxConcurrentJobs: "));
        assertTrue(check(p -> p.jobBackoffLimit = 21).get(0).startsWith("spec.policy.jobBackoffLimit: "));
    }
}
