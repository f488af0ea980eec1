package glimpse.method.semanticprompt;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.training.ParameterStore;
import glimpse.data.ClassVectors;
import glimpse.data.ImageSet;

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
 *
 * <p>The picture of it is {@code glimpse.report.PromptAttentionFigure} (rendering stays out of the
 * fingerprinted computing packages).
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
}
