package glimpse.method.semanticprompt;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Activation;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.nn.core.Linear;
import ai.djl.nn.norm.BatchNorm;
import ai.djl.training.ParameterStore;
import ai.djl.training.initializer.TruncatedNormalInitializer;
import ai.djl.util.PairList;
import glimpse.nn.Architecture;
import glimpse.nn.MultiHeadSelfAttention;
import glimpse.nn.TokenNorm;
import glimpse.nn.TransformerEncoderLayer;

import java.util.ArrayList;
import java.util.List;
import io.soabase.recordbuilder.core.RecordBuilder;

/**
 * Visformer (Chen et al. 2021, arXiv 2104.12533), the backbone of Semantic Prompt (arXiv 2303.14123
 * §4.1, Visformer-tiny), BatchNorm everywhere:
 * <pre>
 *   stem          conv7×7/2 (no bias) → BN → ReLU          (84-px variant: 2 × [conv3×3/1 → BN → ReLU])
 *   embed₁        conv p₁×p₁/p₁ (bias) → BN, + E_pos₁       (B, C₁, g₁, g₁)
 *   stage 1       x += 1×1 → GELU → grouped 3×3 → GELU → 1×1 (BN(x)), no biases, no attention
 *   embed₂, stage 2, embed₃, stage 3   conv 2×2/2 → BN, + E_pos; pre-BN attention blocks
 *                 x += Attn(BN(x)); x += MLP(BN(x))   qkv and proj bias-free, q and k each ·d^-¼, MLP 4C, GELU, no biases
 *   out           BN(tokens), mean over tokens → (B, C₃)
 * </pre>
 * Stages 2 and 3 hold tokens (B, T, C) in row-major grid order; a 1×1 conv there is a bias-free
 * linear map and BN2d over a (B, C, H, W) map is {@link TokenNorm#batchNormOverChannels} over
 * (B, T, C), so the shared {@link TransformerEncoderLayer} is the block. The last stage can be
 * run in two pieces ({@link #lastStageInput}, {@link #finish}) so that {@link SemanticPrompt} can
 * act before any of its blocks. Initialisation: DJL's defaults, E_pos truncated normal σ 0.02.
 */
public final class Visformer extends AbstractBlock {

    public enum Stem { CONV7_STRIDE2, TWO_CONV3 }

    /**
     * @param stage1Hidden width of stage 1's conv-MLP (Visformer-tiny: 192 = 2·C₁)
     * @param groups       groups of stage 1's 3×3 conv
     * @param resizeInput  images of another size are resized (bilinear) to {@code imageSize} first, as the official
     *                     loader's {@code Resize}/{@code RandomResizedCrop(224)} does with 84-px miniImageNet and 32-px
     *                     CIFAR images (arXiv 2303.14123 §4.1); false: any other size is an error
     */
    @RecordBuilder
    public record Config(String name, int imageSize, Stem stem, int stemChannels, int patch1,
                       int width1, int depth1, int stage1Hidden, int groups,
                       int width2, int depth2, int heads2, int width3, int depth3, int heads3, int mlpRatio, boolean resizeInput)
            implements VisformerConfigBuilder.With, Architecture {
        public Config {
            if (depth3 < 1) throw new IllegalArgumentException(name + ": the last stage needs at least one block");
            if (width2 % heads2 != 0 || width3 % heads3 != 0) throw new IllegalArgumentException(name + ": heads must divide the stage widths");
            if (stage1Hidden % groups != 0) throw new IllegalArgumentException(name + ": groups must divide the stage-1 hidden width");
        }
        int grid1() { return (stem == Stem.CONV7_STRIDE2 ? (imageSize + 1) / 2 : imageSize) / patch1; }
        int grid2() { return grid1() / 2; }
        int grid3() { return grid2() / 2; }
        public int lastStageTokens() { return grid3() * grid3(); }
        public int featureDim() { return width3; }

        /**
         * This Visformer for square images of {@code size} px (the CPU configs are drawn for 32 px; Fashion-MNIST is 28 px);
         * a config that resizes its input ({@link #resizeInput}, the paper recipe) stays at its own size.
         */
        public Config atSize(int size) {
            if (size == imageSize || resizeInput) return this;
            return with(b -> b.name(name + "@" + size).imageSize(size));
        }

        @Override public String label() { return "Visformer " + name; }

        @Override public Block backbone(int imageSize) { return new Visformer(atSize(imageSize)); }
    }

    /** Visformer-tiny at 224 px (§2 of the SP notes: 28² → 14² → 7², 9,961,008 parameters with a 64-class head). */
    public static Config tiny224() { return new Config("visformer-tiny-224", 224, Stem.CONV7_STRIDE2, 16, 4, 96, 7, 192, 8, 192, 4, 3, 384, 4, 3, 4, false); }

