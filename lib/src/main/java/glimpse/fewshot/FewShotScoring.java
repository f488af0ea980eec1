package glimpse.fewshot;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.training.ParameterStore;
import glimpse.data.ClassVectors;
import glimpse.data.ImageInput;
import glimpse.data.ImageSet;
import glimpse.data.sampling.Episode;

import java.util.List;

/**
 * Scores an episodic model on a fixed list of test episodes: one accuracy per episode (fraction of
 * its queries classified correctly), so that two methods scored on the same list can be compared
 * episode by episode ({@link MeanCi#pairedDifference}).
 *
 * <p>In inference mode BatchNorm uses its running statistics, so an image's backbone features do
 * not depend on the episode it is in: the backbone runs once over the images the episodes use, and
 * each episode only gathers its rows and runs the method's head (supports are encoded per episode
 * for a model whose support features depend on the episode). This gives the same logits as the
 * model's full forward (tested) at a fraction of the cost for 600+ episodes.
 */
public final class FewShotScoring {
    private FewShotScoring() {}

    /** Per-episode query accuracy of {@code model} on {@code episodes} drawn from {@code set}. */
    public static double[] accuracies(EpisodicModel model, NDManager manager, ImageSet set, List<Episode> episodes) {
        try (Features f = Features.of(model, manager, set, usedImages(set, episodes), null)) {
            return f.accuracies(episodes);
        }
    }

    /** Receives each episode's logits (valid only during the call). */
    interface LogitsVisitor { void visit(int episode, NDArray logits); }

    /**
     * Features (inference mode) of some images of a set, computed once and shared by every episode
     * list scored with them (e.g. 1-, 5- and 10-shot episodes of the same split). Query features
     * are always per image ({@link EpisodicModel#encodeQuery} never sees the episode); support
     * features too, unless the model says they depend on the episode
     * ({@link EpisodicModel#supportDependsOnEpisode}), in which case each episode encodes its
     * supports with its class ids and class vectors.
     */
    public static final class Features implements AutoCloseable {
        private final EpisodicModel model;
        private final NDManager manager;
        private final ParameterStore ps;
        private final ImageSet set;
        private final ClassVectors classVectors;
        private final ImageInput input;
        private final NDArray features;
        private final int[] row;

        private Features(EpisodicModel model, NDManager manager, ImageSet set, ClassVectors classVectors, ImageInput input, NDArray features, int[] row) {
            this.model = model; this.manager = manager; this.set = set; this.classVectors = classVectors; this.input = input;
            this.features = features; this.row = row;
            this.ps = new ParameterStore(manager, false);
        }

        /** Features of every image of {@code set}. */
        public static Features of(EpisodicModel model, NDManager parent, ImageSet set) {
            return of(model, parent, set, java.util.stream.IntStream.range(0, set.size()).toArray(), null);
        }

        /**
         * Features of the given images of {@code set} (e.g. {@link #usedImages} of the episodes to
         * score); {@code classVectors} (null if the model needs none) go with every episode.
         */
        public static Features of(EpisodicModel model, NDManager parent, ImageSet set, int[] images, ClassVectors classVectors) {
            return of(model, parent, set, images, classVectors, ImageInput.NATIVE);
        }

        /** As above, the images made into {@code input} (the model's training input, e.g. 224 px RGB). */
        public static Features of(EpisodicModel model, NDManager parent, ImageSet set, int[] images, ClassVectors classVectors, ImageInput input) {
            if (classVectors != null) classVectors.requireFor(set);
            NDManager m = parent.newSubManager();
            int[] row = new int[set.size()];
            java.util.Arrays.fill(row, -1);
            for (int i = 0; i < images.length; i++) row[images[i]] = i;
            return new Features(model, m, set, classVectors, input, queryFeatures(model, new ParameterStore(m, false), m, set, input, images, 256), row);
        }

        public double[] accuracies(List<Episode> episodes) { return accuracies(episodes, model); }

