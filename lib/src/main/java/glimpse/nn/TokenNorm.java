package glimpse.nn;

import ai.djl.nn.Block;
import ai.djl.nn.norm.BatchNorm;
import ai.djl.nn.norm.LayerNorm;

/**
 * Makes the normalisation a transformer layer applies to its tokens (B, T, C). The two kinds are
 * records, so a layer configuration that holds one prints and compares by value (result caches
 * key on the printed configuration).
 */
public interface TokenNorm {
    /** A fresh, uninitialised norm block for (B, T, C) → (B, T, C). */
    Block create();

    /** LayerNorm over the C channels of each token (ε: PyTorch's 1e-5; timm's ViT uses 1e-6). */
    static TokenNorm layerNorm(float epsilon) { return new LayerNormPerToken(epsilon); }

    /**
     * BatchNorm of each channel over all B·T tokens, as Visformer's BatchNorm2d over a (B, C, H, W)
     * map when T = H·W; running statistics in inference. DJL's defaults (ε 1e-5, PyTorch momentum 0.1).
     */
    static TokenNorm batchNormOverChannels() { return new BatchNormOverChannels(); }

    record LayerNormPerToken(float epsilon) implements TokenNorm {
        @Override
        public Block create() { return LayerNorm.builder().axis(2).optEpsilon(epsilon).build(); }
    }

    record BatchNormOverChannels() implements TokenNorm {
        @Override
        public Block create() { return BatchNorm.builder().optAxis(2).build(); }
    }
}
