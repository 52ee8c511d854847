package dev.lustre.ir.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lustre.ir.testing.CrdFiles;
import dev.lustre.ir.testing.RealApiServerProfile;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import java.io.IOException;
import java.nio.file.Files;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The CRDs under crds/ are the ones the build generates from the Java classes. */
@QuarkusTest
@TestProfile(RealApiServerProfile.class)
class CrdUpToDateTest {
    @ParameterizedTest
    @ValueSource(strings = {"lustrefailovers.ir.lustre.dev", "lustrerecoverypolicies.ir.lustre.dev"})
    void committedCrdMatchesGenerated(String name) throws IOException {
        assertTrue(Files.exists(CrdFiles.committed(name)), CrdFiles.committed(name) + " is missing: run scripts/update-crds.sh");
        assertEquals(CrdFiles.expected(name), Files.readString(CrdFiles.committed(name)),
                CrdFiles.committed(name) + " is stale: run scripts/update-crds.sh and commit the result");
    }
}
