package glimpse.cluster;

import glimpse.SpecJson;
import glimpse.classification.ClassificationSpec;
import glimpse.data.sampling.LongTail;
import glimpse.experiment.Experiment;
import glimpse.experiment.ResultCache;
import glimpse.method.batchformer.BatchFormerMethod;
import glimpse.method.batchformer.TwoStreamLoss;
import glimpse.method.classifier.Conv4Classifier;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.lang.reflect.Array;
import java.lang.reflect.Modifier;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.*;

/** A spec written into a task file comes back equal, on every type the experiments' specs can hold. */
class TaskCodecTest {
    @org.junit.jupiter.api.io.TempDir Path dir;

    /** Every class of the library, loaded without initialising it. */
    static List<Class<?>> libraryClasses() throws IOException {
        Path root = Path.of("target/classes");
        List<Class<?>> out = new ArrayList<>();
        try (Stream<Path> files = Files.walk(root.resolve("glimpse"))) {
            for (Path f : files.filter(p -> p.toString().endsWith(".class")).toList()) {
                String name = root.relativize(f).toString().replace('/', '.').replaceFirst("\\.class$", "");
                try {
                    out.add(Class.forName(name, false, TaskCodecTest.class.getClassLoader()));
                } catch (ClassNotFoundException | LinkageError e) {
                    fail("cannot load " + name + ": " + e);
                }
            }
        }
        return out;
    }

    @Test
    void everyTypeReachableFromAnExperimentsSpecCanBeWritten() throws IOException {
        List<Class<?>> classes = libraryClasses();
        List<Class<?>> specTypes = new ArrayList<>();
        for (Class<?> c : classes) {
            if (!Experiment.class.isAssignableFrom(c) || c.isInterface() || Modifier.isAbstract(c.getModifiers())) continue;
            for (var t : c.getGenericInterfaces())
                if (t instanceof ParameterizedType p && p.getRawType() == Experiment.class && p.getActualTypeArguments()[0] instanceof Class<?> spec)
                    specTypes.add(spec);
        }
        assertTrue(specTypes.size() >= 5, "the five experiments (few-shot, classification, SP, retrieval, the shared pre-training): " + specTypes);
        for (Class<?> spec : specTypes)
            assertEquals(List.of(), TaskCodec.problems(spec, classes), spec.getName() + " holds a type a task file cannot carry");
    }

    @Test
    void theBatchFormerSweepsSpecsComeBackEqual() {
        ClassificationSpec base = glimpse.method.batchformer.BatchFormerRecipe.cpu(100).with(b -> b.steps(4).batchSize(32).testPerClass(20).seeds(2));
        BatchFormerMethod plain = BatchFormerMethod.baseline();
        List<ClassificationSpec> specs = List.of(base,
                base.with(b -> b.method(plain.withMode(TwoStreamLoss.Mode.SHARED_CLASSIFIER)).imbalance(10)),
                base.with(b -> b.classOrder(LongTail.ClassOrder.byScoreDescending("hardest as tail", new double[] {.9, .1, .5, .3, .2, .8, .7, .6, .4, .05}))),
                base.with(b -> b.method(plain.withFeatureWidth(256))),
                Conv4Classifier.spec("fashion-mnist", 60, 2e-3f, 7L, 2000));
        for (ClassificationSpec s : specs) assertRoundTrip("classification", s);
        for (ClassificationSpec s : specs) {          // and through a task file on disk, as a node reads it
            Path file = dir.resolve("task.json");
            TaskFile.of(glimpse.classification.ClassificationExperiment.INSTANCE, s).write(file);
            Object back = TaskFile.read(file).specValue();
            assertTrue(deepEquals(s, back), s + " came back from its task file as " + back);
        }
    }

