package dev.lustre.ir.sandbox;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AuditCountsTest {
    private static final String OPERATOR = "{\"verb\":\"create\",\"userAgent\":\"lustre-ir-operator/7.5\"}\n";
    private static final String OTHER = "{\"verb\":\"get\",\"userAgent\":\"kubectl/v1.32\"}\n";

    @Test
    void theRotatedPartsOfTheLogCountToo(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("audit-2026-12-02T14-12-36.113.log"), OPERATOR.repeat(3) + OTHER);
        Files.writeString(dir.resolve("audit.log"), OPERATOR + OTHER.repeat(2));
        Files.writeString(dir.resolve("audit-policy.yaml"), OPERATOR);
        assertEquals(4, AuditCounts.requests(dir.resolve("audit.log"), "lustre-ir-operator"));
        assertEquals(3, AuditCounts.requests(dir.resolve("audit.log"), "kubectl"));
    }

    @Test
    void noLogYetIsNoRequest(@TempDir Path dir) throws Exception {
        assertEquals(0, AuditCounts.requests(dir.resolve("audit.log"), "lustre-ir-operator"));
    }

    @Test
    void writesAreCountedByClientAndReadsAreNot(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("audit.log"), OPERATOR.repeat(2) + OTHER
                + "{\"verb\":\"patch\",\"userAgent\":\"lustre-ir-agent/c001\"}\n"
                + "{\"verb\":\"update\",\"userAgent\":\"lustre-ir-agent/simulated-fleet\"}\n"
                + "{\"verb\":\"watch\",\"userAgent\":\"lustre-ir-agent/c001\"}\n"
                + "{\"verb\":\"update\",\"objectRef\":{\"resource\":\"leases\"},\"userAgent\":\"lustre-ir-agent/c001\"}\n");
        Map<String, Long> before = Map.of("lustre-ir-operator", 1L);
        Map<String, Long> after = AuditCounts.writesByUserAgent(dir.resolve("audit.log"));
        assertEquals(Map.of("lustre-ir-operator", 2L, "lustre-ir-agent", 2L, "lustre-ir-agent leases", 1L), after);
        assertEquals(Map.of("lustre-ir-operator", 1L, "lustre-ir-agent", 2L, "lustre-ir-agent leases", 1L),
                AuditCounts.difference(before, after));
    }
}
