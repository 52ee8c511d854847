package dev.lustre.ir.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lustre.ir.report.AgentError;

import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class AgentArgumentsTest {
    private static List<String> words(String line) {
        return List.of(line.split(" "));
    }

    @Test
    void reconnectWithDefaults() {
        AgentRequest.Reconnect r = (AgentRequest.Reconnect) AgentArguments.parse(
                words("reconnect --target lustre-OST0001 --nid 10.0.0.12@o2ib --nid 10.0.0.13@o2ib"));
        assertEquals("lustre-OST0001", r.target().name());
        assertEquals(List.of("10.0.0.12@o2ib", "10.0.0.13@o2ib"), r.nids());
        assertNull(r.instance());
        assertEquals(Duration.ofSeconds(60), r.timeout());
        assertEquals(AgentArguments.DEFAULT_LCTL_PREFIX, r.lctlPrefix());
        assertEquals(List.of("nsenter", "--target", "1", "--mount", "--uts", "--ipc", "--net", "--pid", "--", "lctl"),
                r.lctlPrefix());
    }

    @Test
    void reconnectWithEverything() {
        AgentRequest.Reconnect r = (AgentRequest.Reconnect) AgentArguments.parse(List.of("reconnect",
                "--target=lustre-MDT0000", "--nid", "0@lo", "--instance", "5", "--timeout", "1h30m",
                "--lctl", "  /opt/fake/lctl   --verbose "));
        assertEquals(5L, r.instance());
        assertEquals(Duration.ofMinutes(90), r.timeout());
        assertEquals(List.of("/opt/fake/lctl", "--verbose"), r.lctlPrefix());
    }

    @Test
    void inspectServerDerivesFsName() {
        AgentRequest.InspectServer r = (AgentRequest.InspectServer) AgentArguments.parse(
                words("inspect-server --target scratch-OST0003"));
        assertEquals("scratch", r.fsName());
        AgentRequest.InspectServer r2 = (AgentRequest.InspectServer) AgentArguments.parse(
                words("inspect-server --target scratch-OST0003 --fsname other"));
        assertEquals("other", r2.fsName());
    }

    @Test
    void closeWindowEvictOrAbort() {
        AgentRequest.CloseWindow r = (AgentRequest.CloseWindow) AgentArguments.parse(
                words("close-window --target lustre-OST0001 --evict-uuid a1 --evict-uuid b2 --evict-uuid a1"));
        assertEquals(List.of("a1", "b2"), r.evictUuids());
        assertFalse(r.abort());
        assertEquals(Duration.ofSeconds(120), r.timeout());
        AgentRequest.CloseWindow a = (AgentRequest.CloseWindow) AgentArguments.parse(
                words("close-window --target lustre-OST0001 --abort --timeout 500ms"));
        assertTrue(a.abort());
        assertEquals(Duration.ofMillis(500), a.timeout());
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "",
        "frobnicate --target lustre-OST0001",
        "reconnect --target lustre-OST0001",
        "reconnect --nid 10.0.0.1@tcp",
        "reconnect --target lustre-OST0001;id --nid 10.0.0.1@tcp",
        "reconnect --target lustre-OST0001 --nid 10.0.0.1",
        "reconnect --target lustre-OST0001 --nid 10.0.0.1@tcp --instance -1",
        "reconnect --target lustre-OST0001 --nid 10.0.0.1@tcp --instance five",
        "reconnect --target lustre-OST0001 --nid 10.0.0.1@tcp --timeout -5s",
        "reconnect --target lustre-OST0001 --nid 10.0.0.1@tcp --timeout 60",
        "reconnect --target lustre-OST0001 --nid 10.0.0.1@tcp --timeout soon",
        "reconnect --target lustre-OST0001 --nid 10.0.0.1@tcp --timeout",
        "reconnect --target lustre-OST0001 --target lustre-OST0002 --nid 10.0.0.1@tcp",
        "reconnect --target lustre-OST0001 --nid 10.0.0.1@tcp --abort",
        "reconnect --target lustre-OST0001 --nid 10.0.0.1@tcp extra",
        "inspect-server --target lustre-OST0001 --fsname way_too_long_name",
        "close-window --target lustre-OST0001",
        "close-window --target lustre-OST0001 --abort --evict-uuid a1",
        "close-window --target lustre-OST0001 --evict-uuid bad/uuid",
        "close-window --target lustre-OST0001 --abort=yes",
    })
    void badArguments(String line) {
        AgentException e = assertThrows(AgentException.class,
                () -> AgentArguments.parse(line.isEmpty() ? List.of() : words(line)));
        assertEquals(AgentError.BadArguments, e.error());
        assertFalse(e.getMessage().isBlank());
    }

    @Test
    void emptyLctlPrefixIsRejected() {
        AgentException e = assertThrows(AgentException.class, () -> AgentArguments.parse(
                List.of("inspect-server", "--target", "lustre-OST0001", "--lctl", "   ")));
        assertEquals(AgentError.BadArguments, e.error());
    }

    @Test
    void durations() {
        assertEquals(Duration.ofMillis(500), AgentArguments.duration("--timeout", "500ms"));
        assertEquals(Duration.ofSeconds(60), AgentArguments.duration("--timeout", "60s"));
        assertEquals(Duration.ofMinutes(2), AgentArguments.duration("--timeout", "2m"));
        assertEquals(Duration.ofMinutes(90), AgentArguments.duration("--timeout", "1h30m"));
        assertEquals(Duration.ofMillis(1500), AgentArguments.duration("--timeout", "1.5s"));
        assertEquals(Duration.ZERO, AgentArguments.duration("--timeout", "0s"));
        for (String bad : new String[] {"-1s", "1", "s", "1d", "1 s", "1s ", "", "25h", "1.s", "1hh"}) {
            AgentException e = assertThrows(AgentException.class, () -> AgentArguments.duration("--timeout", bad), bad);
            assertEquals(AgentError.BadArguments, e.error());
        }
    }

    @Test
    void requestTypes() {
        assertInstanceOf(AgentRequest.InspectServer.class,
                AgentArguments.parse(words("inspect-server --target lustre-MDT0000")));
    }
}
