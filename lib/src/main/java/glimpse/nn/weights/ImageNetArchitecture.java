package glimpse.nn.weights;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.core.Linear;
import ai.djl.training.ParameterStore;
import glimpse.nn.BackboneOutput;
import glimpse.nn.Blocks;
import glimpse.nn.ResNets;
import glimpse.nn.VisionTransformer;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/**
 * The ImageNet-pretrained networks the papers start from, in the layouts of their published
 * checkpoints: torchvision's resnet34 and resnet50 (TASN's backbone: ResNet-50) and timm's
 * deit_small_patch16_224 (IRT's). Each builds its 1000-way classifier (backbone + linear head, the
 * children "backbone" and "head" of {@link Blocks#classifier}) and names the checkpoint's tensors
 * for it.
 *
 * <pre>{@code
 * Block net = ImageNetArchitecture.RESNET50.classifier(224);
 * Blocks.initialize(net, manager, new Shape(1, 3, 224, 224));
 * ImageNetArchitecture.RESNET50.load(net, Path.of("resnet50.safetensors")).requireComplete();
 * }</pre>
 * Inputs are what the checkpoints were trained on: RGB scaled to [0, 1], then normalised by the
 * ImageNet mean (0.485, 0.456, 0.406) and std (0.229, 0.224, 0.225).
 */
public enum ImageNetArchitecture {
    RESNET34("resnet34"),
    RESNET50("resnet50"),
    DEIT_SMALL("deit_small");

    public static final int CLASSES = 1000;

    private final String cliName;

    ImageNetArchitecture(String cliName) { this.cliName = cliName; }

    public String cliName() { return cliName; }

    public static ImageNetArchitecture of(String name) {
        return Arrays.stream(values()).filter(a -> a.cliName.equals(name)).findFirst().orElseThrow(() -> new IllegalArgumentException(
                "unknown architecture '" + name + "'; known: " + Arrays.stream(values()).map(ImageNetArchitecture::cliName).toList()));
    }

    /** The backbone alone: ResNets pooled to (B, C), DeiT's class token (B, 384). */
    public Block backbone(int imageSize) {
        return switch (this) {
            case RESNET34 -> ResNets.resnet34(false, true);
            case RESNET50 -> ResNets.resnet50(true);
            case DEIT_SMALL -> VisionTransformer.deitSmall(imageSize, BackboneOutput.CLS);
        };
    }

    /** Backbone + the 1000-way linear head: the whole published network. */
    public SequentialBlock classifier(int imageSize) { return Blocks.classifier(backbone(imageSize), CLASSES); }

    /**
     * The checkpoint tensors for {@code model}: this architecture's {@link #classifier} or its bare
     * {@link #backbone} (any output; the file's head is then ignored).
     */
    public List<WeightImport.Target> targets(Block model) {
        Block backbone = model;
        Linear head = null;
        if (model instanceof SequentialBlock s && s.getChildren().size() == 2 && s.getChildren().get(1).getValue() instanceof Linear l) {
            backbone = s.getChildren().get(0).getValue();
            head = l;
        }
        if (this == DEIT_SMALL) {
            if (!(backbone instanceof VisionTransformer vit)) throw new IllegalArgumentException("deit_small loads into a VisionTransformer, not " + backbone.getClass().getSimpleName());
            return TimmDeitImport.targets(vit, head);
        }
        return TorchvisionResNetImport.targets(backbone, head);
    }

    /** Loads a safetensors checkpoint into the initialised {@code model} (see {@link #targets}). */
    public WeightImport.Report load(Block model, Path file) {
        List<WeightImport.Target> targets = targets(model);
        boolean hasHead = targets.stream().anyMatch(t -> t.name().equals(headName() + ".weight"));
        return WeightImport.load(file, cliName, targets, ignored(hasHead));
    }

    private String headName() { return this == DEIT_SMALL ? "head" : "fc"; }

    private Map<Predicate<String>, String> ignored(boolean hasHead) {
        Predicate<String> counter = n -> n.endsWith(".num_batches_tracked");
        Predicate<String> head = n -> !hasHead && n.startsWith(headName() + ".");
        return this == DEIT_SMALL ? Map.of(head, "classifier head; the model is a bare backbone")
                : Map.of(counter, "BatchNorm's training-step counter", head, "classifier head; the model is a bare backbone");
    }

    /**
     * A fixed probe image (1, 3, size, size): channel c, row h, column w holds
     * sin(0.05 · (h · size + w) + c) — smooth, deterministic, in the range of normalised pixels;
     * {@code weights check} prints the logits it gives.
     */
    public static float[] probeImage(int size) {
        float[] x = new float[3 * size * size];
        for (int c = 0; c < 3; c++)
            for (int i = 0; i < size * size; i++) x[c * size * size + i] = (float) Math.sin(0.05 * i + c);
        return x;
    }

    /** The model's logits (eval mode: BatchNorm running statistics, no dropout) for images (B, 3, size, size). */
    public static float[] logits(Block model, NDManager manager, float[] images, int batch, int size) {
        try (NDManager step = manager.newSubManager()) {
            NDArray x = step.create(images, new Shape(batch, 3, size, size));
            return model.forward(new ParameterStore(step, false), new NDList(x), false).head().toFloatArray();
        }
    }
}
