package glimpse.bench;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import ai.djl.util.Pair;
import glimpse.data.ImageSet;
import glimpse.data.sampling.Seeds;
import glimpse.method.tasn.AttentionNet;
import glimpse.method.tasn.AttentionSampler;
import glimpse.method.tasn.Tasn;
import glimpse.method.tasn.TasnLoss;
import glimpse.method.tasn.TrilinearAttention;
import glimpse.nn.Blocks;
import glimpse.nn.GridSample;
import glimpse.nn.ResNets;
import glimpse.nn.Scalars;
import glimpse.train.Batch;
import glimpse.train.BatchSource;
import glimpse.train.StepLoss;
import glimpse.train.TrainConfig;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;

/**
 * Where a TASN training step's time goes (Zheng et al., CVPR 2019, §3), at the workbook's sizes:
 * 96-px grayscale input (the diacritic glyph task), {@link AttentionNet#small()} on a 32-px view,
 * the clean {@link AttentionSampler} to 32 px, {@link ResNets#small} as the one part/master
 * backbone, 24 classes, {@link TasnLoss#paper()}, SGD lr 0.1 without momentum (the paper's).
 * <ol>
 *   <li>the whole step in the shared loop (images/s, as the other entries);</li>
 *   <li>an instrumented step on the same model's children, in {@link Tasn#outputs}' order, split into
 *       (a) attention net: resize, attention net and auxiliary head forward, its cross-entropy, and
 *       backward; (b) sampling: trilinear maps, structure and detail maps, two sampler calls (no
 *       gradient: TASN detaches the maps); (c) part/master nets: the backbone on the concatenated
 *       2B images, the three heads, the loss terms and backward. The two backward passes are
 *       separate because the graphs are disjoint (the maps are detached); what the whole step
 *       spends beyond (a + b + c) is the optimizer update and the loop;</li>
 *   <li>the sampler alone: images/s of one call on a batch, split into the grid (Java loops over
 *       the marginals) and the bilinear sampling.</li>
 * </ol>
 * {@code --size} sets the input side (96); warmup, steps × repeats as elsewhere.
 */
final class TasnBench {
    private TasnBench() {}

    static final int CLASSES = 24, VIEW = 32, SAMPLED = 32;

    static ReportModel model() {
        return new ReportModel("tasn", "TASN training step at 96 px (--size) -> 32-px view and samples: attention net / sampling / part+master nets, sampler img/s",
                new BenchModel.Defaults(1, 2, 3, 2, 32), 96, TasnBench::report);
    }

    static Tasn tasn() {
        Tasn.Config config = new Tasn.Config(VIEW, TrilinearAttention.paper(), AttentionSampler.of(SAMPLED), Tasn.Sampling.ATTENTION, CLASSES);
        return new Tasn(config, AttentionNet.small(), ResNets.small(true));
    }

    static List<String> report(Peers.Plan plan, int size) {
        if (size < SAMPLED) throw new IllegalArgumentException("tasn: --size must be at least the sampled side " + SAMPLED + ", not " + size);
        ImageSet data = Peers.syntheticImages(Math.max(4 * plan.batch(), 128), 1, size, CLASSES);
        TasnLoss loss = TasnLoss.paper();
        List<String> out = new ArrayList<>();
        out.add(String.format(Locale.ROOT, "TASN step: batch %d, %dx%dx1 input, attention view %d, samples %d, %d classes, AttentionNet.small + ResNets.small, TasnLoss.paper, SGD lr 0.1",
                plan.batch(), size, size, VIEW, SAMPLED, CLASSES));

        Tasn whole = tasn();
        TrainConfig cfg = TrainConfig.builder().steps(plan.total() + 1).batchSize(plan.batch()).sgd(0.1f, 0f).logEvery(0).build();
        Peers.Timing t = Peers.timedFit(plan, whole, BatchSource.shuffled(data, plan.batch(), 0), cfg, loss.stepLoss(whole, 0));
        double rate = Bench.Result.median(t.imagesPerSecond());
        out.add(String.format(Locale.ROOT, "  whole step (TrainLoop)       %8.1f ms  %6.1f img/s (repeats %s), CPU %.2f ms/img, %,d parameters",
                plan.batch() * 1000 / rate, rate, rates(t.imagesPerSecond()), Bench.Result.median(t.cpuMsPerImage()), Blocks.parameterCount(whole)));

        double[] split = split(plan, data, loss);
        double sum = split[0] + split[1] + split[2], step = plan.batch() * 1000 / rate;
        String[] names = {"attention net fwd+bwd", "sampling (maps + 2 samples)", "part/master nets fwd+bwd"};
        for (int i = 0; i < 3; i++)
            out.add(String.format(Locale.ROOT, "  %-28s %8.1f ms  %5.1f %% of the parts", names[i], split[i], 100 * split[i] / sum));
        out.add(String.format(Locale.ROOT, "  %-28s %8.1f ms  (whole step - parts = %.1f ms: optimizer update, loop, batch; median of %d instrumented steps)",
                "sum of the parts", sum, step - sum, plan.steps() * plan.repeats()));
        out.add(sampler(plan, size));
        return out;
    }

