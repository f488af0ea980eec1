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
 * it (data → nn → train → eval → experiment → pretrain → fewshot → classification → method/&lt;paper&gt; →
 * report → kernel → bench → cli), the per-paper packages form no cycle among themselves, and no experiment,
 * spec or config class grows past ~200 lines.
 */
class LayeringTest {
    static final List<String> LAYERS = List.of("glimpse", "data", "nn", "train", "eval", "experiment", "pretrain", "fewshot", "classification",
            "method", "report", "kernel", "bench", "cluster", "cli");
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

    /** Packages whose methods stay short enough to read as what they do (the core: the loop, the runner, the pipelines). */
    static final List<String> SHORT_METHODS = List.of("train", "experiment", "fewshot", "classification");
    static final int MAX_METHOD_LINES = 60;
    static final Pattern METHOD = Pattern.compile(
            "(?m)^[ \\t]*(?:(?:public|private|protected|static|final|default|synchronized|abstract)\\s+)*(?:<[^>{;]*>\\s+)?"
            + "[\\w.<>\\[\\]?, ]+?\\s+(\\w+)\\s*\\([^;{)]*(?:\\([^)]*\\)[^;{)]*)*\\)\\s*(?:throws [\\w., ]+)?\\{");

    /** The code of a source file without comments and with every string literal emptied. */
    static String code(Path f) throws IOException {
        return Files.readString(f).replaceAll("(?s)/\\*.*?\\*/", "").replaceAll("//[^\\n]*", "")
                .replaceAll("\"[^\"\\\\]*+(?:\\\\.[^\"\\\\]*+)*+\"", "\"\"");
    }

    /** The index just past the bracket that closes the one at {@code open}. */
    static int closing(String code, int open) {
        char o = code.charAt(open), c = o == '(' ? ')' : o == '{' ? '}' : ']';
        int depth = 0;
        for (int i = open; i < code.length(); i++) {
            if (code.charAt(i) == o) depth++;
            else if (code.charAt(i) == c && --depth == 0) return i + 1;
        }
        return code.length();
    }

    /** Method name → its length in lines, for each method of {@code code}. */
    static Map<String, Integer> methodLengths(String code) {
        Map<String, Integer> out = new TreeMap<>();
        Matcher m = METHOD.matcher(code);
        while (m.find()) {
            String name = m.group(1);
            if (List.of("if", "for", "while", "switch", "catch", "synchronized", "try").contains(name)
                    || m.group().matches("(?s).*\\b(record|class|interface|enum|new)\\b.*")) continue;   // a type's header, not a method
            int end = closing(code, m.end() - 1);
            int lines = (int) code.substring(m.start(), end).chars().filter(ch -> ch == '\n').count() + 1;
            out.merge(name + "@" + (code.substring(0, m.start()).chars().filter(ch -> ch == '\n').count() + 1), lines, Math::max);
        }
        return out;
    }

    @Test
    void noMethodOfTheCoreIsLongerThanSixtyLines() throws IOException {
        List<String> longOnes = new ArrayList<>();
        for (String pkg : SHORT_METHODS) {
            try (Stream<Path> files = Files.walk(SOURCES.resolve("glimpse").resolve(pkg))) {
                for (Path f : files.filter(p -> p.toString().endsWith(".java")).toList())
                    methodLengths(code(f)).forEach((name, lines) -> {
                        if (lines > MAX_METHOD_LINES) longOnes.add(f.getFileName() + " " + name + ": " + lines + " lines");
                    });
            }
        }
        assertEquals(List.of(), longOnes, "methods over " + MAX_METHOD_LINES + " lines: split them into named steps");
    }

    static final Pattern RECORD = Pattern.compile("\\brecord\\s+(\\w+)\\s*(?:<[^>]*>)?\\s*\\(");
    static final Pattern NEW = Pattern.compile("\\bnew\\s+((?:\\w+\\.)*)(\\w+)\\s*(?:<[^>]*>)?\\s*\\(");

    /** The top-level, comma-separated parts of {@code list} (brackets and generics nest). */
    static List<String> split(String list) {
        List<String> parts = new ArrayList<>();
        int depth = 0, from = 0;
        for (int i = 0; i < list.length(); i++) {
            char c = list.charAt(i);
            if (c == '(' || c == '<' || c == '[' || c == '{') depth++;
            else if (c == ')' || c == '>' || c == ']' || c == '}') depth--;
            else if (c == ',' && depth == 0) { parts.add(list.substring(from, i).trim()); from = i + 1; }
        }
        if (!list.isBlank()) parts.add(list.substring(from).trim());
        return parts;
    }

