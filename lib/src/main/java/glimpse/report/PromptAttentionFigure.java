package glimpse.report;

import glimpse.data.ImageSet;
import glimpse.method.semanticprompt.PromptAttention;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.util.List;

/** The picture of a {@link PromptAttention}: where the prompt token and the patches attend to each other (arXiv 2303.14123 §3.3). */
public final class PromptAttentionFigure {
    private PromptAttentionFigure() {}

    /**
     * One row per image: the image, then red overlays of patch → prompt and prompt → patches
     * (opacity relative to the row's largest weight), labelled with the class text.
     */
    public static BufferedImage draw(PromptAttention look, ImageSet set, int scale) {
        int[] images = look.images();
        List<String> texts = look.texts();
        int h = set.height() * scale, w = set.width() * scale, label = 14, pad = 6;
        BufferedImage out = new BufferedImage(pad + 3 * (w + pad), images.length * (h + label + pad) + pad + label, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = out.createGraphics();
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, out.getWidth(), out.getHeight());
        g.setColor(Color.BLACK);
        g.drawString("image", pad, label - 2);
        g.drawString("patch → prompt", pad + w + pad, label - 2);
        g.drawString("prompt → patch", pad + 2 * (w + pad), label - 2);
        for (int r = 0; r < images.length; r++) {
            int y = label + pad + r * (h + label + pad);
            BufferedImage img = picture(set, images[r], scale);
            for (int col = 0; col < 3; col++) {
                int x = pad + col * (w + pad);
                g.drawImage(img, x, y, null);
                if (col > 0) overlay(g, col == 1 ? look.patchToPrompt()[r] : look.promptToPatch()[r], look.grid(), x, y, w, h);
            }
            g.setColor(Color.BLACK);
            g.drawString(texts.get(r).toLowerCase(java.util.Locale.ROOT) + String.format("  (prompt → itself %.0f%%)", 100 * look.promptToSelf()[r]),
                    pad, y + h + label - 2);
        }
        g.dispose();
        return out;
    }

    /** The image upscaled by pixel replication (grey, or RGB for three channels). */
    private static BufferedImage picture(ImageSet set, int index, int scale) {
        BufferedImage img = new BufferedImage(set.width() * scale, set.height() * scale, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < img.getHeight(); y++)
            for (int x = 0; x < img.getWidth(); x++) {
                int r = set.pixel(index, 0, y / scale, x / scale);
                int gr = set.channels() == 3 ? set.pixel(index, 1, y / scale, x / scale) : r;
                int b = set.channels() == 3 ? set.pixel(index, 2, y / scale, x / scale) : r;
                img.setRGB(x, y, (r << 16) | (gr << 8) | b);
            }
        return img;
    }

    private static void overlay(Graphics2D g, float[] map, int grid, int x, int y, int w, int h) {
        float max = 0;
        for (float v : map) max = Math.max(max, v);
        for (int p = 0; p < map.length; p++) {
            int gy = p / grid, gx = p % grid;
            int x0 = x + gx * w / grid, x1 = x + (gx + 1) * w / grid, y0 = y + gy * h / grid, y1 = y + (gy + 1) * h / grid;
            g.setColor(new Color(1f, 0f, 0f, max > 0 ? 0.75f * map[p] / max : 0f));
            g.fillRect(x0, y0, x1 - x0, y1 - y0);
        }
    }
}
