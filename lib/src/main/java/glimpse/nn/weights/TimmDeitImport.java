package glimpse.nn.weights;

import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.core.Linear;
import glimpse.nn.MultiHeadSelfAttention;
import glimpse.nn.TransformerEncoderLayer;
import glimpse.nn.VisionTransformer;

import java.util.ArrayList;
import java.util.List;

/**
 * The names of timm's ViT/DeiT state dicts ({@code deit_small_patch16_224}) for a
 * {@link VisionTransformer} with a class token and fused qkv ({@link VisionTransformer#deitSmall}):
 * <pre>
 *   cls_token, pos_embed                        classToken (1, 1, C), positions (1, 1 + g², C)
 *   patch_embed.proj                            the p×p patch convolution
 *   blocks.{i}.norm1, .attn.qkv, .attn.proj     layer i: first LayerNorm, fused qkv (rows [W_q; W_k; W_v], timm's order), output projection
 *   blocks.{i}.norm2, .mlp.fc1, .mlp.fc2        second LayerNorm and the MLP
 *   norm, head                                  the final LayerNorm and the 1000-way classifier (when the model has it)
 * </pre>
 * A checkpoint trained at another image size has another g: its position embedding is resized by
 * {@link PositionEmbeddingResize} (bicubic, antialiased, as timm's {@code resample_abs_pos_embed}).
 */
public final class TimmDeitImport {
    private TimmDeitImport() {}

    /** @param head the classifier on the class token, or null for a bare backbone */
    public static List<WeightImport.Target> targets(VisionTransformer vit, Linear head) {
        if (vit.getDirectParameters().get("classToken") == null) throw new IllegalArgumentException("timm's DeiT has a class token; this ViT has none");
        List<WeightImport.Target> out = new ArrayList<>();
        out.add(new WeightImport.Target("cls_token", vit.getDirectParameters().get("classToken")));
        out.add(new WeightImport.Target("pos_embed", vit.getDirectParameters().get("positions"), TimmDeitImport::resizePositions));
        WeightImport.addLayer(out, "patch_embed.proj", WeightImport.child(vit, "patchEmbedding"));
        List<TransformerEncoderLayer> layers = vit.layers();
        for (int i = 0; i < layers.size(); i++) {
            TransformerEncoderLayer layer = layers.get(i);
            if (layer.config().attention().projections() != MultiHeadSelfAttention.Projections.FUSED)
                throw new IllegalArgumentException("timm's layout has one fused qkv projection per layer; layer " + i + " has separate ones");
            String prefix = "blocks." + i;
            Block attention = WeightImport.child(layer, "attention");
            WeightImport.addLayer(out, prefix + ".norm1", WeightImport.child(layer, "norm1"));
            WeightImport.addLayer(out, prefix + ".attn.qkv", WeightImport.child(attention, "qkv"));
            WeightImport.addLayer(out, prefix + ".attn.proj", WeightImport.child(attention, "output"));
            WeightImport.addLayer(out, prefix + ".norm2", WeightImport.child(layer, "norm2"));
            WeightImport.addLayer(out, prefix + ".mlp.fc1", WeightImport.child(layer, "mlpHidden"));
            WeightImport.addLayer(out, prefix + ".mlp.fc2", WeightImport.child(layer, "mlpOutput"));
        }
        WeightImport.addLayer(out, "norm", WeightImport.child(vit, "finalNorm"));
        if (head != null) WeightImport.addLayer(out, "head", head);
        return out;
    }

    /** (1, 1 + g², C) → (1, 1 + G², C) when both grids are square and the widths agree; otherwise a mismatch (null). */
    static WeightImport.Resized resizePositions(float[] values, long[] fileShape, Shape expected) {
        if (fileShape.length != 3 || expected.dimension() != 3 || fileShape[0] != 1 || fileShape[2] != expected.get(2)) return null;
        int from = squareSide(fileShape[1] - 1), to = squareSide(expected.get(1) - 1);
        if (from <= 0 || to <= 0) return null;
        return new WeightImport.Resized(PositionEmbeddingResize.resize(values, 1, from, to, (int) fileShape[2]),
                "position grid resized " + from + "×" + from + " → " + to + "×" + to + " (bicubic, antialiased)");
    }

    private static int squareSide(long n) {
        int side = (int) Math.round(Math.sqrt(n));
        return (long) side * side == n ? side : -1;
    }
}
