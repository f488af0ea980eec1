package glimpse.nn;

import java.util.Locale;

/**
 * Forward FLOPs of ONE image through a network, counted from the shapes our builders build, so a paper
 * section can say what a run will cost before it spends it ({@link glimpse.experiment.CostEstimate}).
 *
 * <p><b>What is counted.</b> A multiply-add is 2 FLOPs. Counted: every multiply-add of a convolution, a
 * linear map, and attention's two matrix products (QKᵀ and the weighted sum of V). Ignored, because they
 * are elementwise (a few operations per activation, not per weight), of the order of 1% of these networks'
 * count or less: biases, batch and layer norm, activations, pooling, softmax, the scaling of the scores,
 * residual sums, position embeddings. Many papers print multiply-adds and call them FLOPs (He et al. 2016,
 * arXiv 1512.03385 Table 1: ResNet-34 "3.6×10⁹ FLOPs"; Liu et al. 2021, arXiv 2103.14030 Table 1: DeiT-S
 * "4.6G"): our counts are twice theirs (ResNet-34 at 224 px: 3.66 G multiply-adds, 7.33 GFLOPs here;
 * DeiT-Small: 4.60 G, 9.20 GFLOPs).
 *
 * <p><b>What a network is.</b> The backbones as {@link ResNets}, {@link Conv4} and {@link VisionTransformer}
 * build them: no classifier head (add {@code linear(features, classes, 1)} for one); the pooling option
 * does not change the count. Sizes are square images of {@code imageSize} px.
 *
 * <pre>{@code
 * long r34 = Flops.resnet34(224, true);            // CTX's dilated ResNet-34: last stage at 14×14
 * long deit = Flops.deitSmall(224);
 * System.out.println(Flops.format(r34));           // "… GFLOPs"
 * }</pre>
 */
public final class Flops {
    private Flops() {}

    /** FLOPs per multiply-add. */
    public static final int PER_MULTIPLY_ADD = 2;

    // ---------------------------------------------------------------- primitives

    /** Output size of a convolution or pooling along one axis (floor, as PyTorch and DJL without ceil mode). */
    public static int outputSize(int input, int kernel, int stride, int padding, int dilation) {
        if (input <= 0 || kernel <= 0 || stride <= 0 || padding < 0 || dilation <= 0)
            throw new IllegalArgumentException("output size needs input, kernel, stride, dilation > 0 and padding >= 0, got input " + input
                    + ", kernel " + kernel + ", stride " + stride + ", padding " + padding + ", dilation " + dilation);
        int out = Math.floorDiv(input + 2 * padding - dilation * (kernel - 1) - 1, stride) + 1;   // floor, also below zero
        if (out <= 0) throw new IllegalArgumentException("a " + kernel + "×" + kernel + " window (dilation " + dilation + ", padding " + padding
                + ") does not fit an input of " + input + " px: the image is too small for this network");
        return out;
    }

    /**
     * A 2-D convolution producing an {@code outHeight}×{@code outWidth} map: each output value takes
     * (inChannels / groups)·kernel² multiply-adds. Dilation changes the output size, not the work per value.
     */
    public static long conv(int inChannels, int outChannels, int kernel, int outHeight, int outWidth, int groups) {
        if (inChannels <= 0 || outChannels <= 0 || kernel <= 0 || outHeight <= 0 || outWidth <= 0 || groups <= 0)
            throw new IllegalArgumentException("conv needs positive channels, kernel, output size and groups, got in " + inChannels + ", out "
                    + outChannels + ", kernel " + kernel + ", output " + outHeight + "×" + outWidth + ", groups " + groups);
        if (inChannels % groups != 0 || outChannels % groups != 0)
            throw new IllegalArgumentException("groups " + groups + " must divide both channel counts, " + inChannels + " and " + outChannels);
        return PER_MULTIPLY_ADD * (long) outChannels * outHeight * outWidth * (inChannels / groups) * kernel * kernel;
    }

    /** A square convolution on an {@code inSize}×{@code inSize} input, its output size from stride, padding and dilation. */
    public static long conv(int inChannels, int outChannels, int kernel, int stride, int padding, int dilation, int inSize) {
        int out = outputSize(inSize, kernel, stride, padding, dilation);
        return conv(inChannels, outChannels, kernel, out, out, 1);
    }

    /** A linear map {@code in → out} applied to each of {@code tokens} vectors. */
    public static long linear(int in, int out, long tokens) {
        if (in <= 0 || out <= 0 || tokens <= 0)
            throw new IllegalArgumentException("linear needs positive sizes, got in " + in + ", out " + out + ", tokens " + tokens);
        return PER_MULTIPLY_ADD * (long) in * out * tokens;
    }

