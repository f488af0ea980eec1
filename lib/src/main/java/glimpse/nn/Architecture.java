package glimpse.nn;

import ai.djl.nn.Block;

/**
 * A backbone that is pre-trained once by classification ({@code glimpse.pretrain}) and then loaded by
 * every pipeline that uses it: the few-shot backbones ({@link FewShotBackbone}), the workbook's small
 * ViT ({@link SmallVit}), Semantic Prompt's Visformer ({@code Visformer.Config}). An implementation is
 * a record or an enum, so that it keys a cached result ({@code glimpse.SpecJson}: a record behind this
 * interface is written with its type).
 *
 * <p>The block {@link #backbone} builds is the one whose weights are saved; a pipeline may build the same
 * network with another output (a spatial map instead of the pooled vector, tokens instead of the class
 * token) — the parameters, and so the weights file, are the same.
 */
public interface Architecture {
    /** For people: "Conv-4", "ResNet-12 (small)", "Visformer cpu-32-lite", "ViT-small p4". */
    String label();

    /**
     * A fresh backbone for square images of {@code imageSize} px: (N, C, s, s) → a pooled (N, D) vector or a
     * spatial map (N, D, h, w), which pre-training pools by global average before its linear head.
     */
    Block backbone(int imageSize);
}
