package glimpse.method.tasn;

import ai.djl.ndarray.NDManager;
import ai.djl.nn.Block;
import com.google.gson.Gson;
import com.google.gson.JsonElement;
import glimpse.classification.ClassificationMethod;
import glimpse.data.ImageSet;
import glimpse.experiment.PaperScale;
import glimpse.nn.Architecture;
import glimpse.nn.ResNets;
import glimpse.nn.weights.PretrainedWeights;
import glimpse.nn.weights.WeightFileException;
import glimpse.nn.weights.WeightImport;
import glimpse.pretrain.BaseData;
import glimpse.pretrain.PretrainExperiment;
import glimpse.pretrain.PretrainResult;
import glimpse.pretrain.PretrainSpec;
import glimpse.train.StepLoss;
import glimpse.train.TrainConfig;
import glimpse.train.Weights;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import io.soabase.recordbuilder.core.RecordBuilder;

/**
 * TASN (Zheng, Fu, Zha, Luo, CVPR 2019) as a plug-in of the classification pipeline: builds a
 * {@link Tasn} and trains it with the named terms of {@link TasnLoss}, the detail maps of step s
 * drawn from the run's training seed; prediction is {@link Tasn}'s inference output (the shared head
 * on the structure-sampled image). The four arms of the comparison ({@link TasnRecipe.Arm}) are one
 * record each: {@link #uniform} (the uniform-downsample baseline: uniform sampling, master path only),
 * {@link #structureOnly} (attention-sampled structure image, master path only), {@link #withPartNet}
 * (+ detail images and the part-net, no distillation) and {@link #full} (+ distillation: TASN); the
 * paper-scale arms are {@link TasnRecipe#paper}. What it looks at after training: {@link TasnInspection}.
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

    /** Weights files whose pre-training this session has already described: every arm and seed loads the same one. */
    private static final java.util.Set<String> ANNOUNCED = java.util.concurrent.ConcurrentHashMap.newKeySet();

    /**
     * The part/master backbone, ending in pooled features, and where its weights start: an imported
     * checkpoint (the paper's ImageNet ResNet-50), the workbook's own cached classification
     * pre-training ({@link PretrainExperiment}: the CPU ResNet-12 on glyph classes outside the test
     * families), or the initialiser's random weights. As an {@link Architecture} (what a pre-training
     * trains) it is its kind and widths alone: {@link #architecture()}.
     *
     * @param pretrained  the {@link PretrainedWeights} entry its weights start from, or null
     * @param pretraining the pre-training its weights start from, or null; its architecture is this backbone's
     */
    public record Backbone(Kind kind, List<Integer> widths, String pretrained, PretrainSpec pretraining) implements Architecture {
        public enum Kind {
            /** {@link ResNets#resnet12(int[], boolean)} stages of {@code widths}, global average pool. */
            RESNET12,
            /** torchvision's ResNet-50 ({@link ResNets#resnet50}), pooled (widths ignored): the paper's backbone. */
            RESNET50
        }

        public Backbone {
            widths = List.copyOf(widths);
            if (pretrained != null && kind != Kind.RESNET50)
                throw new IllegalArgumentException("only the ResNet-50 backbone has imported weights, not " + kind);
            if (pretrained != null && pretraining != null)
                throw new IllegalArgumentException("a backbone starts from imported weights or from a pre-training, not both");
            Backbone alone = pretraining == null ? null : new Backbone(kind, widths, null, null);
            if (alone != null && !pretraining.architecture().equals(alone))
                throw new IllegalArgumentException("the pre-training trains " + pretraining.architecture().label() + ", not this " + alone.label());
        }

        public static Backbone resnet12(int... widths) { return new Backbone(Kind.RESNET12, java.util.Arrays.stream(widths).boxed().toList(), null, null); }

        /** The paper's: ResNet-50 from torchvision's ImageNet weights (arXiv 1903.06150, §4.1). */
        public static Backbone resnet50Imagenet() { return new Backbone(Kind.RESNET50, List.of(), "resnet50-imagenet", null); }

        /** The network alone (random start): what a pre-training of this backbone trains and keys on. */
        public Backbone architecture() { return new Backbone(kind, widths, null, null); }

        /** This network starting from a classification pre-training on {@code data} with {@code training} ({@link PretrainSpec#of}). */
        public Backbone pretrainedOn(BaseData data, TrainConfig training) {
            return new Backbone(kind, widths, null, PretrainSpec.of(architecture(), data, training));
        }

        public Block build() {
            return switch (kind) {
                case RESNET12 -> ResNets.resnet12(widths.stream().mapToInt(Integer::intValue).toArray(), true);
                case RESNET50 -> ResNets.resnet50(true);
            };
        }

        /** Fully convolutional, globally pooled: the same block at every image size. */
        @Override public Block backbone(int imageSize) { return build(); }

        @Override public String label() {
            return switch (kind) {
                case RESNET12 -> "ResNet-12 (" + widths.stream().map(String::valueOf).collect(java.util.stream.Collectors.joining("-")) + ")";
                case RESNET50 -> "ResNet-50";
            };
        }
    }

    /**
     * The diacritic-glyph size of the full TASN, sized for CPU cores: the 96-px letter seen at 24 px
     * (a 4× downsample, where a uniform resize leaves an accent one or two pixels), a 24-px attention
     * view into {@link AttentionNet#small()} with 32 maps (on 6×6), 24-px sampled images, ResNet-12
     * 16-32-64. The backbone's convolutions scale with the pixel count (24² / 32² = 0.56); notebook 04
     * prints the training seconds its arms took and the threads they ran on.
     */
    public static TasnMethod full() {
        return new TasnMethod("TASN (+ distillation)", 24, AttentionNet.small(), Backbone.resnet12(16, 32, 64), TrilinearAttention.paper(),
                AttentionSampler.of(24), Tasn.Sampling.ATTENTION, TasnLoss.paper()).withAttentionChannels(32);
    }

    /** + detail images and part-net, no distillation. */
    public static TasnMethod withPartNet() { return TasnRecipe.Arm.PART_NET.of(full()); }

    /** The structure-sampled image through the master path only. */
    public static TasnMethod structureOnly() { return TasnRecipe.Arm.STRUCTURE.of(full()); }

    /** The baseline: the uniformly downsampled image through the master path only. */
    public static TasnMethod uniform() { return TasnRecipe.Arm.UNIFORM.of(full()); }

    /** The attention network with {@code c} maps (the width of its dilated groups). */
    public TasnMethod withAttentionChannels(int c) { return withAttentionNet(attentionNet.withChannels(c)); }

    @Override
    public Block build(int classes) {
        return new Tasn(new Tasn.Config(attentionInput, trilinear, sampler, sampling, classes), attentionNet, backbone.build());
    }

    @Override
    public StepLoss loss(Block net, int[] trainCounts, TrainConfig training) { return loss.stepLoss((Tasn) net, training.seed()); }

    /** {@link TasnLoss#chanceWeight} × ln C: 1·ln C for the uniform baseline, 2, 3 and 4·ln C for the paper's other arms. */
    @Override public double chanceLoss(int classes) { return loss.chanceWeight(sampling != Tasn.Sampling.UNIFORM) * Math.log(classes); }

    /**
     * The backbone's starting weights into the shared backbone: the workbook's pre-training where the backbone names one
     * (cached, computed on first use); else the imported checkpoint where the recipe names it
     * (strict: every tensor of the ResNet-50 must be in the file with its shape; the file's
     * ImageNet classifier is ignored). In smoke mode a missing file leaves the random initialisation,
     * said loudly; in paper mode it is an error with the fix.
     */
    @Override
    public void startFrom(Block net) {
        if (backbone.pretraining() != null) {
            PretrainResult r = PretrainExperiment.pretrained(backbone.pretraining());   // one cache read: its weights file is r's
            Weights.load(((Tasn) net).backbone(), Path.of(r.weights()));
            if (ANNOUNCED.add(r.weights())) System.out.println("backbone: " + r.line());   // once, not once per arm and seed
            return;
        }
        if (backbone.pretrained() == null) return;
        PretrainedWeights.Entry entry = PretrainedWeights.entry(backbone.pretrained());
        Path file = PretrainedWeights.file(entry);
        if (!Files.exists(file)) {
            if (PaperScale.smoke()) {
                System.out.println("SMOKE: no " + entry.arch() + " weights at " + file + ": the ResNet-50 starts from RANDOM weights,"
                        + " which a paper run refuses to do (put " + entry.source() + " there)");
                return;
            }
            throw new WeightFileException("TASN's backbone starts from " + entry.arch() + ", but " + file + " does not exist: put "
                    + entry.source() + " there (GLIMPSE_WEIGHTS_DIR names the folder; README, \"Pretrained weights\", converts a .pth;"
                    + " ./glimpse doctor checks it)");
        }
        WeightImport.Report r = entry.architecture().load(((Tasn) net).backbone(), file).requireComplete();
        System.out.println("backbone: " + r.loaded().size() + " tensors of " + entry.arch() + " loaded from " + file);
    }

    /** {@link TasnInspection} of six images of the training set, eight maps, the zoom over 128 images in 12 bands. */
    @Override
    public JsonElement inspect(Block net, NDManager manager, ImageSet train, TrainConfig training) {
        return new Gson().toJsonTree(TasnInspection.of(manager, (Tasn) net, train, 6, 8, 128, 12, training.seed()));
    }
}