    /** Visformer-tiny for 84-px images: the stem is two 3×3/1 convs, maps 21² → 10² → 5². */
    public static Config tiny84() { return new Config("visformer-tiny-84", 84, Stem.TWO_CONV3, 16, 4, 96, 7, 192, 8, 192, 4, 3, 384, 4, 3, 4, false); }

    /** CPU variant for 32-px glyphs: 16² → 8² → 4² tokens, widths 32-64-128, depths 1-1-2, 2 heads. */
    public static Config cpu32() { return new Config("visformer-cpu-32", 32, Stem.TWO_CONV3, 16, 2, 32, 1, 64, 8, 64, 1, 2, 128, 2, 2, 4, false); }

    /**
     * The notebook's CPU variant for 32-px glyphs, about half cpu32's multiply-adds: Visformer-tiny's own
     * stem (conv7×7/2, 16 ch) with a 1×1 patch embedding keeps the 16² → 8² → 4² token grids of
     * cpu32 without its two full-resolution 3×3 convs; widths 24-48-96, depths 1-1-2, 2 heads.
     */
    public static Config cpu32Lite() { return new Config("visformer-cpu-32-lite", 32, Stem.CONV7_STRIDE2, 16, 1, 24, 1, 48, 8, 48, 1, 2, 96, 2, 2, 4, false); }

    private final Config spec;
    private final Block stem, embed1, embed2, embed3, finalNorm;
    private final Parameter pos1, pos2, pos3;
    private final List<ConvMlpBlock> stage1 = new ArrayList<>();
    private final List<TransformerEncoderLayer> stage2 = new ArrayList<>(), stage3 = new ArrayList<>();

    public Visformer(Config spec) {
        this.spec = spec;
        stem = addChildBlock("stem", stem(spec));
        embed1 = addChildBlock("embed1", patchEmbedding(spec.width1(), spec.patch1()));
        pos1 = addParameter(position("pos1"));
        for (int i = 0; i < spec.depth1(); i++) stage1.add(addChildBlock("stage1block" + i, new ConvMlpBlock(spec.width1(), spec.stage1Hidden(), spec.groups())));
        embed2 = addChildBlock("embed2", patchEmbedding(spec.width2(), 2));
        pos2 = addParameter(position("pos2"));
        for (int i = 0; i < spec.depth2(); i++) stage2.add(addChildBlock("stage2block" + i, new TransformerEncoderLayer(layer(spec.width2(), spec.heads2(), spec.mlpRatio()))));
        embed3 = addChildBlock("embed3", patchEmbedding(spec.width3(), 2));
        pos3 = addParameter(position("pos3"));
        for (int i = 0; i < spec.depth3(); i++) stage3.add(addChildBlock("stage3block" + i, new TransformerEncoderLayer(layer(spec.width3(), spec.heads3(), spec.mlpRatio()))));
        finalNorm = addChildBlock("finalNorm", TokenNorm.batchNormOverChannels().create());
    }

    /** The attention block: pre-BN, fused bias-free qkv, bias-free projection and MLP, q·d^-¼ and k·d^-¼, no dropout. */
    public static TransformerEncoderLayer.Config layer(int dim, int heads, int mlpRatio) {
        MultiHeadSelfAttention.Config attention = MultiHeadSelfAttention.Config.of(dim, heads)
                .with(a -> a.projections(MultiHeadSelfAttention.Projections.FUSED).qkvBias(false).outputBias(false)
                        .scaling(MultiHeadSelfAttention.Scaling.SPLIT));
        return TransformerEncoderLayer.Config.preNormGelu(dim, heads, mlpRatio)
                .with(b -> b.attention(attention).norm(TokenNorm.batchNormOverChannels()).mlpBias(false));
    }

    /** A classifier for pre-training: this backbone, then a linear head (with bias) over the pooled features. */
    public static SequentialBlock withHead(Config spec, int classes) {
        return new SequentialBlock().add(new Visformer(spec)).add(Linear.builder().setUnits(classes).build());
    }

