package glimpse.data.glyphs;

import glimpse.data.DatasetException;

import glimpse.data.Manifests;
import glimpse.data.ImageSet;
import glimpse.data.Manifest;
import glimpse.data.SourceFiles;
import glimpse.data.sampling.Draws;
import glimpse.data.sampling.Seeds;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import io.soabase.recordbuilder.core.RecordBuilder;

/**
 * A fine-grained task where details decide (TASN's setting, Zheng et al., CVPR 2019): the members
 * of a few accented families of the Glyphs set (e, é, è, ê, ë, ē, …: one class per code point, classes
 * of a family differ only by their diacritics), rendered at high resolution (96 px by default) so a
 * sampler that zooms on the accent can keep what a uniform downsample to 24–32 px blurs.
 *
 * <p>Typeface-disjoint split: the manifest's typefaces are shuffled with the spec's seed and a
 * fraction of them is held out; test images come only from held-out typefaces, so the test asks
 * for the diacritic in designs never seen in training. Every face of a typeface that really draws
 * a class ({@link GlyphProbe}) contributes {@code instancesPerFace} jittered instances. Classes
 * drawn by fewer than {@code minTrainTypefaces} training typefaces or by no test typeface are dropped
 * (and listed). Renders are cached under {@code <cache>/glyphs/} like the Glyphs set.
 */
public final class DiacriticGlyphs {
    private DiacriticGlyphs() {}

    static final long TYPEFACE_STREAM = 0x7A5E_0D1A_C000_0001L, JITTER_STREAM = 0x7A5E_0D1A_C000_0002L;

    /**
     * @param families            base letters whose families are used (members from the manifest's "fine-grained" split)
     * @param imageSize           rendered side in pixels (≥ 96 for TASN's setting)
     * @param emPixels            em size in pixels (the Glyphs set draws 40 at 64 px)
     * @param instancesPerFace    jittered instances of a class per face that draws it
     * @param testTypefaceFraction share of typefaces held out for the test split
     * @param minTrainTypefaces   a class needs this many training typefaces
     * @param seed                typeface split and jitter
     */
    @RecordBuilder
    public record Spec(List<String> families, int imageSize, double emPixels, int instancesPerFace,
                       double testTypefaceFraction, int minTrainTypefaces, long seed) implements DiacriticGlyphsSpecBuilder.With {
        public Spec {
            families = List.copyOf(families);
            if (families.isEmpty() || imageSize < 16 || emPixels <= 0 || instancesPerFace < 1
                    || !(testTypefaceFraction > 0 && testTypefaceFraction < 1) || minTrainTypefaces < 1)
                throw new IllegalArgumentException("diacritic task needs families, imageSize >= 16, emPixels > 0, instancesPerFace >= 1, "
                        + "0 < testTypefaceFraction < 1 and minTrainTypefaces >= 1: " + families + ", " + imageSize + ", " + emPixels);
        }

        /**
         * The lower-case e family (e and its 25 accented forms: classes that differ only by the diacritic) at 96 px (em 60, the
         * Glyphs set's proportion), one instance per face, 30 % of typefaces held out. One family rather than a, e, o, u
         * (122 classes): with one instance per face there are about 60 training images per class, and a short CPU budget
         * learnt almost nothing of 122 classes.
         */
        public static Spec defaults() { return new Spec(List.of("e"), 96, 60, 1, 0.3, 3, 20190616); }
    }

    /** The two splits and their numbers. */
    public record Task(Spec spec, ImageSet train, ImageSet test, List<String> trainTypefaces, List<String> testTypefaces,
                       List<String> droppedClasses, boolean fromCache, double seconds, List<String> trainImageTypefaces,
                       List<String> testImageTypefaces) {
        public int classes() { return train.classCount(); }
        public int images() { return train.size() + test.size(); }
        public int resolution() { return train.height(); }
    }

    /** The task from the installed Glyphs manifest ({@code data-manifests/glyphs.json}). */
    public static Task load(Spec spec) { return load(Manifests.of(Glyphs.ID), spec); }

