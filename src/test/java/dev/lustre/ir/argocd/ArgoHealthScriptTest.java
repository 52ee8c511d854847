package dev.lustre.ir.argocd;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.IOException;
import java.io.OutputStream;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Argo CD's health check for LustreFailover, run by Debian's Lua interpreter over the cases of
 * health_test.yaml, the file Argo CD's own test reads, so the directory can go upstream as it is.
 * The script runs with only what Argo CD gives a check from argocd-cm (base, table, a safe os), so a
 * call to string or math fails here rather than in a user's Argo CD.
 */
class ArgoHealthScriptTest {
    private static final Path ARGOCD = Path.of("manifests", "argocd");
    private static final Path CHECK = ARGOCD.resolve(Path.of("ir.lustre.dev", "LustreFailover"));
    private static final String CM_KEY = "resource.customizations.health.ir.lustre.dev_LustreFailover";
    private static final String LUA = "lua5.4";
    private static final Set<String> HEALTH = Set.of("Healthy", "Progressing", "Degraded", "Suspended", "Missing", "Unknown");
    private static final YAMLMapper YAML = new YAMLMapper();

    private static final String SANDBOX = """
            local print, pcall, type, tostring, exit, stderr = print, pcall, type, tostring, os.exit, io.stderr
            os = {time = os.time, date = os.date}
            string, math, io, utf8, coroutine, debug, require, load, dofile, loadstring = nil
            local strings = getmetatable("")
            if strings then strings.__index = nil end
            local function health()
            """;
    private static final String REPORT = """

            end
            local ok, hs = pcall(health)
            if not ok then stderr:write("health.lua raised: ", tostring(hs), "\\n") exit(3) end
            if type(hs) ~= "table" then stderr:write("health.lua returned ", type(hs), "\\n") exit(4) end
            print(tostring(hs.status))
            print(tostring(hs.message))
            """;

    @Test
    void everyFixtureGetsTheHealthItsTestExpects() throws Exception {
        String script = Files.readString(CHECK.resolve("health.lua"));
        JsonNode tests = YAML.readTree(CHECK.resolve("health_test.yaml").toFile()).path("tests");
        assertTrue(tests.isArray() && tests.size() >= 8, "health_test.yaml lists at least 8 tests");

        List<String> failures = new ArrayList<>();
        Set<String> listed = new TreeSet<>();
        for (JsonNode test : tests) {
            String input = test.path("inputPath").asText();
            String status = test.path("healthStatus").path("status").asText();
            String message = test.path("healthStatus").path("message").asText();
            assertTrue(HEALTH.contains(status), input + ": " + status + " is not an Argo CD health status");
            listed.add(input);
            Object obj = YAML.readValue(CHECK.resolve(input).toFile(), Object.class);
            List<String> got = run(script, obj);
            if (!got.equals(List.of(status, message))) {
                failures.add(input + ": expected " + status + " \"" + message + "\", got " + got);
            }
        }
        assertEquals(List.of(), failures);

        Set<String> fixtures = new TreeSet<>();
        try (Stream<Path> files = Files.list(CHECK.resolve("testdata"))) {
            files.forEach(f -> fixtures.add("testdata/" + f.getFileName()));
        }
        assertEquals(fixtures, listed, "every fixture in testdata is a test of health_test.yaml");
    }

    @Test
    void theArgoCdConfigMapPatchCarriesHealthLuaAsItIs() throws Exception {
        JsonNode patch = YAML.readTree(ARGOCD.resolve("argocd-cm-patch.yaml").toFile());
        assertEquals("ConfigMap", patch.path("kind").asText());
        assertEquals("argocd-cm", patch.path("metadata").path("name").asText());
        assertEquals("argocd", patch.path("metadata").path("namespace").asText());
        JsonNode embedded = patch.path("data").path(CM_KEY);
        assertTrue(embedded.isTextual(), "argocd-cm-patch.yaml sets data." + CM_KEY);
        assertEquals(Files.readString(CHECK.resolve("health.lua")), embedded.asText(),
                "argocd-cm-patch.yaml must embed health.lua byte for byte: copy health.lua into it, indented 4 spaces");
    }

    /** Status and message of the check for {@code obj}; a script that raises fails the test. */
    private static List<String> run(String script, Object obj) throws Exception {
        String program = "obj = " + lua(obj) + "\n" + SANDBOX + script + REPORT;
        Process p;
        try {
            p = new ProcessBuilder(List.of(LUA, "-")).redirectErrorStream(true).start();
        } catch (IOException e) {
            throw new AssertionError(LUA + " is not installed: scripts/test.sh installs it (Debian package lua5.4)", e);
        }
        try (OutputStream in = p.getOutputStream()) {
            in.write(program.getBytes(StandardCharsets.UTF_8));
        }
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(30, TimeUnit.SECONDS), LUA + " did not finish");
        assertEquals(0, p.exitValue(), out);
        String[] lines = out.split("\n", -1);
        assertTrue(lines.length == 3 && lines[2].isEmpty(), "two lines, status and message: " + out);
        return List.of(lines[0], lines[1]);
    }

    /** A Lua expression for a value read from YAML: tables for mappings and sequences (1-based). */
    static String lua(Object v) {
        if (v == null) {
            return "nil";
        }
        if (v instanceof Boolean b) {
            return b.toString();
        }
        if (v instanceof Double || v instanceof Float) {
            double d = ((Number) v).doubleValue();
            if (Double.isNaN(d)) {
                return "(0/0)";
            }
            if (Double.isInfinite(d)) {
                return d > 0 ? "(1/0)" : "(-1/0)";
            }
            return Double.toString(d);
        }
        if (v instanceof BigDecimal b) {
            return b.toString();
        }
        if (v instanceof Number n) {
            return n.toString();
        }
        if (v instanceof CharSequence s) {
            return quote(s.toString());
        }
        if (v instanceof Map<?, ?> m) {
            List<String> fields = new ArrayList<>();
            m.forEach((k, x) -> fields.add("[" + quote(String.valueOf(k)) + "] = " + lua(x)));
            return "{" + String.join(", ", fields) + "}";
        }
        if (v instanceof List<?> l) {
            List<String> items = new ArrayList<>();
            l.forEach(x -> items.add(lua(x)));
            return "{" + String.join(", ", items) + "}";
        }
        throw new IllegalArgumentException("no Lua form for " + v.getClass().getName());
    }

    /** A Lua string literal; a control character becomes a three-digit escape so a digit after it stays itself. */
    static String quote(String s) {
        StringBuilder b = new StringBuilder(s.length() + 2).append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '\\' -> b.append("\\\\");
                case '"' -> b.append("\\\"");
                case '\n' -> b.append("\\n");
                case '\r' -> b.append("\\r");
                case '\t' -> b.append("\\t");
                default -> {
                    if (c < 0x20 || c == 0x7f) {
                        b.append(String.format("\\%03d", (int) c));
                    } else {
                        b.append(c);
                    }
                }
            }
        }
        return b.append('"').toString();
    }
}
