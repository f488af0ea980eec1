package glimpse.method;

import ai.djl.ndarray.NDManager;
import glimpse.fewshot.*;
import glimpse.fewshot.FewShotOutcome.ShotResult;
import glimpse.method.crosstransformer.CtxMethod;
import glimpse.method.protonet.ProtoNetMethod;
import glimpse.nn.FewShotBackbone;
import glimpse.train.RunCheckpoints;
import glimpse.train.TrainingProbe;

import java.util.Arrays;

/**
 * A small few-shot experiment, trained and evaluated the way notebook 01's are, summarised as
 * digests: {@code RESULT <weights> <per-episode accuracies>} for each method. For determinism checks
 * within one JVM ({@link #summary}) and across JVMs ({@link #main}).
 */
public final class FewShotProbe {
    static final FewShotTask TASK = FewShotTask.fashionMnistHeldOut();
    static final FewShotEval EVAL = new FewShotEval(5, new int[] {1, 5}, 5, 12, 9);

    static FewShotRecipe[] models() {
        return new FewShotRecipe[] {
                FewShotRecipe.of(ProtoNetMethod.pooled(), FewShotBackbone.CONV4_LAST_UNPOOLED, 5).withSeed(4),
                FewShotRecipe.of(new CtxMethod(16, 128), FewShotBackbone.CONV4_LAST_UNPOOLED, 5).with(b -> b.simclr(0.5, 2)).withSeed(4)};
    }

    /** Trains each model (weights digest) and runs its experiment (per-episode accuracies digest). */
    static String summary() {
        StringBuilder sb = new StringBuilder();
        for (FewShotRecipe m : models()) {
            try (NDManager manager = NDManager.newBaseManager()) {
                sb.append(TrainingProbe.digestOfParameters(FewShotExperiment.train(manager, TASK.baseData(), m, RunCheckpoints.NONE).model()));
            }
            FewShotOutcome o = FewShotExperiment.INSTANCE.run(new FewShotSpec(TASK, m, EVAL));
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
