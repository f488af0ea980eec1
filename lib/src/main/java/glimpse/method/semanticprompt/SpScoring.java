package glimpse.method.semanticprompt;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.training.ParameterStore;
import glimpse.data.Augment;
import glimpse.data.ClassVectors;
import glimpse.data.ImageSet;
import glimpse.data.sampling.Episode;
import glimpse.data.sampling.Seeds;
import glimpse.fewshot.EvaluationVariant;
import glimpse.fewshot.FewShotScoring;
import glimpse.fewshot.FewShotOutcome.ShotResult;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Semantic Prompt's test protocol (arXiv 2303.14123 §4.1, official test code) on saved episodes,
 * BatchNorm in inference mode: queries through the plain backbone (cached per image), supports
 * encoded per episode with their class texts; then 1-shot, the nearest cosine prototype; K &gt; 1,
 * logistic regression (liblinear, L2, C, one-vs-rest — see {@link SupportClassifiers}) on the
 * L2-normalised features of every support seen in {@code views} views — the image itself and
 * {@code views − 1} augmentations, each with its class prompt — queries L2-normalised too.
 *
 * <p>The views are drawn from the protocol's seed, the shot count and the episode's index, so every
 * model sees the same augmented supports and paired differences stay paired. Named variants on
 * the same episodes: {@link #NEAREST} (nearest prototype at every K, the image itself only) and
 * {@link SpMethod#PROMPT_OFF} (the same trained SP network encoding its supports without a text).
 */
public final class SpScoring {
    private SpScoring() {}

    /** Semantic Prompt's evaluation variants (the pipeline of {@link SemanticPromptExperiment} scores them). */
    public enum Variant implements EvaluationVariant {
        /** Nearest prototype at every K, the image itself only. */
        NEAREST("nearest prototype"),
        /** The same trained SP network encoding its supports without a text. */
        PROMPT_OFF("prompt off");

        private final String label;
        Variant(String label) { this.label = label; }
        @Override public String label() { return label; }
    }

    /** {@link Variant#NEAREST}. */
    public static final EvaluationVariant NEAREST = Variant.NEAREST;

    /**
     * @param views       views per support for the regression (official: 10; 1 = the image only)
     * @param viewAugment how views 2.. are drawn (official: random resized crop and flip)
     * @param c           the regression's inverse regularisation strength (official: 1)
     */
    public record Protocol(int views, Augment viewAugment, double c) {
        public Protocol {
            if (views < 1) throw new IllegalArgumentException("at least one view per support, not " + views);
        }
        /** Ten views — the image and 9 crops of ≥ 35 % of its area without flips (a mirrored glyph is often another letter) — C = 1. */
        public static Protocol glyphSafe() { return glyphSafe(10); }
        /** The same with {@code views} views per support (fewer views: a cheaper test on a CPU). */
        public static Protocol glyphSafe(int views) { return new Protocol(views, Augment.none().withCropArea(0.35, 1), 1.0); }
    }

    /** Support features (n, d) of images (n, C, H, W) whose episode classes are {@code classIds}. */
    interface SupportEncoder { NDArray encode(ParameterStore ps, NDArray images, int[] classIds); }

    /** Per shot count, the headline accuracies; per requested variant, its accuracies on the same episodes. */
    public record Scores(List<ShotResult> results, Map<String, List<ShotResult>> variants) {}

    public static Scores evaluate(NDManager parent, SpNet net, boolean prompted, ImageSet test, ClassVectors vectors,
                                  Map<Integer, List<Episode>> episodes, long seed, Protocol protocol, List<EvaluationVariant> variantNames) {
        for (EvaluationVariant v : variantNames)
            if (v != NEAREST && !(v == SpMethod.PROMPT_OFF && prompted))
                throw new IllegalArgumentException("no evaluation variant '" + v.label() + "' for " + (prompted ? "SP" : "the baseline") + "; have "
                        + (prompted ? List.of(NEAREST.label(), SpMethod.PROMPT_OFF.label()) : List.of(NEAREST.label())));
        try (NDManager m = parent.newSubManager()) {
            ParameterStore ps = new ParameterStore(m, false);
            List<Episode> every = new ArrayList<>();
            episodes.values().forEach(every::addAll);
            int[] used = FewShotScoring.usedImages(test, every);
            float[][] queryFeatures = new float[test.size()][];
            for (int from = 0; from < used.length; from += 256) {
                int[] idx = java.util.Arrays.copyOfRange(used, from, Math.min(used.length, from + 256));
                try (NDManager b = m.newSubManager()) {
                    float[][] f = rows(net.encodeQuery(ps, test.toTensor(b, idx), false));
                    for (int i = 0; i < idx.length; i++) queryFeatures[idx[i]] = f[i];
                }
            }
            SupportEncoder plain = (p, images, ids) -> net.backbone().forward(p, new NDList(images), false).singletonOrThrow();
            SupportEncoder withText = (p, images, ids) -> net.encodeWithText(p, images, vectors.rows(images.getManager(), ids), false);
            SupportEncoder headline = prompted ? withText : plain;
            List<ShotResult> results = new ArrayList<>();
            Map<String, List<ShotResult>> variants = new LinkedHashMap<>();
            for (EvaluationVariant v : variantNames) variants.put(v.label(), new ArrayList<>());
            for (var entry : episodes.entrySet()) {
                int k = entry.getKey();
                List<Episode> list = entry.getValue();
                double[] acc = new double[list.size()], nearest = new double[list.size()], off = new double[list.size()];
                for (int i = 0; i < list.size(); i++) {
                    Episode e = list.get(i);
                    try (NDManager step = m.newSubManager()) {
                        acc[i] = score(ps, step, test, e, queryFeatures, headline, k > 1, seed, k, i, protocol);
                        if (variants.containsKey(NEAREST.label()))
                            nearest[i] = k > 1 ? score(ps, step, test, e, queryFeatures, headline, false, seed, k, i, protocol) : acc[i];
                        if (variants.containsKey(SpMethod.PROMPT_OFF.label()))
                            off[i] = score(ps, step, test, e, queryFeatures, plain, k > 1, seed, k, i, protocol);
                    }
                }
                results.add(new ShotResult(k, acc));
                if (variants.containsKey(NEAREST.label())) variants.get(NEAREST.label()).add(new ShotResult(k, nearest));
                if (variants.containsKey(SpMethod.PROMPT_OFF.label())) variants.get(SpMethod.PROMPT_OFF.label()).add(new ShotResult(k, off));
            }
            return new Scores(results, variants);
        }
    }

    /** Query accuracy of one episode: logistic regression over the views, or the nearest prototype of the supports themselves. */
    static double score(ParameterStore ps, NDManager step, ImageSet set, Episode e, float[][] queryFeatures, SupportEncoder encoder,
                        boolean logistic, long seed, int shots, int index, Protocol protocol) {
        int views = logistic ? protocol.views() : 1;
        int[] support = e.support(), labels = new int[support.length * views], ids = new int[labels.length];
        for (int v = 0; v < views; v++)
            for (int s = 0; s < support.length; s++) {
                labels[v * support.length + s] = e.supportLabels()[s];
                ids[v * support.length + s] = e.classes()[e.supportLabels()[s]];
            }
        NDArray images = views(step, set, support, views, protocol.viewAugment(), Seeds.plain(Seeds.mix(seed, shots, index)));
        float[][] fs = rows(encoder.encode(ps, images, ids));
        float[][] fq = new float[e.query().length][];
        for (int q = 0; q < fq.length; q++) fq[q] = queryFeatures[e.query()[q]];
        int[] predicted = logistic ? SupportClassifiers.logisticRegression(fs, labels, e.ways(), fq, protocol.c())
                : SupportClassifiers.nearestPrototype(fs, labels, e.ways(), fq);
        int correct = 0;
        for (int q = 0; q < fq.length; q++) if (predicted[q] == e.queryLabels()[q]) correct++;
        return correct / (double) fq.length;
    }

    /** The supports themselves, then {@code views − 1} rounds of one augmented copy of each: (views·n, C, H, W). */
    static NDArray views(NDManager m, ImageSet set, int[] support, int views, Augment augment, java.util.Random rng) {
        NDArray first = set.toTensor(m, support);
        if (views == 1) return first;
        NDList parts = new NDList(first);
        for (int v = 1; v < views; v++) parts.add(augment.tensor(m, set, support, rng));
        return ai.djl.ndarray.NDArrays.concat(parts);
    }

    static float[][] rows(NDArray features) {
        int n = Math.toIntExact(features.getShape().get(0)), d = Math.toIntExact(features.getShape().get(1));
        float[] flat = features.toFloatArray();
        float[][] out = new float[n][d];
        for (int i = 0; i < n; i++) System.arraycopy(flat, i * d, out[i], 0, d);
        return out;
    }
}
