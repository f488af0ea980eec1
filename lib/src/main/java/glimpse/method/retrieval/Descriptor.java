package glimpse.method.retrieval;

import glimpse.experiment.PaperScale;
import glimpse.nn.Architecture;
import glimpse.nn.FewShotBackbone;
import glimpse.nn.Pooling;
import glimpse.nn.SmallVit;
import glimpse.nn.weights.PretrainedWeights;

/**
 * Which descriptor network an experiment trains, read with a {@link Pooling}: the workbook's small
 * ViT or small ResNet ({@link RetrievalNet}, trained here from scratch), or the paper's
 * ImageNet-pretrained DeiT-Small and ResNet-50 at 224 px, whose weights are imported from the
 * user's files (the transformer-vs-CNN and pooling comparisons, arXiv 2102.05644 §4).
 */
public record Descriptor(Backbone backbone, Pooling pooling) {
    /**
     * @see #imported()
     */
    public enum Backbone {
        VIT(null), RESNET(null), DEIT_SMALL("deit-small-imagenet"), RESNET50("resnet50-imagenet");

        /** The {@link PretrainedWeights#CATALOG} entry its ImageNet weights come from (null: trained here). */
        public final String weights;

        Backbone(String weights) { this.weights = weights; }
    }

    public Descriptor {
        if ((backbone == Backbone.RESNET || backbone == Backbone.RESNET50) && pooling == Pooling.CLS)
            throw new IllegalArgumentException("a ResNet has no class token: pool it with MEAN, MAX or GEM");
    }

    public static Descriptor vit(Pooling p) { return new Descriptor(Backbone.VIT, p); }
    public static Descriptor resNet(Pooling p) { return new Descriptor(Backbone.RESNET, p); }
    /** The paper's descriptor: ImageNet DeiT-Small, read through its class token unless {@code p} says otherwise. */
    public static Descriptor deitSmall(Pooling p) { return new Descriptor(Backbone.DEIT_SMALL, p); }
    /** The paper's CNN: ImageNet ResNet-50, its 2048-d map pooled by {@code p}. */
    public static Descriptor resNet50(Pooling p) { return new Descriptor(Backbone.RESNET50, p); }

    /** True when the backbone starts from imported ImageNet weights (the paper's networks), not from a pre-training run here. */
    public boolean imported() { return backbone.weights != null; }

    /**
     * The backbone its weights come from when pre-trained here ({@code glimpse.pretrain}), whatever the pooling
     * fine-tuned later: the small ViT (pre-trained through its class token) or the small ResNet — the same
     * {@link FewShotBackbone#RESNET_SMALL} the few-shot notebooks use, so one pre-training serves both — so that,
     * as in the paper's pooling comparison, every pooling starts from the same weights.
     */
    public Architecture architecture() {
        return switch (backbone) {
            case VIT -> SmallVit.workbook();
            case RESNET -> FewShotBackbone.RESNET_SMALL;
            case DEIT_SMALL, RESNET50 -> throw new IllegalStateException(label() + " starts from imported ImageNet weights, not from a pre-training run");
        };
    }

    /** A fresh network for square images of {@code imageSize} px. */
    public RetrievalNet net(int imageSize) {
        return switch (backbone) {
            case VIT -> RetrievalNet.smallVit(pooling, imageSize);
            case RESNET -> RetrievalNet.smallResNet(pooling);
            case DEIT_SMALL -> RetrievalNet.deitSmall(pooling, imageSize);
            case RESNET50 -> RetrievalNet.resNet50(pooling);
        };
    }

    /**
     * Loads the backbone's ImageNet weights into {@code net} (initialised), every tensor required.
     * In smoke mode only, a missing file leaves the random initialisation and says so loudly (the
     * smoke run checks that the section runs; its numbers mean nothing either way); otherwise a missing
     * file is an error naming it and where it comes from.
     */
    public void loadImported(RetrievalNet net) {
        PretrainedWeights.Status s = PretrainedWeights.status(PretrainedWeights.entry(backbone.weights));
        if (!s.usable() && PaperScale.smoke()) {
            System.out.println("!!! SMOKE: pretrained weights '" + backbone.weights + "' " + s.summary() + " at " + s.file()
                    + " — " + label() + " runs from RANDOM weights; the ImageNet import is NOT exercised by this run !!!");
            return;
        }
        if (!s.usable())
            throw new IllegalStateException("pretrained weights '" + backbone.weights + "' " + s.summary() + " at " + s.file() + ": put "
                    + s.entry().source() + " there (GLIMPSE_WEIGHTS_DIR names the folder; README, \"Pretrained weights\")");
        s.entry().architecture().load(net.backbone(), s.file()).requireComplete();
    }

    /** "ViT/CLS", "ResNet/GEM", "DeiT-S/CLS", "ResNet-50/MEAN". */
    public String label() {
        String name = switch (backbone) {
            case VIT -> "ViT";
            case RESNET -> "ResNet";
            case DEIT_SMALL -> "DeiT-S";
            case RESNET50 -> "ResNet-50";
        };
        return name + "/" + pooling;
    }
}