    /**
     * Forward FLOPs of one image ({@link glimpse.nn.Flops}: 2 per multiply-add; convolutions, patch
     * embeddings and the attention blocks' linear maps and products; norms and activations not counted).
     */
    public static long flops(Config c) {
        int size = c.imageSize(), afterStem = c.stem() == Stem.CONV7_STRIDE2 ? (size + 1) / 2 : size;
        long f = c.stem() == Stem.CONV7_STRIDE2 ? glimpse.nn.Flops.conv(3, c.stemChannels(), 7, afterStem, afterStem, 1)
                : glimpse.nn.Flops.conv(3, c.stemChannels(), 3, size, size, 1) + glimpse.nn.Flops.conv(c.stemChannels(), c.stemChannels(), 3, size, size, 1);
        int g1 = c.grid1(), g2 = c.grid2(), g3 = c.grid3();
        f += glimpse.nn.Flops.conv(c.stemChannels(), c.width1(), c.patch1(), g1, g1, 1);
        f += c.depth1() * (glimpse.nn.Flops.conv(c.width1(), c.stage1Hidden(), 1, g1, g1, 1)
                + glimpse.nn.Flops.conv(c.stage1Hidden(), c.stage1Hidden(), 3, g1, g1, c.groups())
                + glimpse.nn.Flops.conv(c.stage1Hidden(), c.width1(), 1, g1, g1, 1));
        f += glimpse.nn.Flops.conv(c.width1(), c.width2(), 2, g2, g2, 1);
        f += c.depth2() * glimpse.nn.Flops.encoderLayer(g2 * g2, layer(c.width2(), c.heads2(), c.mlpRatio()));
        f += glimpse.nn.Flops.conv(c.width2(), c.width3(), 2, g3, g3, 1);
        f += c.depth3() * glimpse.nn.Flops.encoderLayer(g3 * g3, layer(c.width3(), c.heads3(), c.mlpRatio()));
        return f;
    }

    public Config spec() { return spec; }
    public List<TransformerEncoderLayer> lastStage() { return List.copyOf(stage3); }

    private static Block stem(Config s) {
        SequentialBlock b = new SequentialBlock();
        if (s.stem() == Stem.CONV7_STRIDE2) {
            b.add(Conv2d.builder().setKernelShape(new Shape(7, 7)).optStride(new Shape(2, 2)).optPadding(new Shape(3, 3))
                    .setFilters(s.stemChannels()).optBias(false).build()).add(BatchNorm.builder().build()).add(Activation.reluBlock());
        } else {
            for (int i = 0; i < 2; i++)
                b.add(Conv2d.builder().setKernelShape(new Shape(3, 3)).optPadding(new Shape(1, 1)).setFilters(s.stemChannels()).optBias(false).build())
                        .add(BatchNorm.builder().build()).add(Activation.reluBlock());
        }
        return b;
    }

    private static Block patchEmbedding(int width, int patch) {
        return new SequentialBlock().add(Conv2d.builder().setKernelShape(new Shape(patch, patch)).optStride(new Shape(patch, patch))
                .setFilters(width).build()).add(BatchNorm.builder().build());
    }

    private static Parameter position(String name) {
        return Parameter.builder().setName(name).setType(Parameter.Type.WEIGHT).optInitializer(new TruncatedNormalInitializer(0.02f)).build();
    }

    @Override
    protected void prepare(Shape[] inputShapes) {
        pos1.setShape(new Shape(1, spec.width1(), spec.grid1(), spec.grid1()));
        pos2.setShape(new Shape(1, (long) spec.grid2() * spec.grid2(), spec.width2()));
        pos3.setShape(new Shape(1, spec.lastStageTokens(), spec.width3()));
    }

    @Override
    protected NDList forwardInternal(ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
        NDArray tokens = finish(ps, lastStageInput(ps, inputs.singletonOrThrow(), 0, training), 0, training);
        return new NDList(tokens.mean(new int[] {1}));
    }

    /** Tokens (B, T₃, C₃) entering block {@code beforeBlock} of the last stage (0: right after embed₃ + E_pos₃). */
    public NDArray lastStageInput(ParameterStore ps, NDArray images, int beforeBlock, boolean training) {
        images = fitted(images);
        checkImages(images.getShape());
        NDArray x = stem.forward(ps, new NDList(images), training).head();
        x = embed1.forward(ps, new NDList(x), training).head().add(ps.getValue(pos1, x.getDevice(), training));
        for (ConvMlpBlock b : stage1) x = b.forward(ps, new NDList(x), training).head();
        NDArray t = tokens(embed2.forward(ps, new NDList(x), training).head()).add(ps.getValue(pos2, x.getDevice(), training));
        for (TransformerEncoderLayer l : stage2) t = l.forward(ps, new NDList(t), training).head();
        NDArray map2 = t.transpose(0, 2, 1).reshape(t.getShape().get(0), spec.width2(), spec.grid2(), spec.grid2());
        t = tokens(embed3.forward(ps, new NDList(map2), training).head()).add(ps.getValue(pos3, x.getDevice(), training));
        return runLastStage(ps, t, 0, beforeBlock, training);
    }

    /** Last-stage blocks {@code fromBlock}… then the final BN: tokens (B, T, C₃), any T (a prompt token may be among them). */
    public NDArray finish(ParameterStore ps, NDArray tokens, int fromBlock, boolean training) {
        NDArray t = runLastStage(ps, tokens, fromBlock, stage3.size(), training);
        return finalNorm.forward(ps, new NDList(t), training).head();
    }

