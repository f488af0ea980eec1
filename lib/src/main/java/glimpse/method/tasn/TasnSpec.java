package glimpse.method.tasn;

import java.util.List;
import io.soabase.recordbuilder.core.RecordBuilder;

/**
 * A TASN training recipe as one record (a config, not a runner): what a run trains, on what, how long.
 *
 * <p>{@link #paper()} is the recipe of Zheng et al., CVPR 2019 (§4.1) and the official code, for a
 * GPU on CUB-200-2011: images resized to 512 px (random crop, mirror, colour jitter, rotation ≤ 30°),
 * the attention net (pre-activation ResNet-18, strides 1-1-2-1, two shared dilated groups) on a
 * 224-px view, the sampler taking the 512-px original to 224 px, ONE ResNet-50 for part- and
 * master-net over the concatenated batch, SGD lr 0.1 without momentum or weight decay, ×0.1 at
 * epochs 100 and 200 of 300, batch 96. The paper's backbones are ImageNet-pretrained; a ResNet-50
 * builder is not in {@code glimpse.nn} yet, so {@link #backbone} names it for the runner to resolve.
 *
 * @param dataset        manifest id of the data ("cub-200-2011", "glyphs-diacritics", …)
 * @param inputSize      the original image's side (the sampler's input)
 * @param attentionInput the attention net's view
 * @param samplerOutput  the side of the structure and detail images
 * @param attentionNet   the attention network's shape
 * @param backbone       the shared part/master backbone's name
 * @param trilinear      trilinear attention variant (normalisation, β)
 * @param sampler        the sampler (output size must equal samplerOutput)
 * @param sampling       attention or the uniform baseline
 * @param loss           term weights and distillation temperature
 * @param learningRate   SGD learning rate; momentum and weight decay below
 * @param lrDropEpochs   epochs at which the rate is multiplied by 0.1
 */
@RecordBuilder
public record TasnSpec(String dataset, int inputSize, int attentionInput, int samplerOutput, AttentionNet attentionNet,
                       String backbone, TrilinearAttention trilinear, AttentionSampler sampler, Tasn.Sampling sampling,
                       TasnLoss loss, double learningRate, double momentum, double weightDecay, List<Integer> lrDropEpochs,
                       int epochs, int batchSize, long seed) implements TasnSpecBuilder.With {

    public TasnSpec {
        if (sampler.out() != samplerOutput)
            throw new IllegalArgumentException("sampler output " + sampler.out() + " differs from samplerOutput " + samplerOutput);
        if (attentionInput > inputSize || samplerOutput > inputSize)
            throw new IllegalArgumentException("the attention view and the sampled images must not exceed the input (" + inputSize + " px)");
        lrDropEpochs = List.copyOf(lrDropEpochs);
    }

    /** The paper's CUB recipe (GPU scale), with the official sampler convention. */
    public static TasnSpec paper() {
        return new TasnSpec("cub-200-2011", 512, 224, 224, AttentionNet.resnet18(), "resnet50-imagenet",
                TrilinearAttention.paper(), AttentionSampler.of(224).withConvention(AttentionSampler.Convention.OFFICIAL),
                Tasn.Sampling.ATTENTION, TasnLoss.paper(), 0.1, 0, 0, List.of(100, 200), 300, 96, 0);
    }

    /** The model settings this spec implies for {@code classes} classes. */
    public Tasn.Config modelConfig(int classes) {
        return new Tasn.Config(attentionInput, trilinear, sampler, sampling, classes);
    }
}