    /**
     * Attention's two products for {@code queries} queries over {@code keys} keys of width {@code dim}
     * split into {@code heads} heads: QKᵀ is heads·queries·keys·(dim/heads) multiply-adds, and the weighted
     * sum of V the same, so 2·2·queries·keys·dim FLOPs whatever the heads. The Q/K/V and output
     * projections are {@link #linear} maps, counted by {@link #encoderLayer}.
     */
    public static long attention(int queries, int keys, int dim, int heads) {
        if (queries <= 0 || keys <= 0 || dim <= 0 || heads <= 0 || dim % heads != 0)
            throw new IllegalArgumentException("attention needs positive queries, keys and dim, and heads dividing dim, got " + queries
                    + " queries, " + keys + " keys, dim " + dim + ", heads " + heads);
        return 2L * PER_MULTIPLY_ADD * queries * (long) keys * dim;
    }

    /** Self-attention over {@code tokens} tokens: {@link #attention(int, int, int, int)} with queries = keys = tokens. */
    public static long attention(int tokens, int dim, int heads) { return attention(tokens, tokens, dim, heads); }

    /**
     * One {@link TransformerEncoderLayer} on {@code tokens} tokens: the Q, K, V projections (fused or not,
     * the same work), attention, the output projection and the MLP's two linear maps.
     */
    public static long encoderLayer(int tokens, TransformerEncoderLayer.Config layer) {
        int d = layer.dim();
        return 3 * linear(d, d, tokens) + attention(tokens, d, layer.attention().heads()) + linear(d, d, tokens)
                + linear(d, layer.mlpHidden(), tokens) + linear(layer.mlpHidden(), d, tokens);
    }

    // ---------------------------------------------------------------- architectures

    /** {@link ResNets#resnet34}: the stem, basic blocks 3-4-6-3; {@code dilateLast} keeps the last stage at stride 1 (four times its FLOPs). */
    public static long resnet34(int imageSize, boolean dilateLast) { return resnet34(3, imageSize, dilateLast); }

    public static long resnet34(int channels, int imageSize, boolean dilateLast) { return basicBlocks(channels, imageSize, STAGE_BLOCKS, dilateLast); }

    /** {@link ResNets#resnet10}: the stem, one basic block per stage (the ImageNet-LT ResNet-10). */
    public static long resnet10(int imageSize) { return basicBlocks(3, imageSize, new int[] {1, 1, 1, 1}, false); }

    private static long basicBlocks(int channels, int imageSize, int[] blocks, boolean dilateLast) {
        Trace t = stem(channels, imageSize);
        for (int s = 0; s < 4; s++) {
            boolean dilated = dilateLast && s == 3;
            int width = STAGE_WIDTHS[s];
            for (int b = 0; b < blocks[s]; b++) {
                int stride = (b == 0 && s > 0 && !dilated) ? 2 : 1, dilation = dilated ? 2 : 1;
                Trace main = t.copy().conv(width, 3, stride, dilation, dilation).conv(width, 3, 1, dilation, dilation);
                if (stride != 1 || t.channels != width) t.shortcut(t.copy().conv(width, 1, stride, 0, 1));
                t.becomes(main);
            }
        }
        return t.flops;
    }

    /** {@link ResNets#resnet50}: the stem, bottlenecks 1×1 → 3×3 (stride) → 1×1 (4×), stages 3-4-6-3. */
    public static long resnet50(int imageSize) { return resnet50(3, imageSize); }

    public static long resnet50(int channels, int imageSize) {
        Trace t = stem(channels, imageSize);
        for (int s = 0; s < 4; s++) {
            int width = STAGE_WIDTHS[s], out = 4 * width;
            for (int b = 0; b < STAGE_BLOCKS[s]; b++) {
                int stride = (b == 0 && s > 0) ? 2 : 1;
                Trace main = t.copy().conv(width, 1, 1, 0, 1).conv(width, 3, stride, 1, 1).conv(out, 1, 1, 0, 1);
                if (stride != 1 || t.channels != out) t.shortcut(t.copy().conv(out, 1, stride, 0, 1));
                t.becomes(main);
            }
        }
        return t.flops;
    }

    /** {@link ResNets#resnet12(boolean)}: widths 64-160-320-640 (few-shot ResNet-12, usually at 84 px). */
    public static long resnet12(int imageSize) { return resnet12(3, imageSize, new int[] {64, 160, 320, 640}); }

    /** {@link ResNets#small}: the ResNet-12 blocks at widths 32-64-128. */
    public static long resnetSmall(int channels, int imageSize) { return resnet12(channels, imageSize, new int[] {32, 64, 128}); }

    /** {@link ResNets#resnet12(int[], boolean)}: per width, three 3×3 convs and a 1×1 shortcut, then a 2×2 max-pool. */
    public static long resnet12(int channels, int imageSize, int[] widths) {
        Trace t = new Trace(channels, imageSize);
        for (int w : widths) {
            Trace main = t.copy().conv(w, 3, 1, 1, 1).conv(w, 3, 1, 1, 1).conv(w, 3, 1, 1, 1);
            t.shortcut(t.copy().conv(w, 1, 1, 0, 1));
            t.becomes(main).pool(2, 2, 0);
        }
        return t.flops;
    }

