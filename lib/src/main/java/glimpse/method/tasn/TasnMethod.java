package glimpse.method.tasn;

import ai.djl.ndarray.NDManager;
import ai.djl.nn.Block;
import com.google.gson.Gson;
import com.google.gson.JsonElement;
import glimpse.classification.ClassificationData;
import glimpse.classification.ClassificationMethod;
import glimpse.classification.ClassificationSpec;
import glimpse.data.ImageSet;
import glimpse.nn.ResNets;
import glimpse.train.StepLoss;
import glimpse.train.TrainConfig;

import java.util.List;
import io.soabase.recordbuilder.core.RecordBuilder;

/**
 * TASN (Zheng, Fu, Zha, Luo, CVPR 2019) as a plug-in of the classification pipeline: builds a
 * {@link Tasn} and trains it with the named terms of {@link TasnLoss}, the detail maps of step s
 * drawn from the run's training seed; prediction is {@link Tasn}'s inference output (the shared head
 * on the structure-sampled image). The four arms of the notebook's comparison are one record each:
 * {@link #uniform} (the uniform-downsample baseline: uniform sampling, master path only),
 * {@link #structureOnly} (attention-sampled structure image, master path only), {@link #withPartNet}
 * (+ detail images and the part-net, no distillation) and {@link #full} (+ distillation: TASN).
 * Its picture after training: {@link TasnViews}.
 *
 * @param label          the arm's name in tables
 * @param attentionInput the attention network's view (the original is resized to it)
 * @param attentionNet   the attention network
 * @param backbone       the shared part/master backbone
 * @param trilinear      trilinear attention variant
 * @param sampler        the sampler (its output is the backbone's input size)
 * @param sampling       attention or uniform sampling
 * @param loss           term weights, distillation, part-net on/off
 */