    /** Records of the library: "Outer.Name" and "Name" → component names (a simple name shared by several records maps to none). */
    static Map<String, List<String>> records(Map<Path, String> sources) {
        Map<String, List<String>> byName = new HashMap<>();
        Set<String> ambiguous = new HashSet<>();
        sources.forEach((f, code) -> {
            String outer = f.getFileName().toString().replace(".java", "");
            Matcher r = RECORD.matcher(code);
            while (r.find()) {
                List<String> names = split(code.substring(r.end(), closing(code, r.end() - 1) - 1)).stream()
                        .map(c -> c.replaceAll("@\\w+(\\([^)]*\\))?\\s*", "").replaceAll(".*\\s", "")).toList();
                String simple = r.group(1);
                if (byName.containsKey(simple)) ambiguous.add(simple);
                byName.put(simple, names);
                if (!simple.equals(outer)) byName.put(outer + "." + simple, names);
            }
        });
        ambiguous.forEach(byName::remove);
        return byName;
    }

    /**
     * A constructor call of a record whose arguments are (nearly) all its own components, read from
     * the record itself ({@code name}) or from another value of it ({@code s.name()}): a hand-written
     * copy, which a builder's {@code with(b -> …)} says in one line. A builder's {@code build()} is the one place allowed.
     */
    static List<String> handWrittenCopies(Map<Path, String> sources) {
        Map<String, List<String>> records = records(sources);
        List<String> copies = new ArrayList<>();
        sources.forEach((f, code) -> {
            Matcher n = NEW.matcher(code);
            while (n.find()) {
                String qualified = n.group(1) + n.group(2), outer = f.getFileName().toString().replace(".java", "");
                List<String> components = n.group(1).isEmpty()
                        ? records.getOrDefault(outer + "." + n.group(2), records.get(n.group(2)))
                        : records.getOrDefault(qualified.replaceFirst("^.*\\.(\\w+\\.\\w+)$", "$1"), records.get(n.group(2)));
                if (components == null || components.size() < 5) continue;
                List<String> args = split(code.substring(n.end(), closing(code, n.end() - 1) - 1));
                if (args.size() != components.size()) continue;
                boolean inItsOwnBody = n.group(1).isEmpty() && insideRecord(code, n.group(2), n.start());
                Map<String, Integer> bySource = new HashMap<>();   // "" = its own components, "s" = read from another value s of it
                for (int i = 0; i < args.size(); i++) {
                    Matcher a = Pattern.compile("(?:(\\w+)\\.)?" + components.get(i) + "(\\(\\))?").matcher(args.get(i));
                    if (!a.matches() || (a.group(1) == null) != (a.group(2) == null)) continue;
                    if (a.group(1) != null || inItsOwnBody) bySource.merge(a.group(1) == null ? "" : a.group(1), 1, Integer::sum);
                }
                long copied = bySource.values().stream().mapToInt(Integer::intValue).max().orElse(0);
                String method = enclosingMethod(code, n.start());
                if (copied < args.size() - 1 || method.matches("(?s).*\\bbuild\\s*\\(.*") || (bySource.containsKey("") && method.contains("static ")))
                    continue;   // a builder's build(), or a value made from scratch in a static factory
                copies.add(f.getFileName() + ": new " + qualified + "(…) copies " + copied + " of its " + args.size() + " components");
            }
        });
        return copies;
    }

    /** Whether {@code at} lies in the body of a record named {@code name} declared in {@code code}. */
    static boolean insideRecord(String code, String name, int at) {
        Matcher r = RECORD.matcher(code);
        while (r.find()) {
            if (!r.group(1).equals(name)) continue;
            int body = code.indexOf('{', closing(code, r.end() - 1));
            if (body >= 0 && body < at && at < closing(code, body)) return true;
        }
        return false;
    }

    /** The header of the innermost method around {@code at} ("" outside any). */
    static String enclosingMethod(String code, int at) {
        Matcher m = METHOD.matcher(code);
        String header = "";
        while (m.find() && m.start() < at) if (closing(code, m.end() - 1) > at) header = m.group();
        return header;
    }

