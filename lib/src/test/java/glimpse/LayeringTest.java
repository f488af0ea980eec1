package glimpse;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.*;

/**
 * The library's layering, read from its sources: every package depends only on the layers below
 * it (data → nn → train → eval → experiment → fewshot → classification → method/&lt;paper&gt; →
 * report → kernel → bench → cli), the per-paper packages form no cycle among themselves, and no experiment,
 * spec or config class grows past ~200 lines.
 */
class LayeringTest {
    static final List<String> LAYERS = List.of("glimpse", "data", "nn", "train", "eval", "experiment", "fewshot", "classification",
            "method", "report", "kernel", "bench", "cli");
    static final Path SOURCES = Path.of("src/main/java");
    static final Pattern PACKAGE = Pattern.compile("^package ([\\w.]+);", Pattern.MULTILINE);
    static final Pattern REFERENCE = Pattern.compile("\\bglimpse\\.((?:[a-z]\\w*\\.)*[a-z]\\w*)\\.[A-Z*]");

    /** Package → the other glimpse packages its code (not its comments) names, with one file as the witness. */
    static Map<String, Map<String, String>> dependencies() throws IOException {
        Map<String, Map<String, String>> deps = new TreeMap<>();
        try (Stream<Path> files = Files.walk(SOURCES.resolve("glimpse"))) {
            for (Path f : files.filter(p -> p.toString().endsWith(".java")).toList()) {
                String code = Files.readString(f).replaceAll("(?s)/\\*.*?\\*/", "").replaceAll("//[^\\n]*", "")
                        .replaceAll("\"[^\"\\\\]*+(?:\\\\.[^\"\\\\]*+)*+\"", "\"\"");   // unrolled: one regex frame per escape, not per character (long text blocks overflowed the stack)
                Matcher p = PACKAGE.matcher(code);
                assertTrue(p.find(), f + " has no package line");
                String pkg = p.group(1);
                Map<String, String> mine = deps.computeIfAbsent(pkg, k -> new TreeMap<>());
                Matcher r = REFERENCE.matcher(code);
                while (r.find()) {
                    String other = "glimpse." + r.group(1);
                    if (!other.equals(pkg)) mine.putIfAbsent(other, f.getFileName().toString());
                }
            }
        }
        return deps;
    }

    /** The layer of a package: its second name component (data.* is one layer), "glimpse" for the root. */
    static int layer(String pkg) {
        String[] parts = pkg.split("\\.");
        String name = parts.length == 1 ? "glimpse" : parts[1];
        int i = LAYERS.indexOf(name);
        if (i < 0) fail("package " + pkg + " is in no layer; add it to LayeringTest.LAYERS where it belongs");
        return i;
    }

    @Test
    void everyPackageDependsOnlyOnLowerLayers() throws IOException {
        List<String> upward = new ArrayList<>();
        dependencies().forEach((pkg, deps) -> deps.forEach((other, witness) -> {
            if (layer(other) > layer(pkg)) upward.add(pkg + " → " + other + " (" + witness + ")");
        }));
        assertEquals(List.of(), upward, "dependencies that point up the layers");
    }

    @Test
    void methodPackagesFormNoCycle() throws IOException {
        Map<String, Set<String>> graph = new HashMap<>();
        dependencies().forEach((pkg, deps) -> {
            if (pkg.startsWith("glimpse.method."))
                graph.put(pkg, new TreeSet<>(deps.keySet().stream().filter(d -> d.startsWith("glimpse.method.")).toList()));
        });
        for (String start : graph.keySet()) assertFalse(reaches(graph, start, start, new HashSet<>()), start + " depends on itself through other method packages");
    }

    private static boolean reaches(Map<String, Set<String>> g, String from, String target, Set<String> seen) {
        for (String next : g.getOrDefault(from, Set.of())) {
            if (next.equals(target)) return true;
            if (seen.add(next) && reaches(g, next, target, seen)) return true;
        }
        return false;
    }

    @Test
    void experimentSpecAndConfigClassesStaySmall() throws IOException {
        List<String> big = new ArrayList<>();
        try (Stream<Path> files = Files.walk(SOURCES.resolve("glimpse"))) {
            for (Path f : files.filter(p -> p.getFileName().toString().matches(".*(Experiment|Spec|Config|Recipe)\\.java")).toList()) {
                long lines = Files.readAllLines(f).size();
                if (lines > 220) big.add(f.getFileName() + " " + lines + " lines");
            }
        }
        assertEquals(List.of(), big);
    }

    @Test
    void theCheckSeesARealUpwardDependency() {
        assertTrue(layer("glimpse.cli") > layer("glimpse.method.crosstransformer"));
        assertTrue(layer("glimpse.data.glyphs") < layer("glimpse.nn"));
        assertTrue(REFERENCE.matcher("import glimpse.report.Figures;").find());
        assertFalse(REFERENCE.matcher("import glimpse.Glimpse;").find(), "the root is not a subpackage reference");
    }
}