    public static Task load(Manifest m, Spec spec) {
        long t0 = System.nanoTime();
        GlyphsConfig c = GlyphsConfig.from(m);
        int[] candidates = members(m, spec);
        List<String> typefaces = c.fonts().stream().map(FontFace::typeface).distinct().toList();
        Set<String> held = heldOut(typefaces, spec);
        String key = SourceFiles.sha256((GlyphCache.key(renderConfig(c, spec, candidates)) + "|" + spec + "|" + held)
                .getBytes(StandardCharsets.UTF_8)).substring(0, 16);
        Path trainFile = GlyphCache.dir().resolve("diacritics-" + key + "-train.bin"), testFile = trainFile.resolveSibling("diacritics-" + key + "-test.bin");
        RenderedGlyphs train = null, test = null;
        List<String> dropped;
        boolean fromCache = false;
        if (Files.isRegularFile(trainFile) && Files.isRegularFile(testFile)) {
            try {
                train = GlyphCache.read(trainFile);
                test = GlyphCache.read(testFile);
                fromCache = true;
            } catch (IOException e) {
                System.err.println("Diacritic glyph cache " + trainFile + " is unusable (" + e.getMessage() + "); re-rendering.");
            }
        }
        if (fromCache) {
            Set<Integer> kept = new java.util.HashSet<>();
            for (int cp : train.codePoints()) kept.add(cp);
            dropped = java.util.Arrays.stream(candidates).filter(cp -> !kept.contains(cp)).mapToObj(GlyphClass::hex).toList();
        } else {
            List<LoadedFace> faces = FontFiles.open(c.fonts(), m);
            RenderedGlyphs[] both = render(faces, c, spec, candidates, held);
            train = both[0];
            test = both[1];
            Set<Integer> kept = new java.util.HashSet<>();
            for (int cp : train.codePoints()) kept.add(cp);
            dropped = java.util.Arrays.stream(candidates).filter(cp -> !kept.contains(cp)).mapToObj(GlyphClass::hex).toList();
            try {
                GlyphCache.write(trainFile, train);
                GlyphCache.write(testFile, test);
            } catch (IOException e) {
                System.err.println("Could not write the diacritic glyph cache " + trainFile + " (" + e.getMessage() + "); the next load renders again.");
            }
        }
        List<String> trainTypefaces = typefaces.stream().filter(t -> !held.contains(t)).toList();
        return new Task(spec, train.toImageSet("glyph-diacritics/train"), test.toImageSet("glyph-diacritics/test"),
                trainTypefaces, List.copyOf(held), dropped, fromCache, (System.nanoTime() - t0) / 1e9,
                typefacesOf(train, c), typefacesOf(test, c));
    }

    /** The typeface of each image, from its face index into the manifest's font list. */
    private static List<String> typefacesOf(RenderedGlyphs r, GlyphsConfig c) {
        List<String> out = new ArrayList<>(r.count());
        for (short f : r.faces()) out.add(c.fonts().get(f).typeface());
        return java.util.Collections.unmodifiableList(out);
    }

    /** Members of the requested families among the manifest's fine-grained classes, family by family. */
    static int[] members(Manifest m, Spec spec) {
        String split = m.splits() == null ? null : m.splits().get("fine-grained");
        if (split == null)
            throw DatasetException.of("The Glyphs manifest has no \"fine-grained\" split", m.location(), m,
                    "regenerate it: " + GlyphsManifestTool.COMMAND);
        List<GlyphClass> all = new ArrayList<>();
        for (int cp : GlyphsConfig.parseCodePoints(split)) all.add(GlyphClass.of(cp));
        Map<String, List<GlyphClass>> families = GlyphSplits.families(all);
        List<Integer> out = new ArrayList<>();
        for (String f : spec.families()) {
            List<GlyphClass> members = families.get(f);
            if (members == null)
                throw DatasetException.of("No accented family '" + f + "' in the Glyphs fine-grained split", m.location(), m,
                        "pick base letters from: " + String.join(" ", families.keySet()));
            members.forEach(g -> out.add(g.codePoint()));
        }
        return out.stream().mapToInt(Integer::intValue).toArray();
    }

    /** The held-out typefaces: a seeded shuffle, the first round(fraction·n) of it (at least one, never all). */
    static Set<String> heldOut(List<String> typefaces, Spec spec) {
        List<String> order = new ArrayList<>(typefaces);
        Draws.shuffle(order, Seeds.random(spec.seed(), TYPEFACE_STREAM));
        int n = (int) Math.max(1, Math.min(typefaces.size() - 1, Math.round(spec.testTypefaceFraction() * typefaces.size())));
        return new LinkedHashSet<>(order.subList(0, n));
    }

