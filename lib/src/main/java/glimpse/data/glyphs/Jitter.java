package glimpse.data.glyphs;

import java.util.SplittableRandom;
import io.soabase.recordbuilder.core.RecordBuilder;

/**
 * The small affine distortion and stroke thickening of one rendered instance.
 *
 * @param scale           uniform scale of the glyph (1 = the set's em size)
 * @param rotationRadians rotation about the glyph origin, positive clockwise on screen
 * @param shear           horizontal shear (x += shear·y)
 * @param dx              horizontal shift of the ink centre from the image centre, pixels
 * @param dy              vertical shift, pixels
 * @param extraStroke     width of an outline stroke drawn over the filled glyph (0 = none): bolder strokes
 */
public record Jitter(double scale, double rotationRadians, double shear, int dx, int dy, float extraStroke) {
    public static final Jitter NONE = new Jitter(1, 0, 0, 0, 0, 0);

    /** The ranges instances are drawn from (the manifest's {@code options.jitter}). */
    @RecordBuilder
    public record Spec(double minScale, double maxScale, double maxRotationDegrees, double maxShear,
                       int maxTranslatePixels, double extraStrokeProbability, double maxExtraStroke) implements JitterSpecBuilder.With {
        public Spec {
            if (!(minScale > 0 && minScale <= maxScale)) throw new IllegalArgumentException("need 0 < minScale <= maxScale");
            if (maxTranslatePixels < 0 || maxTranslatePixels > GlyphRenderer.MARGIN - 1)
                throw new IllegalArgumentException("maxTranslatePixels must be in 0.." + (GlyphRenderer.MARGIN - 1));
        }

        /** One draw; the order of draws is part of the set's definition (changing it changes the checksum). */
        public Jitter draw(SplittableRandom r) {
            double scale = minScale + (maxScale - minScale) * r.nextDouble();
            double rot = Math.toRadians(maxRotationDegrees * (2 * r.nextDouble() - 1));
            double shear = maxShear * (2 * r.nextDouble() - 1);
            int dx = r.nextInt(-maxTranslatePixels, maxTranslatePixels + 1);
            int dy = r.nextInt(-maxTranslatePixels, maxTranslatePixels + 1);
            boolean stroke = r.nextDouble() < extraStrokeProbability;
            double width = maxExtraStroke * r.nextDouble();
            return new Jitter(scale, rot, shear, dx, dy, stroke ? (float) width : 0f);
        }
    }
}
