package glimpse.method.retrieval;

import glimpse.nn.Pooling;

/**
 * Which descriptor network an experiment trains: the small ViT or the small ResNet of
 * {@link RetrievalNet}, read with a {@link Pooling} (the paper's transformer-vs-CNN and pooling
 * comparisons, arXiv 2102.05644 §4).
 */
public record Descriptor(Backbone backbone, Pooling pooling) {
    public enum Backbone { VIT, RESNET }

    public Descriptor {
        if (backbone == Backbone.RESNET && pooling == Pooling.CLS)
            throw new IllegalArgumentException("a ResNet has no class token: pool it with MEAN, MAX or GEM");
    }

    public static Descriptor vit(Pooling p) { return new Descriptor(Backbone.VIT, p); }
    public static Descriptor resNet(Pooling p) { return new Descriptor(Backbone.RESNET, p); }

    /**
     * The descriptor its backbone is pre-trained with, whatever the pooling fine-tuned later: the ViT
     * through its class token, the ResNet through mean pooling (as an ImageNet DeiT and ResNet are),
     * so that, as in the paper's pooling comparison, every pooling starts from the same weights.
     */
    public Descriptor forPretraining() { return new Descriptor(backbone, backbone == Backbone.VIT ? Pooling.CLS : Pooling.MEAN); }

    /** A fresh network for square images of {@code imageSize} px. */
    public RetrievalNet net(int imageSize) {
        return backbone == Backbone.VIT ? RetrievalNet.smallVit(pooling, imageSize) : RetrievalNet.smallResNet(pooling);
    }

    /** "ViT/CLS", "ResNet/GEM". */
    public String label() { return (backbone == Backbone.VIT ? "ViT" : "ResNet") + "/" + pooling; }
}