    private static GlyphsConfig renderConfig(GlyphsConfig c, Spec s, int[] cps) {
        return new GlyphsConfig(s.imageSize(), s.emPixels(), s.instancesPerFace(), s.seed(), c.minTypefaces(), c.jitter(), c.fonts(),
                c.candidateRanges(), GlyphsConfig.formatCodePoints(cps), c.splitSeed(), c.homoglyphs(), null);
    }

    /** Renders every (class, drawing face, instance); one task per class, in parallel, assembled in class order. */
    private static RenderedGlyphs[] render(List<LoadedFace> faces, GlyphsConfig c, Spec spec, int[] cps, Set<String> held) {
        int px = spec.imageSize() * spec.imageSize();
        @SuppressWarnings("unchecked") List<byte[]>[][] images = new List[cps.length][2];
        @SuppressWarnings("unchecked") List<Short>[][] faceOf = new List[cps.length][2];
        int[][] typefaceCount = new int[cps.length][2];
        ThreadLocal<Map<Integer, GlyphProbe>> probes = ThreadLocal.withInitial(HashMap::new);
        GlyphSetRenderer.parallel(cps.length, k -> {
            int cp = cps[k];
            List<Set<String>> typefacesSeen = List.of(new java.util.HashSet<>(), new java.util.HashSet<>());
            for (int s = 0; s < 2; s++) { images[k][s] = new ArrayList<>(); faceOf[k][s] = new ArrayList<>(); }
            for (int f = 0; f < faces.size(); f++) {
                LoadedFace face = faces.get(f);
                int ff = f;
                if (probes.get().computeIfAbsent(ff, i -> new GlyphProbe(faces.get(i))).verdict(cp) != GlyphProbe.Verdict.REAL) continue;
                int side = held.contains(face.spec().typeface()) ? 1 : 0;
                typefacesSeen.get(side).add(face.spec().typeface());
                for (int i = 0; i < spec.instancesPerFace(); i++) {
                    Jitter j = c.jitter().draw(Seeds.random(spec.seed(), JITTER_STREAM, cp, f, i));
                    images[k][side].add(GlyphRenderer.render(face, face.glyphCode(cp), spec.emPixels(), j, spec.imageSize()));
                    faceOf[k][side].add((short) face.index());
                }
            }
            for (int s = 0; s < 2; s++) typefaceCount[k][s] = typefacesSeen.get(s).size();
        });
        List<Integer> kept = new ArrayList<>();
        for (int k = 0; k < cps.length; k++)
            if (typefaceCount[k][0] >= spec.minTrainTypefaces() && typefaceCount[k][1] >= 1) kept.add(k);
        int[] keptCps = kept.stream().mapToInt(k -> cps[k]).toArray();
        if (keptCps.length < 2)
            throw new IllegalStateException("Fewer than two diacritic classes are drawn by enough typefaces for " + spec.families()
                    + "; lower minTrainTypefaces or add families");
        RenderedGlyphs[] out = new RenderedGlyphs[2];
        for (int s = 0; s < 2; s++) {
            ByteArrayOutputStream pixels = new ByteArrayOutputStream();
            List<Integer> labels = new ArrayList<>();
            List<Short> fs = new ArrayList<>();
            for (int label = 0; label < kept.size(); label++) {
                int k = kept.get(label);
                for (byte[] img : images[k][s]) { pixels.writeBytes(img); labels.add(label); }
                fs.addAll(faceOf[k][s]);
            }
            byte[] p = pixels.toByteArray();
            int[] y = labels.stream().mapToInt(Integer::intValue).toArray();
            short[] f = new short[fs.size()];
            for (int i = 0; i < f.length; i++) f[i] = fs.get(i);
            out[s] = new RenderedGlyphs(spec.imageSize(), keptCps, y, f, p, RenderedGlyphs.checksum(spec.imageSize(), keptCps, y, p));
            if (p.length != (long) y.length * px) throw new IllegalStateException("rendered sizes disagree");
        }
        return out;
    }
}
