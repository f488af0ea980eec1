package glimpse.platform;

import glimpse.data.SimClrViews;
import glimpse.fewshot.FewShotEval;
import glimpse.fewshot.FewShotExperiment;
import glimpse.fewshot.FewShotOutcome;
import glimpse.fewshot.FewShotOutcome.ShotResult;
import glimpse.fewshot.FewShotRecipe;
import glimpse.fewshot.FewShotSpec;
import glimpse.fewshot.FewShotTask;
import glimpse.method.crosstransformer.AttentionExample;
import glimpse.method.crosstransformer.CtxMethod;
import glimpse.method.protonet.ProtoNetMethod;
import glimpse.classification.ClassificationExperiment;
import glimpse.method.batchformer.BatchAttention;
import glimpse.method.batchformer.BatchFormerMethod;
import glimpse.method.batchformer.ClassLoss;
import glimpse.method.batchformer.TwoStreamLoss;
import glimpse.method.classifier.Conv4Classifier;
import glimpse.nn.FewShotBackbone;
import glimpse.testing.Digest;
import glimpse.testing.Golden;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIf;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

/**
 * Golden digests (bit patterns of per-episode and per-class accuracies, loss curves, attention
 * maps) of every kind of experiment the notebooks run, recorded from the experiment layer as it
 * was before it was reshaped into specs, plug-ins and one pipeline (commit de0ca7d): the reshaped
 * code computes the same numbers bit for bit.
 */
@EnabledIf("glimpse.data.FashionMnistTest#present")
class PlatformGoldenTest {
    static final FewShotTask TASK = FewShotTask.fashionMnistHeldOut();
    static final FewShotEval EVAL = new FewShotEval(5, new int[] {1, 5}, 5, 8, 9);

    static FewShotOutcome run(FewShotRecipe recipe, FewShotEval eval) {
        return FewShotExperiment.INSTANCE.run(new FewShotSpec(TASK, recipe, eval));
    }

    static String fewShot(FewShotOutcome o) {
        StringBuilder sb = new StringBuilder(o.method());
        for (ShotResult r : o.results()) sb.append(' ').append(r.shots()).append(':').append(Digest.of(r.perEpisode()));
        sb.append(" loss:").append(Digest.of(o.lossCurve())).append(" skipped:").append(o.skippedSteps());
        if (o.inspection() != null) sb.append(" att:").append(Digest.of(o.inspection(AttentionExample.class).weights()));
        if (o.variants().containsKey(CtxMethod.ATTENTION_OFF))
            for (ShotResult r : o.variant(CtxMethod.ATTENTION_OFF).results()) sb.append(" off").append(r.shots()).append(':').append(Digest.of(r.perEpisode()));
        return sb.toString();
    }

