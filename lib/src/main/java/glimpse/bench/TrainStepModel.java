package glimpse.bench;

import ai.djl.nn.Block;
import glimpse.data.ImageSet;
import glimpse.method.retrieval.RetrievalNet;
import glimpse.method.semanticprompt.Visformer;
import glimpse.nn.Blocks;
import glimpse.nn.Conv4;
import glimpse.nn.Pooling;
import glimpse.train.TrainConfig;

import java.util.List;
import java.util.Locale;
import java.util.function.Supplier;

/**
 * A training step measured in the same run in our loop and in PyTorch eager (and, for Conv-4, DJL's
 * EasyTrain): synthetic images (channels × size²) with labels in {@code classes}, softmax
 * cross-entropy on the model's logits, the optimizer below, every peer reading the loss each step.
 * The PyTorch peer is {@code torch_step.py} with the module {@code torchModule} building the same
 * layer list (its parameter count is printed next to ours in the table).
 *
 * @param torchModule the Python module under {@code /glimpse/bench/} (without ".py") that builds the model
 */
record TrainStepModel(String name, String summary, int channels, int imageSize, int classes, Supplier<Block> net,
                      TrainConfig.Optimizer optimizer, float learningRate, float weightDecay, String torchModule,
                      List<String> peers, Defaults defaults) implements BenchModel {

    /** Conv-4 on 28×28 grayscale, 10 classes, Adam lr 1e-3: the original bench entry, unchanged. */
    static TrainStepModel conv4() {
        return new TrainStepModel("conv4", "Conv-4 training step, 28x28x1, Adam: TrainLoop vs DJL EasyTrain vs PyTorch eager",
                1, 28, 10, () -> Blocks.classifier(Conv4.build(Conv4.Output.FLATTEN), 10),
                TrainConfig.Optimizer.ADAM, 1e-3f, 0f, "conv4_torch", List.of("ours", "easytrain", "pytorch"),
                new Defaults(2, 2, 20, 8, 128));
    }

    /**
     * Semantic Prompt's CPU backbone {@link Visformer#cpu32()} with a 64-way linear head (the
     * pre-training classifier of arXiv 2303.14123 §3.1 on a 64-class base split), 32×32×1, AdamW at
     * the paper's pre-training lr 5e-4 and weight decay 0.05 (§4.1).
     */
    static TrainStepModel visformer() {
        return new TrainStepModel("visformer", "Visformer cpu32 + linear head training step, 32x32x1, AdamW: TrainLoop vs PyTorch eager",
                1, 32, 64, () -> Visformer.withHead(Visformer.cpu32(), 64),
                TrainConfig.Optimizer.ADAMW, 5e-4f, 0.05f, "visformer_torch", List.of("ours", "pytorch"),
                new Defaults(2, 2, 4, 2, 64));
    }

    /**
     * IRT's small ViT ({@link RetrievalNet#smallVit}, CLS pooling, L2-normalised descriptor) with a
     * 100-way linear head on the descriptor, 32×32×1, AdamW lr 3e-4, wd 5e-4 (the CPU recipe's).
     * IRT itself trains the descriptor with a contrastive loss (arXiv 2102.05644 §3.2); a linear
     * head with cross-entropy costs the same backbone forward and backward, which is what a step
     * benchmark compares.
     */
    static TrainStepModel vit() {
        return new TrainStepModel("vit", "IRT small ViT (patch 4, 128 wide, depth 4) + linear head training step, 32x32x1, AdamW: TrainLoop vs PyTorch eager",
                1, 32, 100, () -> Blocks.classifier(RetrievalNet.smallVit(Pooling.CLS), 100),
                TrainConfig.Optimizer.ADAMW, 3e-4f, 5e-4f, "vit_torch", List.of("ours", "pytorch"),
                new Defaults(2, 2, 3, 2, 64));
    }

    /** The shared loop's configuration for this model's optimizer. */
    TrainConfig config(int steps, int batch) {
        TrainConfig.Builder b = TrainConfig.builder().steps(steps).batchSize(batch).logEvery(0);
        return switch (optimizer) {
            case ADAM -> b.adam(learningRate).weightDecay(weightDecay).build();
            case ADAMW -> b.adamW(learningRate).weightDecay(weightDecay).build();
            case SGD -> throw new IllegalStateException(name + ": the step bench compares Adam-family optimizers only");
        };
    }

    ImageSet images(int n) { return Peers.syntheticImages(n, channels, imageSize, classes); }

    /** The header line of this entry's table. */
    String workload(Peers.Plan plan, int threads) {
        return String.format(Locale.ROOT, "%s: %dx%dx%d, %d classes, batch %d, %s lr %s%s, cross-entropy, %d threads",
                name, imageSize, imageSize, channels, classes, plan.batch(), optimizer == TrainConfig.Optimizer.ADAM ? "Adam" : "AdamW",
                plain(learningRate), weightDecay == 0 ? "" : " wd " + plain(weightDecay), threads);
    }

    private static String plain(float v) { return new java.math.BigDecimal(Float.toString(v)).stripTrailingZeros().toPlainString(); }

    /** The arguments the PyTorch peer script takes for this model. */
    List<String> torchArguments() {
        return List.of("model=" + torchModule, "channels=" + channels, "size=" + imageSize, "classes=" + classes,
                "optimizer=" + optimizer.name().toLowerCase(Locale.ROOT), "lr=" + learningRate, "wd=" + weightDecay);
    }
}
