package dev.lustre.ir.sandbox;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
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
}
