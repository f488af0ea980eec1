package glimpse.method;

import ai.djl.ndarray.NDManager;
import glimpse.method.FewShotExperiment.*;
import glimpse.nn.FewShotBackbone;
import glimpse.train.TrainingProbe;

import java.util.Arrays;

/**
 * A small few-shot experiment, trained and evaluated the way notebook 01's are, summarised as
 * digests: {@code RESULT <weights> <per-episode accuracies>} for each method. For determinism checks
 * within one JVM ({@link #summary}) and across JVMs ({@link #main}).
 */
public final class FewShotProbe {
    static final Task TASK = Task.fashionMnistHeldOut();
    static final EvalSpec EVAL = new EvalSpec(5, new int[] {1, 5}, 5, 12, 9);

    static ModelSpec[] models() {
        return new ModelSpec[] {
                ModelSpec.protonet(FewShotBackbone.CONV4_LAST_UNPOOLED, 5).withSeed(4),
                ModelSpec.ctx(FewShotBackbone.CONV4_LAST_UNPOOLED, 5).withKeyDim(16).withSeed(4).withSimClr(0.5, 2)};
    }

    /** Trains each model (weights digest) and runs its experiment (per-episode accuracies digest). */
    static String summary() {
        StringBuilder sb = new StringBuilder();
        for (ModelSpec m : models()) {
            try (NDManager manager = NDManager.newBaseManager()) {
                sb.append(TrainingProbe.digestOfParameters(FewShotExperiment.train(manager, TASK, m).model()));
            }
            Outcome o = FewShotExperiment.run(new Spec(TASK, m, EVAL));
            for (ShotResult r : o.results()) sb.append(' ').append(r.shots()).append(':').append(Arrays.hashCode(r.perEpisode()))
                    .append('/').append(o.skippedSteps());
            sb.append(' ');
        }
        return sb.toString().trim();
    }

    public static void main(String[] args) {
        System.out.println("RESULT " + summary());
    }
}
