package glimpse.data.glyphs;

import glimpse.data.sampling.Draws;
import glimpse.data.sampling.Seeds;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.ForkJoinPool;
import java.util.function.IntConsumer;
import java.util.function.IntFunction;
import java.util.stream.IntStream;

/**
 * Renders classes × instances from a list of faces. For each class the faces are put in a seeded
 * order (typefaces shuffled, then round-robin through each typeface's faces, so consecutive
 * instances come from different designs); walking that order, the first {@code instancesPerClass}
 * faces that really draw the class ({@link GlyphProbe}) are its sources, and instance i is drawn
 * from source i mod (number of sources) with a jitter from the random stream
 * {@link Seeds#glyphInstance}(seed, code point, i). Every image therefore depends only on the seed, the code point, its index and the
 * fonts: the result is the same whatever the thread count or the order the work runs in.
 */
public final class GlyphSetRenderer {
    private final List<LoadedFace> faces;
    private final int size;
    private final double emPixels;
    private final int instancesPerClass;
    private final long seed;
    private final Jitter.Spec jitter;

    public GlyphSetRenderer(List<LoadedFace> faces, int size, double emPixels, int instancesPerClass, long seed, Jitter.Spec jitter) {
        this.faces = List.copyOf(faces);
        this.size = size;
        this.emPixels = emPixels;
        this.instancesPerClass = instancesPerClass;
        this.seed = seed;
        this.jitter = jitter;
    }

    public static GlyphSetRenderer of(GlyphsConfig c, List<LoadedFace> faces) {
        return new GlyphSetRenderer(faces, c.imageSize(), c.emPixels(), c.instancesPerClass(), c.seed(), c.jitter());
    }

    /** verdicts[class][face] for every face (the manifest tool's survey); one task per face, in parallel. */
    public GlyphProbe.Verdict[][] coverage(int[] codePoints) {
        GlyphProbe.Verdict[][] v = new GlyphProbe.Verdict[codePoints.length][faces.size()];
        parallel(faces.size(), f -> {
            GlyphProbe probe = new GlyphProbe(faces.get(f));
            for (int c = 0; c < codePoints.length; c++) v[c][f] = probe.verdict(codePoints[c]);
        });
        return v;
    }

    /** Number of distinct typefaces among the faces with a REAL verdict for one class. */
    public int typefaceCount(GlyphProbe.Verdict[] verdictsOfClass) {
        return (int) IntStream.range(0, faces.size()).filter(f -> verdictsOfClass[f] == GlyphProbe.Verdict.REAL)
                .mapToObj(f -> faces.get(f).spec().typeface()).distinct().count();
    }

    /**
     * Renders instancesPerClass images of every class, probing only as many faces per class as it
     * needs. A class no face draws is an error: the caller picked classes these fonts cannot render.
     */
    public RenderedGlyphs render(int[] codePoints) {
        // probes are per thread: each keeps its face's .notdef and base-letter renderings
        ThreadLocal<Map<Integer, GlyphProbe>> probes = ThreadLocal.withInitial(HashMap::new);
        return render(codePoints, c -> f -> probes.get().computeIfAbsent(f, k -> new GlyphProbe(faces.get(k))).verdict(codePoints[c]));
    }

    /** Renders with verdicts already known (verdicts[class][face]), as the manifest tool has them. */
    RenderedGlyphs render(int[] codePoints, GlyphProbe.Verdict[][] cover) {
        return render(codePoints, c -> f -> cover[c][f]);
    }

    private RenderedGlyphs render(int[] codePoints, IntFunction<IntFunction<GlyphProbe.Verdict>> verdictOf) {
        int n = codePoints.length * instancesPerClass, px = size * size;
        byte[] pixels = new byte[n * px];
        int[] labels = new int[n];
        short[] faceOf = new short[n];
        List<String> undrawable = java.util.Collections.synchronizedList(new ArrayList<>());
        parallel(codePoints.length, c -> {
            int cp = codePoints[c];
            List<LoadedFace> sources = sources(cp, verdictOf.apply(c));
            if (sources.isEmpty()) { undrawable.add(GlyphClass.hex(cp)); return; }
            for (int i = 0; i < instancesPerClass; i++) {
                LoadedFace face = sources.get(i % sources.size());
                Jitter j = jitter.draw(Seeds.glyphInstance(seed, cp, i));
                byte[] img = GlyphRenderer.render(face, face.glyphCode(cp), emPixels, j, size);
                int k = c * instancesPerClass + i;
                System.arraycopy(img, 0, pixels, k * px, px);
                labels[k] = c;
                faceOf[k] = (short) face.index();
            }
        });
        if (!undrawable.isEmpty())
            throw new IllegalStateException("No face draws " + undrawable.size() + " classes: " + undrawable.stream().sorted().toList());
        return new RenderedGlyphs(size, codePoints.clone(), labels, faceOf, pixels,
                RenderedGlyphs.checksum(size, codePoints, labels, pixels));
    }

    /** The first instancesPerClass faces, in {@link #faceOrder} order, that really draw the class. */
    List<LoadedFace> sources(int codePoint, IntFunction<GlyphProbe.Verdict> verdictOfFace) {
        List<LoadedFace> out = new ArrayList<>();
        for (int f : faceOrder(codePoint)) {
            if (out.size() == instancesPerClass) break;
            if (verdictOfFace.apply(f) == GlyphProbe.Verdict.REAL) out.add(faces.get(f));
        }
        return out;
    }

    /**
     * All faces (positions in the face list) in this class's seeded order: typefaces shuffled,
     * each typeface's faces shuffled, then round-robin across typefaces.
     */
    int[] faceOrder(int codePoint) {
        Map<String, List<Integer>> byTypeface = new LinkedHashMap<>();
        for (int f = 0; f < faces.size(); f++) byTypeface.computeIfAbsent(faces.get(f).spec().typeface(), k -> new ArrayList<>()).add(f);
        SplittableRandom r = Seeds.glyphInstance(seed, codePoint, -1);
        List<List<Integer>> groups = new ArrayList<>(byTypeface.values());
        Draws.shuffle(groups, r);
        for (List<Integer> g : groups) Draws.shuffle(g, r);
        int[] order = new int[faces.size()];
        int k = 0;
        int longest = groups.stream().mapToInt(List::size).max().orElse(0);
        for (int round = 0; round < longest; round++) {
            for (List<Integer> g : groups) if (round < g.size()) order[k++] = g.get(round);
        }
        return order;
    }

    /** Runs task(0..n-1) on all cores; the tasks write disjoint slots, so the result is order-free. */
    static void parallel(int n, IntConsumer task) {
        ForkJoinPool pool = new ForkJoinPool(Math.max(1, Runtime.getRuntime().availableProcessors()));
        try {
            pool.submit(() -> IntStream.range(0, n).parallel().forEach(task)).join();
        } finally {
            pool.shutdown();
        }
    }
}