    /** Median ms per instrumented step of (attention net, sampling, part/master nets). */
    static double[] split(Peers.Plan plan, ImageSet data, TasnLoss loss) {
        Tasn net = tasn();
        int n = plan.steps() * plan.repeats();
        double[][] ms = new double[3][n];
        try (NDManager manager = NDManager.newBaseManager()) {
            Blocks.initialize(net, manager, new Shape(plan.batch(), data.channels(), data.height(), data.width()));
            Block attention = child(net, "attention"), attentionHead = child(net, "attentionHead"), backbone = child(net, "backbone"),
                    partHead = child(net, "partHead"), masterHead = child(net, "masterHead"), sharedHead = child(net, "sharedHead");
            BatchSource source = BatchSource.shuffled(data, plan.batch(), 0);
            AttentionSampler sampler = net.config().sampler();
            for (int s = 0; s < plan.warmup() + n; s++) {
                try (NDManager m = manager.newSubManager(); GradientCollector gc = manager.getEngine().newGradientCollector()) {
                    Batch batch = source.batch(m, s);
                    NDArray x = batch.x(), y = batch.y();
                    ParameterStore ps = new ParameterStore(m, false);
                    SplittableRandom rng = Seeds.random(0, s);
                    long t0 = System.nanoTime();
                    NDArray features = attention.forward(ps, new NDList(GridSample.resize(x, VIEW, VIEW)), true).head();
                    NDArray attentionLogits = attentionHead.forward(ps, new NDList(features), true).head();
                    NDArray attentionCe = StepLoss.crossEntropy(attentionLogits, y);
                    gc.backward(attentionCe.mul(Scalars.like(attentionCe, loss.attentionWeight())));
                    long t1 = System.nanoTime();
                    NDArray maps = net.config().trilinear().maps(features);
                    NDArray structure = sampler.sample(x, net.structureMap(maps, x));
                    NDArray detail = sampler.sample(x, net.detailMap(maps, x, true, rng));
                    long t2 = System.nanoTime();
                    int b = plan.batch();
                    NDArray f = backbone.forward(ps, new NDList(detail.concat(structure, 0)), true).head();
                    NDArray fd = f.get("0:" + b), fs = f.get(b + ":");
                    NDArray shared = sharedHead.forward(ps, new NDList(f), true).head();
                    // the attention logits detached: their term was back-propagated above, the rest is this graph's
                    Tasn.Outputs o = new Tasn.Outputs(attentionLogits.stopGradient(), partHead.forward(ps, new NDList(fd), true).head(),
                            masterHead.forward(ps, new NDList(fs), true).head(), shared.get("0:" + b), shared.get(b + ":"), structure, detail);
                    gc.backward(loss.terms(o, y).total());
                    long t3 = System.nanoTime();
                    if (s < plan.warmup()) continue;
                    ms[0][s - plan.warmup()] = (t1 - t0) / 1e6;
                    ms[1][s - plan.warmup()] = (t2 - t1) / 1e6;
                    ms[2][s - plan.warmup()] = (t3 - t2) / 1e6;
                }
            }
        }
        return new double[] {Bench.Result.median(ms[0]), Bench.Result.median(ms[1]), Bench.Result.median(ms[2])};
    }

    /** The sampler alone on a batch of size² images with random positive attention of the same size. */
    static String sampler(Peers.Plan plan, int size) {
        AttentionSampler sampler = AttentionSampler.of(SAMPLED);
        int n = plan.steps() * plan.repeats();
        double[] grid = new double[n], bilinear = new double[n];
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray images = m.randomUniform(0, 1, new Shape(plan.batch(), 1, size, size));
            NDArray attention = m.randomUniform(0, 1, new Shape(plan.batch(), size, size));
            for (int s = 0; s < plan.warmup() + n; s++) {
                try (NDManager step = m.newSubManager()) {
                    long t0 = System.nanoTime();
                    NDArray g = sampler.grid(attention);
                    g.attach(step);
                    long t1 = System.nanoTime();
                    GridSample.bilinear(images, g).attach(step);
                    long t2 = System.nanoTime();
                    if (s < plan.warmup()) continue;
                    grid[s - plan.warmup()] = (t1 - t0) / 1e6;
                    bilinear[s - plan.warmup()] = (t2 - t1) / 1e6;
                }
            }
        }
        double g = Bench.Result.median(grid), b = Bench.Result.median(bilinear);
        return String.format(Locale.ROOT, "  sampler alone, batch %d, %d px -> %d px (dense %.0f, %d iterations, %s): %.0f img/s; grid (Java) %.2f ms + bilinear %.2f ms per batch",
                plan.batch(), size, SAMPLED, sampler.dense(), sampler.iterations(), sampler.convention(), plan.batch() * 1000 / (g + b), g, b);
    }

    private static Block child(Tasn net, String name) {
        for (Pair<String, Block> p : net.getChildren())
            if (p.getKey().replaceFirst("^\\d{2}", "").equals(name)) return p.getValue();
        throw new IllegalStateException("Tasn has no child block '" + name + "' (children: " + net.getChildren().keys() + ")");
    }

    private static String rates(double[] r) {
        StringBuilder sb = new StringBuilder();
        for (double v : r) sb.append(sb.length() == 0 ? "" : " ").append(String.format(Locale.ROOT, "%.1f", v));
        return sb.toString();
    }
}
