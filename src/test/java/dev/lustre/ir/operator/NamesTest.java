package dev.lustre.ir.operator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class NamesTest {
    static final List<String> ROLES = List.of("preflight", "close", "verify-1", "verify-2", "verify-17");

    @Test
    void aClientNodeNamedLikeAServerRoleGetsADifferentJobName() {
        Set<String> server = new HashSet<>();
        ROLES.forEach(r -> server.add(Names.serverJob("ost1", 3, r)));
        for (String node : List.of("preflight", "close", "verify-1", "verify-17", "s-close", "c-close", "s-preflight")) {
            String job = Names.clientJob("ost1", 3, node);
            assertTrue(!server.contains(job), node + " -> " + job + " collides with a server Job");
        }
    }

    @Test
    void longNamesKeepTheirKindAndStayDisjoint() {
        String failover = "a".repeat(70);
        Set<String> server = new HashSet<>();
        ROLES.forEach(r -> server.add(Names.serverJob(failover, 1, r)));
        for (String node : List.of("close", "preflight", "verify-1", "n".repeat(80))) {
            String job = Names.clientJob(failover, 1, node);
            assertEquals(Names.MAX, job.length());
            assertTrue(job.matches(".*-c-[0-9a-f]{8}$"), job);
            assertTrue(!server.contains(job), job);
        }
        server.forEach(j -> assertTrue(j.matches(".*-s-[0-9a-f]{8}$") && j.length() <= Names.MAX, j));
    }

    @Test
    void namesAreStableAndReadable() {
        assertEquals("ost1-r2-c-c001", Names.clientJob("ost1", 2, "c001"));
        assertEquals("ost1-r2-s-preflight", Names.serverJob("ost1", 2, "preflight"));
        assertEquals(Names.clientJob("x".repeat(60), 9, "node"), Names.clientJob("x".repeat(60), 9, "node"));
        assertNotEquals(Names.clientJob("x".repeat(60), 9, "node-a"), Names.clientJob("x".repeat(60), 9, "node-b"));
    }

    @Test
    void twoFailoversNeverBuildTheSameJobName() {
        assertNotEquals(Names.clientJob("a", 2, "b-r2-c-d"), Names.clientJob("a-r2-c-b", 2, "d"));
        assertTrue(Names.clientJob("a-r2-c-b", 2, "d").matches("a-r2-c-b-r2-c-d-c-[0-9a-f]{8}"), Names.clientJob("a-r2-c-b", 2, "d"));
        assertEquals("a-r2-c-b-r2-c-d", Names.clientJob("a", 2, "b-r2-c-d"), "an unambiguous failover name keeps the readable form");
    }
}
