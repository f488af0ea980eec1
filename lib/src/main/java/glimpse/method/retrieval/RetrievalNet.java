package glimpse.method.retrieval;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Block;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import glimpse.nn.BackboneOutput;
import glimpse.nn.SmallVit;
import glimpse.nn.Pooling;
import glimpse.nn.ResNets;
import glimpse.nn.TransformerEncoderLayer;
import glimpse.nn.VisionTransformer;

/**
 * IRT's descriptor (El-Nouby et al., arXiv 2102.05644 §3): backbone → {@link Pooling} → L2
 * normalisation, (B, C, H, W) images → (B, D) unit rows. The transformer's tokens are read after its
 * final LayerNorm (CLS: the class token; MEAN/MAX/GEM: the patch tokens); a CNN's feature map is
 * read as its H·W positions. Optional PCA to fewer dimensions is applied afterwards to extracted
 * embeddings ({@link glimpse.eval.Pca}), as in the paper.
 *
 * <p>Child "backbone" (parameter names "01backbone_…").
 */
public final class RetrievalNet extends AbstractBlock {
    private final Block backbone;
    private final Pooling pooling;
    private final boolean transformer;

    private RetrievalNet(Block backbone, Pooling pooling, boolean transformer) {
        this.backbone = addChildBlock("backbone", backbone);
        this.pooling = pooling;
        this.transformer = transformer;
    }

    /** A ViT with a class token and TOKENS output (checked) as backbone. */
    public static RetrievalNet vit(VisionTransformer backbone, Pooling pooling) {
        if (backbone.output() != BackboneOutput.TOKENS)
            throw new IllegalArgumentException("the descriptor pools the ViT's tokens itself: build it with output(BackboneOutput.TOKENS), not " + backbone.output());
        return new RetrievalNet(backbone, pooling, true);
    }

    /** The workbook's small ViT ({@link SmallVit#workbook}) for 32 px images. */
    public static RetrievalNet smallVit(Pooling pooling) { return smallVit(pooling, 32); }

    /** The same small ViT for square images of {@code imageSize} px (a multiple of the patch 4, e.g. 28 for Fashion-MNIST). */
    public static RetrievalNet smallVit(Pooling pooling, int imageSize) {
        return vit(SmallVit.workbook().build(imageSize, BackboneOutput.TOKENS), pooling);
    }

    /**
     * DeiT-Small at {@code imageSize} px (patch 16, width 384, depth 12, 6 heads, MLP 4, qkv bias): the
     * paper's backbone, shaped as timm's {@code deit_small_patch16_224} so its ImageNet weights load
     * ({@link glimpse.nn.weights.TimmDeitImport}).
     */
    public static RetrievalNet deitSmall(Pooling pooling, int imageSize) {
        return vit(VisionTransformer.deitSmall(imageSize, BackboneOutput.TOKENS), pooling);
    }

    /**
     * torchvision's ResNet-50 without its pooling (a 2048 × 7 × 7 map at 224 px), pooled by
     * {@code pooling}: the CNN of the paper's ResNet-50 vs DeiT-S rows, loading torchvision's ImageNet
     * weights ({@link glimpse.nn.weights.TorchvisionResNetImport}).
     */
    public static RetrievalNet resNet50(Pooling pooling) {
        if (pooling == Pooling.CLS) throw new IllegalArgumentException("a CNN has no class token: use MEAN, MAX or GEM");
        return new RetrievalNet(ResNets.resnet50(false), pooling, false);
    }

    /**
     * The CNN of the transformer-vs-CNN comparison: {@link ResNets#small} (three residual stages,
     * widths 32-64-128; ≈ 67 M multiply-adds at 32 px) with its 4×4 map pooled. No class token, so no CLS.
     */
    public static RetrievalNet smallResNet(Pooling pooling) {
        if (pooling == Pooling.CLS) throw new IllegalArgumentException("a CNN has no class token: use MEAN, MAX or GEM");
        return new RetrievalNet(ResNets.small(false), pooling, false);
    }

    public Pooling pooling() { return pooling; }
    public Block backbone() { return backbone; }

    @Override
    protected NDList forwardInternal(ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
        NDArray out = backbone.forward(ps, new NDList(inputs.head()), training).head();
        NDArray tokens = transformer ? out : Pooling.mapToTokens(out);
        return new NDList(Pooling.l2Normalise(pooling.pool(tokens, transformer)));
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        Shape out = backbone.getOutputShapes(new Shape[] {inputShapes[0]})[0];
        return new Shape[] {new Shape(inputShapes[0].get(0), transformer ? out.get(2) : out.get(1))};
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        backbone.initialize(manager, dataType, inputShapes[0]);
    }
}