    private NDArray runLastStage(ParameterStore ps, NDArray t, int from, int to, boolean training) {
        if (from < 0 || to > stage3.size() || from > to) throw new IllegalArgumentException("last-stage blocks " + from + ".." + to + " of " + stage3.size());
        for (int i = from; i < to; i++) t = stage3.get(i).forward(ps, new NDList(t), training).head();
        return t;
    }

    /** (B, C, h, w) → (B, h·w, C), row-major. */
    private static NDArray tokens(NDArray map) {
        Shape s = map.getShape();
        return map.reshape(s.get(0), s.get(1), s.get(2) * s.get(3)).transpose(0, 2, 1);
    }

    /**
     * The images at the backbone's size: unchanged, or with {@link Config#resizeInput} bilinearly resized
     * (half-pixel centres, no antialiasing: PyTorch's {@code interpolate(mode="bilinear", align_corners=False)}).
     */
    NDArray fitted(NDArray images) {
        Shape s = images.getShape();
        if (!spec.resizeInput() || s.dimension() != 4 || (s.get(2) == spec.imageSize() && s.get(3) == spec.imageSize())) return images;
        return resize(images, spec.imageSize());
    }

    /** (B, C, h, w) → (B, C, size, size), bilinear with half-pixel centres (DJL's NHWC image resize on each map). */
    static NDArray resize(NDArray images, int size) {
        NDArray nhwc = images.transpose(0, 2, 3, 1);
        return ai.djl.modality.cv.util.NDImageUtils.resize(nhwc, size, size, ai.djl.modality.cv.Image.Interpolation.BILINEAR)
                .transpose(0, 3, 1, 2);
    }

    /** The input shape the layers see: {@code s}, or with {@link Config#resizeInput} the backbone's own image size. */
    private Shape fitted(Shape s) {
        return spec.resizeInput() && s.dimension() == 4 ? new Shape(s.get(0), s.get(1), spec.imageSize(), spec.imageSize()) : s;
    }

    private void checkImages(Shape s) {
        if (s.dimension() != 4 || s.get(2) != spec.imageSize() || s.get(3) != spec.imageSize())
            throw new IllegalArgumentException(spec.name() + " takes images (B, channels, " + spec.imageSize() + ", " + spec.imageSize()
                    + ") (its position embeddings are per grid cell), got " + s);
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) { return new Shape[] {new Shape(inputShapes[0].get(0), spec.width3())}; }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        Shape s = fitted(inputShapes[0]);
        checkImages(s);
        stem.initialize(manager, dataType, s);
        Shape x = stem.getOutputShapes(new Shape[] {s})[0];
        embed1.initialize(manager, dataType, x);
        x = embed1.getOutputShapes(new Shape[] {x})[0];
        for (ConvMlpBlock b : stage1) b.initialize(manager, dataType, x);
        embed2.initialize(manager, dataType, x);
        long batch = s.get(0);
        Shape t2 = new Shape(batch, (long) spec.grid2() * spec.grid2(), spec.width2());
        for (TransformerEncoderLayer l : stage2) l.initialize(manager, dataType, t2);
        embed3.initialize(manager, dataType, new Shape(batch, spec.width2(), spec.grid2(), spec.grid2()));
        Shape t3 = new Shape(batch, spec.lastStageTokens(), spec.width3());
        for (TransformerEncoderLayer l : stage3) l.initialize(manager, dataType, t3);
        finalNorm.initialize(manager, dataType, t3);
    }

    /** Stage 1's block: x + 1×1 → GELU → grouped 3×3 → GELU → 1×1 applied to BN(x), all convs bias-free. */
    static final class ConvMlpBlock extends AbstractBlock {
        private final Block norm, mlp;

        ConvMlpBlock(int width, int hidden, int groups) {
            norm = addChildBlock("norm", BatchNorm.builder().build());
            mlp = addChildBlock("mlp", new SequentialBlock()
                    .add(Conv2d.builder().setKernelShape(new Shape(1, 1)).setFilters(hidden).optBias(false).build())
                    .add(Activation.geluBlock())
                    .add(Conv2d.builder().setKernelShape(new Shape(3, 3)).optPadding(new Shape(1, 1)).optGroups(groups).setFilters(hidden).optBias(false).build())
                    .add(Activation.geluBlock())
                    .add(Conv2d.builder().setKernelShape(new Shape(1, 1)).setFilters(width).optBias(false).build()));
        }

        @Override
        protected NDList forwardInternal(ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
            NDArray x = inputs.head();
            return new NDList(x.add(mlp.forward(ps, norm.forward(ps, new NDList(x), training), training).head()));
        }

        @Override public Shape[] getOutputShapes(Shape[] inputShapes) { return new Shape[] {inputShapes[0]}; }

        @Override
        protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
            norm.initialize(manager, dataType, inputShapes[0]);
            mlp.initialize(manager, dataType, inputShapes[0]);
        }
    }
}
