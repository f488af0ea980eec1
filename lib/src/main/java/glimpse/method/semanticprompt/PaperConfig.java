package glimpse.method.semanticprompt;

import java.nio.file.Path;
import io.soabase.recordbuilder.core.RecordBuilder;

/**
 * The paper-scale settings of Semantic Prompt (Chen et al., arXiv 2303.14123 §4.1 and the official
 * training scripts), as one record for GPU runs; the CPU notebook scales these down.
 *
 * <p>Stage 1, pre-training: classification over all base classes with a linear head on
 * Visformer-tiny at 224 px, AdamW lr 5e-4, weight decay 5e-2, no schedule, batches of 128 made of
 * 64 images × 2 augmentations (repeated augmentation; RandomResizedCrop + RandAugment(2, 10)),
 * 800 epochs (300 on tieredImageNet). Stage 2, meta-tuning with the prompt: 5-way episodes with
 * 15 queries per class, loss {@link CosinePrototypeLoss} at τ = 0.2, AdamW with two groups — the
 * text projections (h_s, W_c) at 5e-4 and everything else, the SE-MLP included, at 1e-6, both with
 * weight decay 5e-2 — 100 epochs, BatchNorm in training mode. Text: CLIP ViT-B/32's text tower
 * (512-d) as a user-supplied ONNX model ({@code text.OnnxTextEncoder#fromFiles}), context cut to 20
 * tokens, eqnorm to the base classes' mean raw norm. Test: 2000 fixed episodes (seed 0), 15
 * queries per class; 1-shot nearest cosine prototype, 5-shot logistic regression over 10 views
 * per support ({@link SupportClassifiers}). Model selection on the validation split, not on the
 * test split as the official script does.
 *
 * @param textModel     the text encoder's ONNX file (CLIP's text tower), or null for the bundled MiniLM
 * @param textTokenizer its tokenizer.json, or null with textModel null
 * @param textOutput    the model output holding one vector per text (CLIP: "text_embeds"), or null for mean pooling
 */
@RecordBuilder
public record PaperConfig(Visformer.Config backbone, int imagesPerBatch, int augmentationsPerImage, double pretrainLr,
                          double weightDecay, int pretrainEpochs, int ways, int queriesPerClass, double projectionLr,
                          double backboneLr, float temperature, int metaTuneEpochs, int beforeBlock, SpNet.Pooling pooling,
                          SemanticPrompt.Projection projection, Path textModel, Path textTokenizer, String textOutput,
                          int textMaxTokens, boolean eqnorm, int testEpisodes, int supportViews, double logisticC)
        implements PaperConfigBuilder.With {

    /** miniImageNet with CLIP text: 224 px, 800 + 100 epochs. */
    public static PaperConfig miniImageNet(Path clipTextOnnx, Path clipTokenizer) {
        return new PaperConfig(Visformer.tiny224(), 64, 2, 5e-4, 5e-2, 800, 5, 15, 5e-4, 1e-6, CosinePrototypeLoss.TEMPERATURE, 100,
                2, SpNet.Pooling.ALL, SemanticPrompt.Projection.LINEAR, clipTextOnnx, clipTokenizer, "text_embeds", 20, true,
                2000, 10, 1.0);
    }

    /** The same at 84 px (Visformer-tiny-84). */
    public PaperConfig at84px() {
        return withBackbone(Visformer.tiny84());
    }
}