    @Test
    void fewShotRecipes(@TempDir Path cache) {
        System.setProperty("glimpse.cache", cache.toString());
        try {
            Golden g = new Golden(
                    "protonet", "ProtoNet 1:54622b071ad2d9fb 5:703c8f9e792864b8 loss:245f0a3baf15ad90 skipped:0",
                    "flat", "ProtoNet (flat map) 1:8d854d2fbfe6933e 5:f4a3194cf8216fb1 loss:f18bff2544161dae skipped:0",
                    "ctx-simclr", "CTX (d_k=16) + SimCLR eps 1:1db02b92796fe442 5:b1d426ad769577a1 loss:0114a7432b9f3a4f skipped:0 att:733a659fc9470441",
                    "ctx-off-1shot", "CTX [trained 1-shot] 1:6ea97d4b416ca446 5:e003aad63fe57096 loss:a6eece4706d4db21 skipped:0 att:baf90ab2ae7de09d off1:0c41665e13bee605 off5:67c785ed3f6511b2",
                    "ctx-safe", "CTX + SimCLR eps (glyph-safe views) 1:87d676c49efd8481 5:d362e095d68ae0ad loss:ad9f4039526fe7cb skipped:0 att:a3cff55ea54992c7",
                    "pretrained", "ProtoNet (pre-trained) 1:bfbba7396ef68105 5:effce3c0f25dc07f loss:f589c2a6911a0389 skipped:0");
            FewShotBackbone conv4 = FewShotBackbone.CONV4_LAST_UNPOOLED;
            g.check("protonet", fewShot(run(FewShotRecipe.of(ProtoNetMethod.pooled(), conv4, 4).withSeed(2), EVAL)));
            g.check("flat", fewShot(run(FewShotRecipe.of(ProtoNetMethod.onFlatMap(), conv4, 4), EVAL)));
            g.check("ctx-simclr", fewShot(run(FewShotRecipe.of(new CtxMethod(16, 128), conv4, 4).with(b -> b.simclr(0.5, 2)).withSeed(3), EVAL)));
            g.check("ctx-off-1shot", fewShot(run(FewShotRecipe.of(CtxMethod.paper(), conv4, 4).with(b -> b.episodes(5, 1, 10)),
                    EVAL.withVariant(CtxMethod.ATTENTION_OFF))));
            g.check("ctx-safe", fewShot(run(FewShotRecipe.of(CtxMethod.paper(), conv4, 3)
                    .with(b -> b.simclr(0.5, 2).simclrViews(SimClrViews.GLYPH_SAFE)), EVAL)));
            g.check("pretrained", fewShot(run(FewShotRecipe.of(ProtoNetMethod.pooled(), conv4, 3).with(b -> b.pretraining(4, 32)), EVAL)));
            g.verify();
        } finally {
            System.clearProperty("glimpse.cache");
        }
    }

    @Test
    void classificationRecipes() {
        Golden g = new Golden(
                "CE", "[500, 299, 179, 107, 64, 38, 23, 13, 8, 5] 1:1714130b84620711/2.3781428 2:b7746ac2f309a9d1/1.722063",
                "CE + BatchFormer", "[500, 299, 179, 107, 64, 38, 23, 13, 8, 5] 1:fb33168f8708bdb2/2.8432689 2:9779de42934d3874/2.373801 att:ae7d3301924b2178",
                "BalSoftmax + BatchFormer (no shared cls)", "[500, 299, 179, 107, 64, 38, 23, 13, 8, 5] 1:08325afca7dc565b/2.4812422 2:95c01159ac4551d2/2.184804 att:97e4dbdc414791d1",
                "tour", "0.47 1b20a66e69fa9df3");
        var base = BatchFormerMethod.fashionMnistSpec(100).with(b -> b.steps(6).batchSize(32).testPerClass(20).seeds(2));
        var bf = BatchFormerMethod.baseline();
        for (var method : List.of(bf, bf.withMode(TwoStreamLoss.Mode.SHARED_CLASSIFIER),
                bf.withLoss(ClassLoss.BALANCED_SOFTMAX).withMode(TwoStreamLoss.Mode.NO_SHARED_CLASSIFIER))) {
            var r = ClassificationExperiment.INSTANCE.run(base.with(b -> b.method(method)));
            StringBuilder sb = new StringBuilder(Arrays.toString(r.trainCounts()));
            for (var s : r.perSeed()) sb.append(' ').append(s.seed()).append(':').append(Digest.of(s.perClass())).append('/').append(s.finalLoss());
            if (r.inspection() != null) sb.append(" att:").append(Digest.of(r.inspection(BatchAttention.class).matrix()));
            g.check(method.label(), sb);
        }
        var tour = ClassificationExperiment.INSTANCE.run(Conv4Classifier.spec("fashion-mnist", 8, 2e-3f, 7L, 500).with(b -> b.batchSize(64)));
        g.check("tour", tour.perSeed().get(0).withinRun().mean() + " " + Digest.of(tour.perSeed().get(0).losses()));
        g.verify();
    }
}
