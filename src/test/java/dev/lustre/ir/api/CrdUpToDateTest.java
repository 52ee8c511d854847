package dev.lustre.ir.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lustre.ir.testing.CrdFiles;
import dev.lustre.ir.testing.RealApiServerProfile;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The CRDs under crds/ are the ones the build generates from the Java classes. */
@QuarkusTest
@TestProfile(RealApiServerProfile.class)
class CrdUpToDateTest {
    static Stream<String> kinds() {
        return new TreeSet<>(CrdFiles.KINDS.keySet()).stream();
    }

    @ParameterizedTest
    @MethodSource("kinds")
    void committedCrdMatchesGenerated(String name) throws IOException {
        assertTrue(Files.exists(CrdFiles.committed(name)), CrdFiles.committed(name) + " is missing: run scripts/update-crds.sh");
        assertEquals(CrdFiles.expected(name), Files.readString(CrdFiles.committed(name)),
                CrdFiles.committed(name) + " is stale: run scripts/update-crds.sh and commit the result");
    }

    @Test
    void everyKindTheBuildGeneratesIsCommitted() throws IOException {
        assertEquals(crdNames(CrdFiles.GENERATED, "-v1.yml"), new TreeSet<>(CrdFiles.KINDS.keySet()),
                "a new kind must be added to CrdFiles.KINDS");
        assertEquals(crdNames(CrdFiles.COMMITTED, ".yaml"), new TreeSet<>(CrdFiles.KINDS.keySet()));
    }

    private static Set<String> crdNames(Path dir, String suffix) throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".ir.lustre.dev" + suffix))
                    .map(n -> n.substring(0, n.length() - suffix.length())).collect(TreeSet::new, Set::add, Set::addAll);
        }
    }
}