    static Map<Path, String> sources() throws IOException {
        Map<Path, String> out = new TreeMap<>();
        try (Stream<Path> files = Files.walk(SOURCES.resolve("glimpse"))) {
            for (Path f : files.filter(p -> p.toString().endsWith(".java")).toList()) out.put(f, code(f));
        }
        return out;
    }

    @Test
    void noRecordIsCopiedByHand() throws IOException {
        assertEquals(List.of(), handWrittenCopies(sources()), "derive a changed record with its builder: r.with(b -> b.field(v))");
    }

    @Test
    void theRulesSeeWhatTheyForbid() {
        String copy = "record Spec(int a, int b, String c, long d, int e) {\n"
                + "  Spec withA(int x) { return new Spec(x, b, c, d, e); }\n"
                + "  static Spec of(int a, int b) { int c = 0; long d = 1; int e = 2; return new Spec(a, b, c, d, e); }\n"
                + "  static final class Builder { int a, b, e; String c; long d;\n    Spec build() { return new Spec(a, b, c, d, e); }\n  }\n}\n"
                + "class Other { Spec moved(Spec s) { return new Spec(s.a(), s.b(), s.c(), 7, s.e()); }\n"
                + "  Spec made(int b, int d) { return new Spec(1, b, \"\", d, 3); } Spec mixed(Spec s, Spec t) { return new Spec(s.a(), t.b(), s.c(), t.d(), 0); } }\n";
        List<String> found = handWrittenCopies(Map.of(Path.of("Spec.java"), copy));
        assertEquals(2, found.size(), found.toString());   // withA and moved; not build(), not values made from scratch or from two sources
        String longMethod = "class A {\n  void f() {\n" + "    x();\n".repeat(70) + "  }\n  int g() { return 1; }\n}\n";
        Map<String, Integer> lengths = methodLengths(longMethod);
        assertEquals(72, lengths.get("f@2"));
        assertEquals(1, lengths.get("g@74"));
    }

    /**
     * Metric names spelled as strings ("overall", "tail", …): a metric is a {@code glimpse.eval.Metric},
     * so a typo is a compile error, not a run that fails in its last cell. "head" is left out: it also
     * names a network's classifier child. Metric.java itself holds the labels.
     */
    static final Pattern METRIC_LITERAL = Pattern.compile("\\\\?\"(overall|many|medium|few|middle|tail)\\\\?\"");

    static List<String> metricLiterals(Map<Path, String> texts) {
        List<String> found = new ArrayList<>();
        texts.forEach((f, text) -> {
            if (f.getFileName().toString().equals("Metric.java")) return;
            Matcher m = METRIC_LITERAL.matcher(text);
            while (m.find()) found.add(f.getFileName() + ": " + m.group());
        });
        return found;
    }

    @Test
    void noMetricIsNamedByAString() throws IOException {
        Map<Path, String> texts = new TreeMap<>();
        try (Stream<Path> files = Files.walk(SOURCES.resolve("glimpse"))) {
            for (Path f : files.filter(p -> p.toString().endsWith(".java")).toList())   // comments out, strings kept
                texts.put(f, Files.readString(f).replaceAll("(?s)/\\*.*?\\*/", "").replaceAll("(?m)^\\s*//[^\\n]*", ""));
        }
        try (Stream<Path> notebooks = Files.list(Path.of("../notebooks"))) {
            for (Path f : notebooks.filter(p -> p.toString().endsWith(".ipynb")).toList()) texts.put(f, Files.readString(f));
        }
        assertTrue(texts.keySet().stream().anyMatch(f -> f.toString().endsWith(".ipynb")), "the notebooks were not found from " + Path.of("").toAbsolutePath());
        assertEquals(List.of(), metricLiterals(texts), "name a metric by glimpse.eval.Metric (Metric.TAIL), not by a string");
        assertEquals(2, metricLiterals(Map.of(Path.of("A.java"), "r.values(\"tail\"); r.metric(\"headroom\");",
                Path.of("n.ipynb"), "\"r.values(\\\"overall\\\")\"")).size(), "the rule sees a literal in Java and in a notebook's JSON");
    }

    @Test
    void theCheckSeesARealUpwardDependency() {
        assertTrue(layer("glimpse.cli") > layer("glimpse.method.crosstransformer"));
        assertTrue(layer("glimpse.data.glyphs") < layer("glimpse.nn"));
        assertTrue(REFERENCE.matcher("import glimpse.report.Figures;").find());
        assertFalse(REFERENCE.matcher("import glimpse.Glimpse;").find(), "the root is not a subpackage reference");
    }
}
