package glimpse.data.glyphs;

import glimpse.data.Dataset;
import glimpse.data.Datasets;
import glimpse.data.ImageSet;
import glimpse.data.sampling.Draws;
import glimpse.data.sampling.Seeds;

import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The Glyphs benchmark for notebooks: loading, the class metadata behind each split's labels, and
 * two pictures (a classes × instances grid, an accented family side by side).
 */
public final class Glyphs {
    private Glyphs() {}

    public static final String ID = "glyphs";

    /** {@code Datasets.load("glyphs")}: splits all, base, val, novel, latin, greek-cyrillic, fine-grained. */
    public static Dataset load() { return Datasets.load(ID); }

    /** The metadata of each class of a Glyphs split, in label order. */
    public static List<GlyphClass> classes(ImageSet set) {
        List<GlyphClass> out = new ArrayList<>();
        for (String name : set.classNames()) out.add(GlyphClass.of(name.codePointAt(0)));
        return out;
    }

    /** Families of a split: base letter → the labels of its members (base letter first if present). */
    public static Map<String, int[]> families(ImageSet set) {
        List<GlyphClass> classes = classes(set);
        Map<Integer, Integer> labelOf = new LinkedHashMap<>();
        for (int i = 0; i < classes.size(); i++) labelOf.put(classes.get(i).codePoint(), i);
        Map<String, int[]> out = new LinkedHashMap<>();
        GlyphSplits.families(classes).forEach((base, members) ->
                out.put(base, members.stream().mapToInt(g -> labelOf.get(g.codePoint())).toArray()));
        return out;
    }

    /**
     * A grid with one row per class ({@code classCount} classes drawn with {@code seed}) and its
     * first {@code instances} images across.
     */
    public static BufferedImage sampleGrid(ImageSet set, int classCount, int instances, long seed) {
        List<Integer> labels = new ArrayList<>();
        for (int c = 0; c < set.classCount(); c++) labels.add(c);
        Draws.shuffle(labels, Seeds.plain(seed));
        int[][] cells = new int[Math.min(classCount, labels.size())][];
        for (int r = 0; r < cells.length; r++) cells[r] = firstOfClass(set, labels.get(r), instances);
        return tile(set, cells);
    }

    /**
     * An accented family side by side: one column per member of the family of {@code baseLetter}
     * (e.g. "e": e é è ê ë ē ĕ ė ę ě ...), {@code instances} rows of its images.
     */
    public static BufferedImage familyStrip(ImageSet set, String baseLetter, int instances) {
        int[] members = families(set).get(baseLetter);
        if (members == null) throw new IllegalArgumentException("No family '" + baseLetter + "' in " + set.name());
        int[][] cells = new int[instances][members.length];
        for (int col = 0; col < members.length; col++) {
            int[] imgs = firstOfClass(set, members[col], instances);
            for (int r = 0; r < instances; r++) cells[r][col] = r < imgs.length ? imgs[r] : -1;
        }
        return tile(set, cells);
    }

    /** Images at the given indices (-1 = blank) as a grid with 2-pixel grey gaps, white ink on black. */
    public static BufferedImage tile(ImageSet set, int[][] indices) {
        int h = set.height(), w = set.width(), gap = 2;
        int cols = Arrays.stream(indices).mapToInt(r -> r.length).max().orElse(0);
        BufferedImage img = new BufferedImage(Math.max(1, cols * (w + gap) + gap), Math.max(1, indices.length * (h + gap) + gap),
                BufferedImage.TYPE_BYTE_GRAY);
        byte[] out = ((java.awt.image.DataBufferByte) img.getRaster().getDataBuffer()).getData();
        Arrays.fill(out, (byte) 96);
        int stride = img.getWidth();
        for (int r = 0; r < indices.length; r++) {
            for (int c = 0; c < indices[r].length; c++) {
                int k = indices[r][c], x0 = gap + c * (w + gap), y0 = gap + r * (h + gap);
                for (int y = 0; y < h; y++) {
                    for (int x = 0; x < w; x++) out[(y0 + y) * stride + x0 + x] = k < 0 ? 0 : (byte) set.pixel(k, 0, y, x);
                }
            }
        }
        return img;
    }

    private static int[] firstOfClass(ImageSet set, int label, int n) {
        int[] all = set.indicesOfClass(label);
        return Arrays.copyOf(all, Math.min(n, all.length));
    }
}