        /**
         * Accuracies of another head over the same backbone — a named evaluation variant of the
         * trained model (e.g. CrossTransformers with uniform attention) — on the cached features.
         */
        public double[] accuracies(List<Episode> episodes, EpisodicModel variant) {
            if (variant.backbone() != model.backbone())
                throw new IllegalArgumentException("a variant must share the evaluated model's backbone to reuse its features");
            double[] acc = new double[episodes.size()];
            forEachEpisode(episodes, variant, (i, logits) -> acc[i] = accuracy(logits, episodes.get(i).queryLabels()));
            return acc;
        }

        void forEachEpisode(List<Episode> episodes, LogitsVisitor visitor) { forEachEpisode(episodes, model, visitor); }

        private void forEachEpisode(List<Episode> episodes, EpisodicModel head, LogitsVisitor visitor) {
            for (int i = 0; i < episodes.size(); i++) {
                Episode e = episodes.get(i);
                try (NDManager step = manager.newSubManager()) {
                    NDArray fq = rows(features, row, e.query(), step);
                    NDArray fs = head.supportDependsOnEpisode() ? supportsOf(head, e, step) : rows(features, row, e.support(), step);
                    visitor.visit(i, head.logits(ps, fs, e.supportLabels(), e.ways(), fq, false));
                }
            }
        }

        private NDArray supportsOf(EpisodicModel head, Episode e, NDManager step) {
            NDArray images = input.tensor(step, set, e.support()).toDevice(features.getDevice(), false);
            NDArray vectors = classVectors == null ? null : classVectors.rows(step, e.classes()).toDevice(features.getDevice(), false);
            return head.encodeSupport(ps, new EpisodeInputs(images, e.supportLabels(), e.ways(), null, e.classes(), vectors), false);
        }

        @Override public void close() { manager.close(); }
    }

    static void forEachEpisode(EpisodicModel model, NDManager manager, ImageSet set, List<Episode> episodes, LogitsVisitor visitor) {
        try (Features f = Features.of(model, manager, set, usedImages(set, episodes), null)) {
            f.forEachEpisode(episodes, visitor);
        }
    }

    /** Per-image features (inference mode, {@link EpisodicModel#encodeQuery}) of the images at {@code indices}, in batches. */
    static NDArray queryFeatures(EpisodicModel model, ParameterStore ps, NDManager manager, ImageSet set, ImageInput input, int[] indices, int batch) {
        NDList parts = new NDList();
        for (int from = 0; from < indices.length; from += batch) {
            int[] idx = java.util.Arrays.copyOfRange(indices, from, Math.min(indices.length, from + batch));
            try (NDManager b = manager.newSubManager()) {
                NDArray f = model.encodeQuery(ps, input.tensor(b, set, idx), false);
                f.attach(manager);
                parts.add(f);
            }
        }
        return parts.size() == 1 ? parts.head() : NDArrays.concat(parts);
    }

    private static NDArray rows(NDArray features, int[] row, int[] images, NDManager m) {
        long[] r = new long[images.length];
        for (int i = 0; i < images.length; i++) {
            if (row[images[i]] < 0) throw new IllegalArgumentException("image " + images[i] + " has no precomputed features");
            r[i] = row[images[i]];
        }
        NDArray out = features.get(m.create(r).toDevice(features.getDevice(), false));
        out.attach(m);
        return out;
    }

    /** The images (sorted, distinct) that any of the episodes uses. */
    public static int[] usedImages(ImageSet set, List<Episode> episodes) {
        boolean[] used = new boolean[set.size()];
        for (Episode e : episodes) {
            for (int i : e.support()) used[i] = true;
            for (int i : e.query()) used[i] = true;
        }
        return java.util.stream.IntStream.range(0, used.length).filter(i -> used[i]).toArray();
    }

    /** Fraction of rows whose arg-max equals the label (ties go to the lowest index). */
    public static double accuracy(NDArray logits, int[] labels) {
        long[] predicted = logits.argMax(1).toLongArray();
        if (predicted.length != labels.length)
            throw new IllegalArgumentException(predicted.length + " predictions for " + labels.length + " labels");
        int correct = 0;
        for (int i = 0; i < labels.length; i++) if (predicted[i] == labels[i]) correct++;
        return correct / (double) labels.length;
    }
}
