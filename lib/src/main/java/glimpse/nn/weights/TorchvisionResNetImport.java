package glimpse.nn.weights;

import ai.djl.nn.Block;
import ai.djl.nn.ParallelBlock;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.nn.core.Linear;
import ai.djl.nn.norm.BatchNorm;

import java.util.ArrayList;
import java.util.List;

/**
 * The names of torchvision's ResNet state dicts ({@code torchvision.models.resnet34/resnet50}) for
 * the blocks of {@link glimpse.nn.ResNets#resnet34} (undilated) and {@link glimpse.nn.ResNets#resnet50}:
 * <pre>
 *   conv1, bn1                                  the stem's 7×7 conv and its BatchNorm
 *   layer{s}.{b}.conv{i}, layer{s}.{b}.bn{i}    the i-th conv / BatchNorm of residual block b of stage s (basic: i ≤ 2, bottleneck: i ≤ 3)
 *   layer{s}.{b}.downsample.0, .1              the projection shortcut's 1×1 conv and BatchNorm
 *   fc                                          the ImageNet classifier (only when the model has the head)
 * </pre>
 * The names are given by walking the model's own blocks in order, so a block the checkpoint has no
 * tensor for shows up as missing instead of being skipped.
 */
public final class TorchvisionResNetImport {
    private TorchvisionResNetImport() {}

    /** Residual blocks per stage of both ResNet-34 and ResNet-50. */
    static final int[] STAGE_BLOCKS = {3, 4, 6, 3};

    /**
     * @param backbone the ResNet (its children: stem conv, BatchNorm, ReLU, max-pool, then residual
     *                 blocks each followed by a ReLU, optionally a global pool)
     * @param head     the 1000-way linear classifier, or null for a bare backbone
     */
    public static List<WeightImport.Target> targets(Block backbone, Linear head) {
        List<WeightImport.Target> out = new ArrayList<>();
        List<Block> children = backbone.getChildren().values();
        if (children.size() < 2 || !(children.get(0) instanceof Conv2d) || !(children.get(1) instanceof BatchNorm))
            throw new IllegalArgumentException("not a torchvision-shaped ResNet: it should start with a conv and a BatchNorm, has " + backbone.getChildren().keys());
        WeightImport.addLayer(out, "conv1", children.get(0));
        WeightImport.addLayer(out, "bn1", children.get(1));
        List<ParallelBlock> residuals = children.stream().filter(b -> b instanceof ParallelBlock).map(b -> (ParallelBlock) b).toList();
        if (residuals.size() != 16) throw new IllegalArgumentException("not a ResNet-34/50: " + residuals.size() + " residual blocks, expected 3+4+6+3");
        int k = 0;
        for (int s = 0; s < STAGE_BLOCKS.length; s++)
            for (int b = 0; b < STAGE_BLOCKS[s]; b++) residual(out, "layer" + (s + 1) + "." + b, residuals.get(k++));
        if (head != null) WeightImport.addLayer(out, "fc", head);
        return out;
    }

    private static void residual(List<WeightImport.Target> out, String prefix, ParallelBlock block) {
        List<Block> branches = block.getChildren().values();
        int conv = 0, norm = 0;
        for (Block layer : branches.get(0).getChildren().values()) {
            if (layer instanceof Conv2d) WeightImport.addLayer(out, prefix + ".conv" + ++conv, layer);
            else if (layer instanceof BatchNorm) WeightImport.addLayer(out, prefix + ".bn" + ++norm, layer);
        }
        if (branches.get(1) instanceof SequentialBlock shortcut) {
            List<Block> layers = shortcut.getChildren().values();
            WeightImport.addLayer(out, prefix + ".downsample.0", layers.get(0));
            WeightImport.addLayer(out, prefix + ".downsample.1", layers.get(1));
        }
    }
}