    @Test
    void valuesKeepTheirExactTypesAndBits() {
        record Values(double nan, double negativeZero, double tenth, float f, long big, int i, short s, byte b, char c, boolean z, String text,
                      double[] array, List<Long> longs, Map<String, Integer> map, Set<String> set, TwoStreamLoss.Mode mode, Object absent) {}
        Values v = new Values(Double.NaN, -0.0, 0.1, 1e-7f, Long.MAX_VALUE, -3, (short) 7, (byte) -2, 'λ', true, "a \"quoted\" text\n",
                new double[] {1.0 / 3, Double.MIN_VALUE}, List.of(1L, 2L), Map.of("k", 1), Set.of("x"), TwoStreamLoss.Mode.SHARED_CLASSIFIER, null);
        Object back = TaskCodec.decode(TaskCodec.encode(v));
        assertTrue(deepEquals(v, back), "round trip of " + v);
        Values w = (Values) back;
        assertEquals(Double.doubleToRawLongBits(-0.0), Double.doubleToRawLongBits(w.negativeZero()));
        assertEquals(Double.doubleToRawLongBits(Double.MIN_VALUE), Double.doubleToRawLongBits(w.array()[1]));
    }

    @Test
    void aClassThatIsNotARecordIsRefusedByName() {
        record Holder(java.io.File file) {}
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> TaskCodec.encode(new Holder(new java.io.File("x"))));
        assertTrue(e.getMessage().contains("java.io.File") && e.getMessage().contains("record"), e.getMessage());
        assertFalse(TaskCodec.problems(Holder.class, List.of()).isEmpty());
    }

    @Test
    void aRebuiltSpecIsCheckedByItsConstructorAgain() {
        var json = TaskCodec.encode(glimpse.method.batchformer.BatchFormerRecipe.cpu(100)).getAsJsonObject();
        json.add("seeds", TaskCodec.encode(List.of()));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> TaskCodec.decode(json));
        assertTrue(e.getMessage().contains("at least one seed"), e.getMessage());
    }

    /** Back equal: the same cache file (key, mode, code version), the same key JSON, and equal component by component. */
    static void assertRoundTrip(String experiment, Object spec) {
        Object back = TaskCodec.decode(com.google.gson.JsonParser.parseString(TaskCodec.encode(spec).toString()));
        assertEquals(spec.getClass(), back.getClass());
        assertEquals(SpecJson.of(spec), SpecJson.of(back));
        assertEquals(ResultCache.fileFor(experiment, spec), ResultCache.fileFor(experiment, back));
        assertTrue(deepEquals(spec, back), spec + " came back as " + back);
    }

    /** Equality through records' components and arrays' elements (a record compares an array component by identity). */
    static boolean deepEquals(Object a, Object b) {
        if (a == null || b == null) return a == b;
        if (a.getClass() != b.getClass()) return a instanceof List<?> && b instanceof List<?> ? listEquals((List<?>) a, (List<?>) b) : a.equals(b);
        if (a.getClass().isArray()) {
            if (Array.getLength(a) != Array.getLength(b)) return false;
            for (int i = 0; i < Array.getLength(a); i++) if (!deepEquals(Array.get(a, i), Array.get(b, i))) return false;
            return true;
        }
        if (a instanceof Double x) return Double.doubleToRawLongBits(x) == Double.doubleToRawLongBits((Double) b);
        if (a instanceof Float x) return Float.floatToRawIntBits(x) == Float.floatToRawIntBits((Float) b);
        if (a instanceof List<?> x) return listEquals(x, (List<?>) b);
        if (!a.getClass().isRecord()) return a.equals(b);
        try {
            for (RecordComponent rc : a.getClass().getRecordComponents()) {
                rc.getAccessor().setAccessible(true);
                if (!deepEquals(rc.getAccessor().invoke(a), rc.getAccessor().invoke(b))) return false;
            }
            return true;
        } catch (ReflectiveOperationException e) {
            throw new AssertionError(e);
        }
    }

    static boolean listEquals(List<?> a, List<?> b) {
        if (a.size() != b.size()) return false;
        for (int i = 0; i < a.size(); i++) if (!deepEquals(a.get(i), b.get(i))) return false;
        return true;
    }
}
