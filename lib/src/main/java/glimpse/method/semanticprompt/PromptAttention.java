package glimpse.method.semanticprompt;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.training.ParameterStore;
import glimpse.data.ClassVectors;
import glimpse.data.ImageSet;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.List;

/**
 * Where the prompt token and the patches attend to each other (arXiv 2303.14123 §3.3, spatial
 * interaction): in the first last-stage block after the prompt enters, in inference mode, averaged
 * over heads, for a few support images each prompted with its own class text.
 *
 * @param images        image indices in the test set
 * @param texts         their class texts
 * @param grid          side of the last stage's patch grid
 * @param patchToPrompt per image, per patch (row-major): the attention weight the patch puts on the prompt
 * @param promptToPatch per image, per patch: the prompt's attention on that patch (the prompt's row, patches only)
 * @param promptToSelf  per image: the prompt's attention on itself
 */
public record PromptAttention(int[] images, List<String> texts, int grid, float[][] patchToPrompt, float[][] promptToPatch,
                              float[] promptToSelf) {

    /** Up to {@code count} images, one per class, of the classes whose text names an accent ("... WITH ..."), else the first classes. */
    public static int[] accentedExamples(ImageSet set, int count) {
        List<Integer> picked = new ArrayList<>();
        for (int c = 0; c < set.classCount() && picked.size() < count; c++)
            if (set.classTexts().get(c).toUpperCase(java.util.Locale.ROOT).contains(" WITH ")) picked.add(set.indicesOfClass(c)[0]);
        for (int c = 0; c < set.classCount() && picked.size() < count; c++)
            if (!picked.contains(set.indicesOfClass(c)[0])) picked.add(set.indicesOfClass(c)[0]);
        return picked.stream().mapToInt(Integer::intValue).toArray();
    }

    /** The attention of {@code net} (spatial interaction on) on {@code images} of {@code set}, each with its class vector. */
    public static PromptAttention of(SpNet net, NDManager parent, ImageSet set, ClassVectors vectors, int[] images) {
        if (!net.config().prompt().spatial()) throw new IllegalArgumentException("no prompt token without the spatial interaction");
        try (NDManager m = parent.newSubManager()) {
            ParameterStore ps = new ParameterStore(m, false);
            int[] classes = new int[images.length];
            List<String> texts = new ArrayList<>();
            for (int i = 0; i < images.length; i++) {
                classes[i] = set.label(images[i]);
                texts.add(set.classTexts().get(classes[i]));
            }
            int block = net.config().beforeBlock();
            NDArray tokens = net.visformer().lastStageInput(ps, set.toTensor(m, images), block, false);
            NDArray prompted = net.semanticPrompt().forward(ps, new NDList(tokens, vectors.rows(m, classes)), false).head();
            NDArray w = net.visformer().lastStage().get(block).attentionWeights(ps, prompted, null).mean(new int[] {1});   // (B, T+1, T+1)
            long t = w.getShape().get(1) - 1;
            float[][] toPrompt = SpScoring.rows(w.get(new NDIndex(":, 0:{}, {}", t, t)));
            float[][] fromPrompt = SpScoring.rows(w.get(new NDIndex(":, {}, 0:{}", t, t)));
            float[] self = w.get(new NDIndex(":, {}, {}", t, t)).toFloatArray();
            return new PromptAttention(images, texts, (int) Math.round(Math.sqrt(t)), toPrompt, fromPrompt, self);
        }
    }

    /**
     * One row per image: the image, then red overlays of patch → prompt and prompt → patches
     * (opacity relative to the row's largest weight), labelled with the class text.
     */
    public BufferedImage figure(ImageSet set, int scale) {
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
                if (col > 0) overlay(g, col == 1 ? patchToPrompt[r] : promptToPatch[r], x, y, w, h);
            }
            g.setColor(Color.BLACK);
            g.drawString(texts.get(r).toLowerCase(java.util.Locale.ROOT) + String.format("  (prompt → itself %.0f%%)", 100 * promptToSelf[r]),
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

    private void overlay(Graphics2D g, float[] map, int x, int y, int w, int h) {
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
