package glimpse.data.glyphs;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.Shape;
import java.awt.geom.AffineTransform;
import java.awt.geom.Rectangle2D;
import java.awt.image.BufferedImage;
import java.awt.image.DataBufferByte;

/**
 * Draws one glyph as a size×size grayscale image, white ink (255) on black, centred by its ink
 * bounding box. The glyph is drawn from its outline (not as text), so nothing but the font's own
 * outline and Java2D's antialiased rasteriser is involved, and the same inputs give the same bytes.
 */
public final class GlyphRenderer {
    private GlyphRenderer() {}

    static {
        Headless.ensure();
    }

    /** Border kept free of ink before the translation jitter; also bounds that jitter. */
    static final int MARGIN = 4;
    /** Extra canvas around the image so the ink can be re-centred after rasterising. */
    private static final int PAD = 8;

    /**
     * @param emPixels the em size in pixels before the jitter's scale; a glyph that would not fit
     *                 inside the margin is shrunk to fit (only very wide or tall glyphs are)
     */
    public static byte[] render(LoadedFace face, int glyphCode, double emPixels, Jitter j, int size) {
        Shape outline = face.outline(glyphCode, emPixels);
        AffineTransform t = new AffineTransform();
        t.rotate(j.rotationRadians());
        t.shear(j.shear(), 0);
        t.scale(j.scale(), j.scale());
        Shape s = t.createTransformedShape(outline);
        Rectangle2D b = s.getBounds2D();
        byte[] out = new byte[size * size];
        if (b.isEmpty()) return out;

        double avail = size - 2.0 * MARGIN - j.extraStroke();
        double extent = Math.max(b.getWidth(), b.getHeight());
        double fit = extent > avail ? avail / extent : 1.0;
        int canvas = size + 2 * PAD;
        AffineTransform place = new AffineTransform();
        place.translate(canvas / 2.0, canvas / 2.0);
        place.scale(fit, fit);
        place.translate(-b.getCenterX(), -b.getCenterY());
        Shape placed = place.createTransformedShape(s);

        BufferedImage img = new BufferedImage(canvas, canvas, BufferedImage.TYPE_BYTE_GRAY);
        Graphics2D g = img.createGraphics();
        try {
            g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
            g.setRenderingHint(RenderingHints.KEY_RENDERING, RenderingHints.VALUE_RENDER_QUALITY);
            g.setRenderingHint(RenderingHints.KEY_STROKE_CONTROL, RenderingHints.VALUE_STROKE_PURE);
            g.setColor(Color.WHITE);
            g.fill(placed);
            if (j.extraStroke() > 0) {
                g.setStroke(new BasicStroke(j.extraStroke(), BasicStroke.CAP_ROUND, BasicStroke.JOIN_ROUND));
                g.draw(placed);
            }
        } finally {
            g.dispose();
        }
        byte[] px = ((DataBufferByte) img.getRaster().getDataBuffer()).getData();

        int minX = canvas, minY = canvas, maxX = -1, maxY = -1;
        for (int y = 0; y < canvas; y++) {
            int row = y * canvas;
            for (int x = 0; x < canvas; x++) {
                if (px[row + x] != 0) {
                    if (x < minX) minX = x;
                    if (x > maxX) maxX = x;
                    if (y < minY) minY = y;
                    if (y > maxY) maxY = y;
                }
            }
        }
        if (maxX < 0) return out;
        // top-left of the window whose centre is the ink centre shifted by (dx, dy)
        int ox = (int) Math.floor((minX + maxX - (size - 1)) / 2.0) - j.dx();
        int oy = (int) Math.floor((minY + maxY - (size - 1)) / 2.0) - j.dy();
        for (int y = 0; y < size; y++) {
            int sy = y + oy;
            if (sy < 0 || sy >= canvas) continue;
            for (int x = 0; x < size; x++) {
                int sx = x + ox;
                if (sx >= 0 && sx < canvas) out[y * size + x] = px[sy * canvas + sx];
            }
        }
        return out;
    }

    /** Total ink (sum of pixel values). */
    static long ink(byte[] img) {
        long s = 0;
        for (byte b : img) s += b & 0xff;
        return s;
    }

    /**
     * How different two same-sized renderings are: the summed absolute pixel difference over the
     * larger of the two inks, 0 for identical images, about 2 for images with no ink in common.
     */
    static double distance(byte[] a, byte[] b) {
        long diff = 0, ia = 0, ib = 0;
        for (int i = 0; i < a.length; i++) {
            int x = a[i] & 0xff, y = b[i] & 0xff;
            diff += Math.abs(x - y);
            ia += x;
            ib += y;
        }
        long m = Math.max(ia, ib);
        return m == 0 ? 0 : (double) diff / m;
    }
}
