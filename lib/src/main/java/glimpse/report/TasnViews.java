package glimpse.report;

import glimpse.classification.ClassificationResult;
import glimpse.data.ImageSet;
import glimpse.method.tasn.TasnInspection;

import java.util.ArrayList;
import java.util.List;

/**
 * The pictures of what a trained TASN looks at ({@link TasnInspection}, stored with its result): per
 * image the six panels of {@link #COLUMNS}, the sampled images enlarged to the original's size
 * (nearest neighbour) so a region the sampler enlarges looks larger than in the uniform column; the
 * first image's attention maps; the sampler's zoom profiles; and small summaries for the notebook.
 * Rendering only: it lives outside the fingerprinted packages, so changing a picture keeps cached results.
 */
public record TasnViews(TasnInspection inspection) {

    public static final List<String> COLUMNS = TasnInspection.COLUMNS;

    /** The views stored with a TASN result (its first seed). */
    public static TasnViews of(ClassificationResult r) { return new TasnViews(r.inspection(TasnInspection.class)); }

    public List<String> names() { return inspection.names(); }
    public List<String> maps() { return inspection.maps(); }
    public double[] rowZoom() { return inspection.rowZoom(); }
    public double[] columnZoom() { return inspection.columnZoom(); }
    public int zoomImages() { return inspection.zoomImages(); }

    /** Means of the upper, middle and lower third of a zoom profile's bands (the last third takes any remainder). */
    public static double[] thirds(double[] zoom) {
        int n = zoom.length, a = n / 3, b = 2 * n / 3;
        if (a == 0) throw new IllegalArgumentException("need at least 3 bands, got " + n);
        return new double[] {mean(zoom, 0, a), mean(zoom, a, b), mean(zoom, b, n)};
    }

    /** Means over consecutive windows of {@code window} values (the last window may be shorter): a loss curve without step noise. */
    public static double[] windowMeans(float[] values, int window) {
        if (window < 1) throw new IllegalArgumentException("window must be at least 1, not " + window);
        double[] out = new double[(values.length + window - 1) / window];
        for (int w = 0; w < out.length; w++) {
            int from = w * window, to = Math.min(values.length, from + window);
            double sum = 0;
            for (int i = from; i < to; i++) sum += values[i];
            out[w] = sum / (to - from);
        }
        return out;
    }

    private static double mean(double[] a, int from, int to) {
        double s = 0;
        for (int i = from; i < to; i++) s += a[i];
        return s / (to - from);
    }

    /** A side × side image enlarged to size × size by nearest neighbour. */
    static byte[] enlarge(byte[] img, int side, int size) {
        if (side == size) return img;
        byte[] o = new byte[size * size];
        for (int y = 0; y < size; y++)
            for (int x = 0; x < size; x++) o[y * size + x] = img[(y * side / size) * side + x * side / size];
        return o;
    }

    /** Every panel at the original's size (sampled images enlarged), letter by letter, for {@code Figures.imageGrid}. */
    public ImageSet panelSet() {
        List<byte[]> all = new ArrayList<>();
        int size = inspection.size(), out = inspection.out();
        for (List<String> letter : inspection.panels())
            for (String p : letter) {
                byte[] b = java.util.Base64.getDecoder().decode(p);
                all.add(enlarge(b, b.length == size * size ? size : out, size));
            }
        return toSet("tasn-views", all, size);
    }

    /** Rows of {@link #panelSet()} indices, one per letter. */
    public int[][] panelRows() {
        int[][] rows = new int[inspection.panels().size()][COLUMNS.size()];
        for (int r = 0; r < rows.length; r++) for (int c = 0; c < COLUMNS.size(); c++) rows[r][c] = r * COLUMNS.size() + c;
        return rows;
    }

    /** The first letter's attention maps as a grayscale image set (one row in {@code Figures.imageGrid}). */
    public ImageSet mapSet() { return toSet("tasn-maps", maps().stream().map(java.util.Base64.getDecoder()::decode).toList(), inspection.mapSide()); }

    private static ImageSet toSet(String name, List<byte[]> images, int side) {
        byte[] px = new byte[images.size() * side * side];
        for (int i = 0; i < images.size(); i++) System.arraycopy(images.get(i), 0, px, i * side * side, side * side);
        return new ImageSet(name, 1, side, side, px, new int[images.size()], List.of("view"), List.of("view"));
    }
}
