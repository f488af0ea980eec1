package glimpse.method.tasn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.training.ParameterStore;
import glimpse.data.ImageSet;
import glimpse.data.sampling.Seeds;

import java.util.ArrayList;
import java.util.List;

/**
 * What a trained TASN looks at, as plain arrays (stored with a result as JSON; drawn by
 * {@code glimpse.report.TasnViews}, outside the fingerprinted code, so a change of the picture does not
 * recompute results): for a few letters
 * the original, the structure map, the uniformly resized image, the structure-sampled image, one
 * drawn detail map and its detail-sampled image; the first letter's attention maps; and the
 * sampler's vertical and horizontal zoom over many images. The sampled images are shown enlarged
 * to the original's size (nearest neighbour), so a region the sampler enlarges looks larger than in
 * the uniform column.
 *
 * @param size        the original's side H (= W)
 * @param out         the sampler's output side
 * @param names       each letter's class name
 * @param panels      per letter, the six panels of {@link #COLUMNS} as 8-bit grayscale in Base64 (size² or out² pixels)
 * @param maps        the first letter's first attention maps (each h × w, scaled to max 1, 8-bit Base64)
 * @param mapSide     h (= w) of the attention maps
 * @param rowZoom     per band of input rows (top to bottom), the structure sampler's output rows per input row ÷ out/size (1 = uniform)
 * @param columnZoom  the same over bands of input columns (left to right)
 * @param zoomImages  images behind the zoom profiles
 */
public record TasnInspection(int size, int out, List<String> names, List<List<String>> panels, List<String> maps, int mapSide,
                        double[] rowZoom, double[] columnZoom, int zoomImages) {

    /** The panels of each image, in order. */
    public static final List<String> COLUMNS = List.of("original", "structure map", "uniform", "structure-sampled", "detail map", "detail-sampled");

    /**
     * The views of the first image of each of the first {@code letters} classes, the first letter's
     * first {@code mapCount} maps, and the zoom profile (in {@code bands} bands) over the first
     * {@code zoomImages} images; {@code seed} draws the detail maps.
     */
    public static TasnInspection of(NDManager manager, Tasn net, ImageSet images, int letters, int mapCount, int zoomImages, int bands, long seed) {
        if (images.height() != images.width()) throw new IllegalArgumentException("square images only, got " + images.height() + "×" + images.width());
        try (NDManager m = manager.newSubManager()) {
            ParameterStore ps = new ParameterStore(m, false);
            int k = Math.min(letters, images.classCount());
            int[] chosen = new int[k];
            List<String> names = new ArrayList<>();
            for (int i = 0; i < k; i++) {   // classes spread over the label range: several families
                int c = (int) ((long) i * images.classCount() / k);
                chosen[i] = images.indicesOfClass(c)[0];
                names.add(images.classNames().get(c));
            }
            NDArray original = images.toTensor(m, chosen);
            Tasn.Views v = net.views(ps, original, Seeds.random(seed, TasnLoss.DETAIL_MAP_STREAM, -1));
            int size = images.height(), out = net.config().sampler().out();
            List<List<String>> panels = new ArrayList<>();
            for (int i = 0; i < k; i++)
                panels.add(List.of(
                        bytes(firstChannel(original, i)), bytes(scaled(v.structureMap().get(i).toFloatArray())),
                        bytes(firstChannel(v.uniform(), i)), bytes(firstChannel(v.structure(), i)),
                        bytes(scaled(v.detailMap().get(i).toFloatArray())), bytes(firstChannel(v.detail(), i))));
            int mapSide = (int) v.maps().getShape().get(2);
            List<String> maps = new ArrayList<>();
            for (int c = 0; c < Math.min(mapCount, v.maps().getShape().get(1)); c++) maps.add(bytes(scaled(v.maps().get(0, c).toFloatArray())));
            double[][] zoom = zoom(m, net, images, Math.min(zoomImages, images.size()), bands);
            return new TasnInspection(size, out, names, panels, maps, mapSide, zoom[0], zoom[1], Math.min(zoomImages, images.size()));
        }
    }

    /** Mean over images of the structure grid's output rows (columns) landing in each input band, ÷ the uniform count. */
    public static double[][] zoom(NDManager m, Tasn net, ImageSet images, int n, int bands) {
        int size = images.height(), out = net.config().sampler().out();
        double[][] counts = new double[2][bands];
        ParameterStore ps = new ParameterStore(m, false);
        for (int from = 0; from < n; from += 64) {
            int[] idx = java.util.stream.IntStream.range(from, Math.min(n, from + 64)).toArray();
            try (NDManager batch = m.newSubManager()) {
                NDArray x = images.toTensor(batch, idx);
                Tasn.Views v = net.views(ps, x, Seeds.random(0, TasnLoss.DETAIL_MAP_STREAM, -2));
                // the grid the model samples with: the structure map's, or the uniform one in the baseline
                NDArray attention = net.config().sampling() == Tasn.Sampling.UNIFORM ? v.structureMap().onesLike() : v.structureMap();
                float[] grid = net.config().sampler().grid(attention).toFloatArray();   // (b, out, out, 2): x, y
                for (int b = 0; b < idx.length; b++)
                    for (int i = 0; i < out; i++) {
                        counts[0][band(grid[2 * ((b * out + i) * out) + 1], size, bands)]++;    // row i's y (column 0)
                        counts[1][band(grid[2 * (b * out * out + i)], size, bands)]++;          // column i's x (row 0)
                    }
            }
        }
        double uniform = (double) n * out / bands;
        for (double[] c : counts) for (int k = 0; k < bands; k++) c[k] /= uniform;
        return counts;
    }

    /** The band of a grid coordinate in [−1, 1] (align-corners over size pixels). */
    public static int band(float g, int size, int bands) {
        double p = (g + 1) / 2 * (size - 1);
        return (int) Math.max(0, Math.min(bands - 1, Math.floor(p / size * bands)));
    }

    private static float[] firstChannel(NDArray images, int i) { return images.get(i, 0).toFloatArray(); }

    /** Scaled to max 1 (all zero stays zero). */
    static float[] scaled(float[] a) {
        float max = 0;
        for (float v : a) max = Math.max(max, v);
        float[] o = new float[a.length];
        for (int i = 0; i < a.length; i++) o[i] = max > 0 ? a[i] / max : 0;
        return o;
    }

    /** [0, 1] → 8-bit grayscale, Base64. */
    static String bytes(float[] img) {
        byte[] b = new byte[img.length];
        for (int p = 0; p < img.length; p++) b[p] = (byte) Math.round(255 * Math.max(0, Math.min(1, img[p])));
        return java.util.Base64.getEncoder().encodeToString(b);
    }

}
