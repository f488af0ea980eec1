package glimpse.data.glyphs;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.ForkJoinPool;
import java.util.function.IntConsumer;
import java.util.stream.IntStream;

/**
 * Renders classes × instances from a list of faces. Which faces draw a class is decided per face
 * by {@link GlyphProbe}; instance i of a class is drawn from the class's faces in a seeded
 * round-robin over typefaces (so the first instances come from different designs) with a jitter
 * drawn from a random stream seeded by (seed, code point, i). Every image therefore depends only on
 * the seed, the code point, its index and the fonts: the result is the same whatever the thread
 * count or the order the work runs in.
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

    public List<LoadedFace> faces() { return faces; }

    /** verdicts[class][face] for the given code points; one task per face, in parallel. */
    public GlyphProbe.Verdict[][] coverage(int[] codePoints) {
        GlyphProbe.Verdict[][] v = new GlyphProbe.Verdict[codePoints.length][faces.size()];
        parallel(faces.size(), f -> {
            GlyphProbe probe = new GlyphProbe(faces.get(f));
            for (int c = 0; c < codePoints.length; c++) v[c][f] = probe.verdict(codePoints[c]);
        });
        return v;
    }

    /** Number of distinct typefaces among the faces with a REAL verdict for class c. */
    public int typefaceCount(GlyphProbe.Verdict[] verdictsOfClass) {
        return (int) IntStream.range(0, faces.size()).filter(f -> verdictsOfClass[f] == GlyphProbe.Verdict.REAL)
                .mapToObj(f -> faces.get(f).spec().typeface()).distinct().count();
    }

    /**
     * Renders instancesPerClass images of every class. A class no face draws is an error: the caller
     * picked classes these fonts cannot render.
     */
    public RenderedGlyphs render(int[] codePoints) {
        GlyphProbe.Verdict[][] cover = coverage(codePoints);
        List<String> undrawable = new ArrayList<>();
        for (int c = 0; c < codePoints.length; c++) {
            if (faceOrder(codePoints[c], cover[c]).isEmpty()) undrawable.add(GlyphClass.hex(codePoints[c]));
        }
        if (!undrawable.isEmpty())
            throw new IllegalStateException("No face draws " + undrawable.size() + " classes: " + undrawable);
        return render(codePoints, cover);
    }

    RenderedGlyphs render(int[] codePoints, GlyphProbe.Verdict[][] cover) {
        int n = codePoints.length * instancesPerClass, px = size * size;
        byte[] pixels = new byte[n * px];
        int[] labels = new int[n];
        short[] faceOf = new short[n];
        parallel(codePoints.length, c -> {
            int cp = codePoints[c];
            List<LoadedFace> order = faceOrder(cp, cover[c]);
            for (int i = 0; i < instancesPerClass; i++) {
                LoadedFace face = order.get(i % order.size());
                Jitter j = jitter.draw(new SplittableRandom(mix(seed, cp, i)));
                byte[] img = GlyphRenderer.render(face, face.glyphCode(cp), emPixels, j, size);
                int k = c * instancesPerClass + i;
                System.arraycopy(img, 0, pixels, k * px, px);
                labels[k] = c;
                faceOf[k] = (short) face.index();
            }
        });
        return new RenderedGlyphs(size, codePoints.clone(), labels, faceOf, pixels,
                RenderedGlyphs.checksum(size, codePoints, labels, pixels));
    }

    /**
     * The faces that draw the class, ordered for instance assignment: typefaces in a seeded order,
     * then round-robin through each typeface's faces (also seeded), so consecutive instances come
     * from different designs and each design contributes its weights and slants.
     */
    List<LoadedFace> faceOrder(int codePoint, GlyphProbe.Verdict[] verdicts) {
        Map<String, List<LoadedFace>> byTypeface = new LinkedHashMap<>();
        for (int f = 0; f < faces.size(); f++) {
            if (verdicts[f] == GlyphProbe.Verdict.REAL)
                byTypeface.computeIfAbsent(faces.get(f).spec().typeface(), k -> new ArrayList<>()).add(faces.get(f));
        }
        SplittableRandom r = new SplittableRandom(mix(seed, codePoint, -1));
        List<List<LoadedFace>> groups = new ArrayList<>(byTypeface.values());
        shuffle(groups, r);
        for (List<LoadedFace> g : groups) shuffle(g, r);
        List<LoadedFace> order = new ArrayList<>();
        int longest = groups.stream().mapToInt(List::size).max().orElse(0);
        for (int round = 0; round < longest; round++) {
            for (List<LoadedFace> g : groups) if (round < g.size()) order.add(g.get(round));
        }
        return order;
    }

    private static <T> void shuffle(List<T> list, SplittableRandom r) {
        for (int i = list.size() - 1; i > 0; i--) {
            int j = r.nextInt(i + 1);
            T t = list.get(i);
            list.set(i, list.get(j));
            list.set(j, t);
        }
    }

    /** A well-mixed 64-bit seed for (seed, code point, instance): SplitMix64 finaliser on each step. */
    static long mix(long seed, int codePoint, int instance) {
        long h = splitmix(seed);
        h = splitmix(h ^ codePoint);
        return splitmix(h ^ ((long) instance << 32));
    }

    private static long splitmix(long z) {
        z += 0x9E3779B97F4A7C15L;
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
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