    /** {@link Conv4}: four blocks of 3×3 conv (padding 1) and 2×2 max-pool, {@code width} channels each. */
    public static long conv4(int channels, int imageSize, int width) {
        Trace t = new Trace(channels, imageSize);
        for (int i = 0; i < 4; i++) t.conv(width, 3, 1, 1, 1).pool(2, 2, 0);
        return t.flops;
    }

    /** DeiT-Small as {@link VisionTransformer#deitSmall} builds it: 16-px patches, width 384, 12 layers of 6 heads, MLP 1536, a class token. */
    public static long deitSmall(int imageSize) {
        return vit(3, imageSize, 16, 12, TransformerEncoderLayer.Config.preNormGelu(384, 6, 4.0), true, 0, 0);
    }

    /**
     * A {@link VisionTransformer} as its builder configures it: the patch embedding (a p×p convolution
     * with stride p), then {@code depth} {@link #encoderLayer}s on [class token] + patches, with
     * {@code extraTokens} more tokens from layer {@code extraTokensBeforeLayer} on (0, 0 for none).
     */
    public static long vit(int channels, int imageSize, int patchSize, int depth, TransformerEncoderLayer.Config layer,
                           boolean classToken, int extraTokens, int extraTokensBeforeLayer) {
        if (patchSize <= 0 || imageSize % patchSize != 0)
            throw new IllegalArgumentException("patch size " + patchSize + " must be positive and divide the image size " + imageSize);
        if (depth <= 0 || extraTokens < 0 || (extraTokens > 0 && (extraTokensBeforeLayer < 0 || extraTokensBeforeLayer >= depth)))
            throw new IllegalArgumentException("need depth > 0 and 0 <= extraTokensBeforeLayer < depth, got depth " + depth
                    + ", " + extraTokens + " extra tokens before layer " + extraTokensBeforeLayer);
        int grid = imageSize / patchSize, patches = grid * grid;
        long flops = conv(channels, layer.dim(), patchSize, grid, grid, 1);
        for (int i = 0; i < depth; i++) {
            int tokens = (classToken ? 1 : 0) + patches + (extraTokens > 0 && i >= extraTokensBeforeLayer ? extraTokens : 0);
            flops += encoderLayer(tokens, layer);
        }
        return flops;
    }

    /** "7.34 GFLOPs", "512 MFLOPs", "1.2e+17 FLOPs" (beyond peta). */
    public static String format(double flops) {
        String[] units = {"", "k", "M", "G", "T", "P"};
        int u = 0;
        double v = flops;
        while (Math.abs(v) >= 999.5 && u < units.length - 1) { v /= 1000; u++; }   // 999.7 M is "1.00 GFLOPs", not "1000 MFLOPs"
        if (Math.abs(v) >= 999.5) return String.format(Locale.ROOT, "%.2g FLOPs", flops);
        return String.format(Locale.ROOT, v >= 99.95 ? "%.0f %sFLOPs" : v >= 9.995 ? "%.1f %sFLOPs" : "%.2f %sFLOPs", v, units[u]);
    }

    /** Blocks and widths of the four stages of ResNet-34/50 (He et al. 2016, arXiv 1512.03385, Table 1), as in {@link ResNets}. */
    private static final int[] STAGE_BLOCKS = {3, 4, 6, 3}, STAGE_WIDTHS = {64, 128, 256, 512};

    /** The ResNet-34/50 stem: 7×7 conv (64, stride 2, padding 3), 3×3 max-pool (stride 2, padding 1). */
    private static Trace stem(int channels, int imageSize) {
        return new Trace(channels, imageSize).conv(64, 7, 2, 3, 1).pool(3, 2, 1);
    }

    /** Follows a square feature map through a network, adding up the FLOPs of what it passes. */
    private static final class Trace {
        int channels, size;
        long flops;

        Trace(int channels, int size) {
            if (channels <= 0 || size <= 0) throw new IllegalArgumentException("image channels and size must be positive, got " + channels + ", " + size);
            this.channels = channels;
            this.size = size;
        }

        Trace copy() {
            Trace t = new Trace(channels, size);
            return t;
        }

        Trace conv(int out, int kernel, int stride, int padding, int dilation) {
            int next = outputSize(size, kernel, stride, padding, dilation);
            flops += Flops.conv(channels, out, kernel, next, next, 1);
            channels = out;
            size = next;
            return this;
        }

        Trace pool(int kernel, int stride, int padding) {
            size = outputSize(size, kernel, stride, padding, 1);
            return this;
        }

        /** A shortcut branch: its FLOPs count, its output shape is the main branch's. */
        void shortcut(Trace branch) { flops += branch.flops; }

        /** The main branch's output becomes this map; its FLOPs count. */
        Trace becomes(Trace main) {
            flops += main.flops;
            channels = main.channels;
            size = main.size;
            return this;
        }
    }
}
