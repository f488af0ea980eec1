package glimpse.eval;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Block;
import ai.djl.training.ParameterStore;
import glimpse.data.Episode;
import glimpse.data.EpisodeTensors;
import glimpse.data.ImageSet;

import java.util.List;

/**
 * Scores an episodic model on a fixed list of test episodes: one accuracy per episode (fraction of
 * its queries classified correctly), so that two methods scored on the same list can be compared
 * episode by episode ({@link MeanCi#pairedDifference}).
 */
public final class FewShotEvaluation {
    private FewShotEvaluation() {}

    /** Per-episode query accuracy of {@code model} (input: support, support labels, query; output: logits). */
    public static double[] accuracies(Block model, NDManager manager, ImageSet set, List<Episode> episodes) {
        double[] acc = new double[episodes.size()];
        ParameterStore ps = new ParameterStore(manager, false);
        for (int i = 0; i < acc.length; i++) {
            try (NDManager step = manager.newSubManager()) {
                EpisodeTensors t = EpisodeTensors.of(step, set, episodes.get(i));
                NDArray logits = model.forward(ps, t.inputs(), false).head();
                acc[i] = accuracy(logits, episodes.get(i).queryLabels());
            }
        }
        return acc;
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

    /** Mean accuracy ± 95% CI over episodes. */
    public static MeanCi summary(double[] perEpisode) { return MeanCi.of(perEpisode); }

    /** A − B on the same episodes, mean ± 95% CI. */
    public static MeanCi pairedDifference(double[] a, double[] b) { return MeanCi.pairedDifference(a, b); }
}