@RecordBuilder
public record TasnMethod(String label, int attentionInput, AttentionNet attentionNet, Backbone backbone, TrilinearAttention trilinear,
                         AttentionSampler sampler, Tasn.Sampling sampling, TasnLoss loss)
        implements ClassificationMethod, TasnMethodBuilder.With {

    /** The part/master backbone, ending in pooled features. */
    public record Backbone(Kind kind, List<Integer> widths) {
        public enum Kind {
            /** {@link ResNets#resnet12(int[], boolean)} stages of {@code widths}, global average pool. */
            RESNET12,
            /** {@link ResNets#resnet34}, pooled (widths ignored): the largest ResNet in glimpse.nn, standing in for the paper's ResNet-50. */
            RESNET34
        }

        public Backbone { widths = List.copyOf(widths); }

        public static Backbone resnet12(int... widths) { return new Backbone(Kind.RESNET12, java.util.Arrays.stream(widths).boxed().toList()); }

        public Block build() {
            return switch (kind) {
                case RESNET12 -> ResNets.resnet12(widths.stream().mapToInt(Integer::intValue).toArray(), true);
                case RESNET34 -> ResNets.resnet34(false, true);
            };
        }
    }

    /**
     * The diacritic-glyph size of the full TASN, sized for one CPU core: the 96-px letter seen at 24 px
     * (a 4× downsample, where a uniform resize leaves an accent one or two pixels), a 24-px attention
     * view into {@link AttentionNet#small()} with 32 maps (on 6×6), 24-px sampled images, ResNet-12
     * 16-32-64. The backbone's convolutions scale with the pixel count (24² / 32² = 0.56), which is
     * what lets notebook 04's full mode train three seeds of four arms on one core.
     */
    public static TasnMethod full() {
        return new TasnMethod("TASN (+ distillation)", 24, AttentionNet.small(), Backbone.resnet12(16, 32, 64), TrilinearAttention.paper(),
                AttentionSampler.of(24), Tasn.Sampling.ATTENTION, TasnLoss.paper()).withAttentionChannels(32);
    }

    /** + detail images and part-net, no distillation. */
    public static TasnMethod withPartNet() { return full().withLabel("+ part-net").withLoss(TasnLoss.paper().withoutDistillation()); }

    /** The structure-sampled image through the master path only. */
    public static TasnMethod structureOnly() { return full().withLabel("structure-sampled").withLoss(TasnLoss.paper().withoutPartNet()); }

    /** The baseline: the uniformly downsampled image through the master path only. */
    public static TasnMethod uniform() { return structureOnly().withLabel("uniform downsample").withSampling(Tasn.Sampling.UNIFORM); }

    /**
     * The paper's recipe at GPU scale (Zheng et al., CVPR 2019, §4.1; official code): pre-activation
     * ResNet-18 attention net (strides 1-1-2-1, 512 maps on 28×28) on a 224-px view of the 512-px
     * original, the official sampler convention at 224 px (dense 4), the paper's loss (T = 10). The
     * shared backbone is {@link Backbone.Kind#RESNET34} from scratch, because glimpse.nn has no
     * ResNet-50 and no ImageNet weights can be loaded here: numbers from it are not the paper's.
     */
    public static TasnMethod paper() {
        return new TasnMethod("TASN (paper recipe)", 224, AttentionNet.resnet18(), new Backbone(Backbone.Kind.RESNET34, List.of()),
                TrilinearAttention.paper(), AttentionSampler.of(224).withConvention(AttentionSampler.Convention.OFFICIAL),
                Tasn.Sampling.ATTENTION, TasnLoss.paper());
    }

    /**
     * The glyph experiment: the {@code glyph-diacritics} dataset (96 px), Adam 2e-3 with cosine decay
     * and weight decay 5e-4, batch 32; the steps and seeds are set by the notebook's mode. At 6e-3 the
     * loss of every arm sat at ln(classes) after ~40 steps (no learning); a 2e-3 probe learnt.
     */
    public static ClassificationSpec diacriticSpec(TasnMethod method, int steps, int seeds) {
        TrainConfig training = TrainConfig.builder().steps(steps).batchSize(32).adam(2e-3f).weightDecay(5e-4f).cosine().logEvery(0).build();
        return new ClassificationSpec(ClassificationData.of("glyph-diacritics"), method, training, List.of(1L, 2L, 3L)).with(b -> b.seeds(seeds));
    }

    /**
     * The paper's training recipe on CUB-200-2011 at 512 px ({@code cub-200-2011-512}), for a GPU:
     * SGD lr 0.1 without momentum or weight decay, batch 96, 300 epochs of the 5,994 training images
     * (18,731 steps) with the rate ×0.1 at epochs 100 and 200 (every 6,244 steps); one seed. Not
     * included: the paper's augmentation (random crop, mirror, colour jitter, rotation ≤ 30°) and
     * ImageNet-pretrained backbones.
     */
    public static ClassificationSpec cubPaperSpec() {
        int stepsPerEpoch = (int) Math.ceil(5994 / 96.0);
        TrainConfig training = TrainConfig.builder().steps(300 * stepsPerEpoch).batchSize(96).sgd(0.1f, 0f).weightDecay(0f)
                .stepDecay(100 * stepsPerEpoch, 0.1f).logEvery(stepsPerEpoch).build();
        return new ClassificationSpec(ClassificationData.of("cub-200-2011-512"), paper(), training, List.of(1L));
    }

    /** The attention network with {@code c} maps (the width of its dilated groups). */
    public TasnMethod withAttentionChannels(int c) { return withAttentionNet(attentionNet.withChannels(c)); }

    @Override
    public Block build(int classes) {
        return new Tasn(new Tasn.Config(attentionInput, trilinear, sampler, sampling, classes), attentionNet, backbone.build());
    }

    @Override
    public StepLoss loss(Block net, int[] trainCounts, TrainConfig training) { return loss.stepLoss((Tasn) net, training.seed()); }

    /** {@link TasnViews} of six letters of the training set, eight maps, the zoom over 128 images in 12 bands. */
    @Override
    public JsonElement inspect(Block net, NDManager manager, ImageSet train, TrainConfig training) {
        return new Gson().toJsonTree(TasnViews.of(manager, (Tasn) net, train, 6, 8, 128, 12, training.seed()));
    }
}
