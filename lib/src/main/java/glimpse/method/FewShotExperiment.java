package glimpse.method;

import glimpse.fewshot.EpisodicModel;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.core.Linear;
import glimpse.data.Datasets;
import glimpse.data.ImageResize;
import glimpse.data.ImageSet;
import glimpse.data.SimClrViews;
import glimpse.data.sampling.Episode;
import glimpse.data.sampling.EpisodeSampler;
import glimpse.fewshot.FewShotEvaluation;
import glimpse.eval.MeanCi;
import glimpse.method.crosstransformer.AttentionExample;
import glimpse.method.crosstransformer.CrossTransformer;
import glimpse.method.protonet.ProtoNet;
import glimpse.nn.Devices;
import glimpse.nn.FewShotBackbone;
import glimpse.nn.ResNets;
import glimpse.train.EpisodeBatches;
import glimpse.train.TrainConfig;
import glimpse.train.TrainLoop;
import glimpse.train.TrainResult;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * One few-shot experiment as one call: (optional) classification pre-training on the base classes,
 * episodic training of ProtoNet or CrossTransformers through the shared {@link TrainLoop}, then
 * accuracy on the fixed, saved test episodes of each evaluated shot count. Everything is decided by
 * the {@link Spec} record, which is also the key of the notebook's result cache.
 */
public final class FewShotExperiment {
    private FewShotExperiment() {}

    /** Restricted and resized splits, made once per JVM (a notebook asks for the same split many times). */
    private static final java.util.Map<String, ImageSet> PREPARED = new java.util.concurrent.ConcurrentHashMap<>();

    /** ProtoNet on the pooled embedding (the paper's baseline), ProtoNet on the flattened map (rigid spatial alignment), CTX. */
    public enum Method { PROTONET, PROTONET_FLAT_MAP, CTX }

    /**
     * Where the classes come from. {@code trainClasses}/{@code testClasses} (empty = all) restrict a
     * split to some classes (Fashion-MNIST: train on 5 classes, test on the 5 others);
     * {@code downsample} shrinks images by an integer factor (64 px glyphs → 32 px on a CPU).
     */
    public record Task(String name, String dataset, String trainSplit, int[] trainClasses, String testSplit,
                       int[] testClasses, int downsample) {
        public static Task of(String name, String dataset, String trainSplit, String testSplit, int downsample) {
            return new Task(name, dataset, trainSplit, new int[0], testSplit, new int[0], downsample);
        }

        /** Fashion-MNIST: train on T-shirt, Trouser, Pullover, Dress, Coat; test 5-way on the 5 held-out classes. */
        public static Task fashionMnistHeldOut() {
            return new Task("fashion-mnist held-out 5", "fashion-mnist", "train", new int[] {0, 1, 2, 3, 4}, "test",
                    new int[] {5, 6, 7, 8, 9}, 1);
        }

        public ImageSet trainSet() { return prepare(trainSplit, trainClasses); }
        public ImageSet testSet() { return prepare(testSplit, testClasses); }

        /** Key of the saved test episodes: dataset, split, class restriction and resolution. */
        public String episodeKey() {
            return dataset + (testClasses.length == 0 ? "" : "-classes" + String.join("", Arrays.stream(testClasses).mapToObj(Integer::toString).toList()))
                    + (downsample == 1 ? "" : "-down" + downsample);
        }

        private ImageSet prepare(String split, int[] classes) {
            String key = dataset + "/" + split + Arrays.toString(classes) + "/" + downsample;
            return PREPARED.computeIfAbsent(key, k -> {
                ImageSet s = Datasets.load(dataset).split(split);
                if (classes.length > 0) s = s.restrictToClasses(s.name() + "-" + Arrays.toString(classes), classes);
                return ImageResize.downsample(s, downsample);
            });
        }
    }

    /**
     * The model and its training.
     *
     * @param simclrProbability     chance that a training episode is a SimCLR episode (CTX paper: 0.5; 0 = never)
     * @param simclrQueriesPerClass queries per class of a SimCLR episode (0 = as many as the episode had, the paper's rule)
     * @param simclrViews           the augmentations that make a SimCLR episode's two views
     * @param pretrainSteps         classification pre-training steps on the training classes before episodes (0 = none)
     * @param lrDecayEvery          0: cosine decay over the run; otherwise lr × {@code lrDecayFactor} every this many steps (the paper's schedule)
     */
    public record ModelSpec(Method method, FewShotBackbone backbone, int keyDim, int valueDim, int trainWays, int trainShots,
                            int trainQueries, int steps, float learningRate, float weightDecay, int lrDecayEvery, float lrDecayFactor,
                            double simclrProbability, int simclrQueriesPerClass, SimClrViews simclrViews, int pretrainSteps,
                            int pretrainBatch, long seed) {

        /** ProtoNet on the pooled backbone; 5-way 5-shot 10-query training episodes, Adam 1e-3 with cosine decay. */
        public static ModelSpec protonet(FewShotBackbone backbone, int steps) {
            return new ModelSpec(Method.PROTONET, backbone, 0, 0, 5, 5, 10, steps, 1e-3f, 0f, 0, 1f, 0, 0, SimClrViews.PAPER, 0, 128, 0);
        }

        /** CrossTransformers with d_k = d_v = 128 (the paper's), same episodes and optimiser as {@link #protonet}. */
        public static ModelSpec ctx(FewShotBackbone backbone, int steps) {
            return new ModelSpec(Method.CTX, backbone, 128, 128, 5, 5, 10, steps, 1e-3f, 0f, 0, 1f, 0, 0, SimClrViews.PAPER, 0, 128, 0);
        }

        /**
         * The CTX + SimCLR episodes training recipe of CrossTransformers (arXiv 2007.11498, its
         * implementation details), for a GPU: ResNet-34 with a dilated last stage (feed 224 px
         * images) or ResNet-12 (84 px); Adam 6e-4 decayed ×0.9152 every
         * 2000 steps, weight decay 8.86e-5, SimCLR episodes with p 0.5, 400k updates.
         */
        public static ModelSpec paperCtx(FewShotBackbone backbone) {
            return new ModelSpec(Method.CTX, backbone, 128, 128, 5, 5, 10, 400_000, 6e-4f, 8.86e-5f, 2000, 0.9152f, 0.5, 0,
                    SimClrViews.PAPER, 0, 128, 0);
        }

        /** SimCLR episodes with probability p, {@code queriesPerClass} queries each (0: the paper's rule), the paper's views. */
        public ModelSpec withSimClr(double p, int queriesPerClass) {
            return new ModelSpec(method, backbone, keyDim, valueDim, trainWays, trainShots, trainQueries, steps, learningRate, weightDecay,
                    lrDecayEvery, lrDecayFactor, p, queriesPerClass, simclrViews, pretrainSteps, pretrainBatch, seed);
        }

        /** The same with other SimCLR views (e.g. {@link SimClrViews#GLYPH_SAFE}). */
        public ModelSpec withSimClrViews(SimClrViews views) {
            return new ModelSpec(method, backbone, keyDim, valueDim, trainWays, trainShots, trainQueries, steps, learningRate, weightDecay,
                    lrDecayEvery, lrDecayFactor, simclrProbability, simclrQueriesPerClass, views, pretrainSteps, pretrainBatch, seed);
        }

        /** Same model with another method (e.g. PROTONET_FLAT_MAP). */
        public ModelSpec withMethod(Method m) {
            return new ModelSpec(m, backbone, keyDim, valueDim, trainWays, trainShots, trainQueries, steps, learningRate, weightDecay,
                    lrDecayEvery, lrDecayFactor, simclrProbability, simclrQueriesPerClass, simclrViews, pretrainSteps, pretrainBatch, seed);
        }

        public ModelSpec withKeyDim(int dk) {
            return new ModelSpec(method, backbone, dk, valueDim, trainWays, trainShots, trainQueries, steps, learningRate, weightDecay,
                    lrDecayEvery, lrDecayFactor, simclrProbability, simclrQueriesPerClass, simclrViews, pretrainSteps, pretrainBatch, seed);
        }

        public ModelSpec withEpisodes(int ways, int shots, int queries) {
            return new ModelSpec(method, backbone, keyDim, valueDim, ways, shots, queries, steps, learningRate, weightDecay,
                    lrDecayEvery, lrDecayFactor, simclrProbability, simclrQueriesPerClass, simclrViews, pretrainSteps, pretrainBatch, seed);
        }

        public ModelSpec withLearningRate(float lr) {
            return new ModelSpec(method, backbone, keyDim, valueDim, trainWays, trainShots, trainQueries, steps, lr, weightDecay,
                    lrDecayEvery, lrDecayFactor, simclrProbability, simclrQueriesPerClass, simclrViews, pretrainSteps, pretrainBatch, seed);
        }

        public ModelSpec withPretraining(int steps, int batch) {
            return new ModelSpec(method, backbone, keyDim, valueDim, trainWays, trainShots, trainQueries, this.steps, learningRate, weightDecay,
                    lrDecayEvery, lrDecayFactor, simclrProbability, simclrQueriesPerClass, simclrViews, steps, batch, seed);
        }

        public ModelSpec withSeed(long s) {
            return new ModelSpec(method, backbone, keyDim, valueDim, trainWays, trainShots, trainQueries, steps, learningRate, weightDecay,
                    lrDecayEvery, lrDecayFactor, simclrProbability, simclrQueriesPerClass, simclrViews, pretrainSteps, pretrainBatch, s);
        }

        public String label() {
            String base = switch (method) { case PROTONET -> "ProtoNet"; case PROTONET_FLAT_MAP -> "ProtoNet (flat map)"; case CTX -> "CTX"; };
            if (method == Method.CTX && keyDim != 128) base += " (d_k=" + keyDim + ")";
            if (simclrProbability > 0) base += " + SimCLR eps" + (simclrViews == SimClrViews.PAPER ? "" : " (" + simclrViews.name().toLowerCase().replace('_', '-') + " views)");
            if (trainShots != 5) base += " [trained " + trainShots + "-shot]";
            if (pretrainSteps > 0) base += " (pre-trained)";
            return base;
        }

        TrainConfig trainConfig() {
            TrainConfig c = TrainConfig.builder().steps(steps).adam(learningRate).weightDecay(weightDecay)
                    .seed(seed).logEvery(Math.max(1, steps / 5)).build();
            return lrDecayEvery > 0 ? c.with(b -> b.stepDecay(lrDecayEvery, lrDecayFactor)) : c.with(b -> b.cosine());
        }
    }

    /**
     * The test protocol: N-way, each K in {@code shots}, Q queries per class, {@code episodes} saved
     * episodes of {@code seed}. With {@code attentionOffToo}, a CTX model is also scored with its key
     * head zeroed (uniform attention over each class's support positions): same weights, same
     * episodes, no alignment — the control that says what the learned attention adds.
     */
    public record EvalSpec(int ways, int[] shots, int queries, int episodes, long seed, boolean attentionOffToo) {
        public EvalSpec(int ways, int[] shots, int queries, int episodes, long seed) {
            this(ways, shots, queries, episodes, seed, false);
        }

        public EvalSpec withAttentionOff() { return new EvalSpec(ways, shots, queries, episodes, seed, true); }
    }

    public record Spec(Task task, ModelSpec model, EvalSpec eval) {}

    /** Per-episode accuracies of one shot count; {@link #accuracy()} gives mean ± 95% CI. */
    public record ShotResult(int shots, double[] perEpisode) {
        public MeanCi accuracy() { return MeanCi.of(perEpisode); }
    }

    /**
     * What the experiment measured; every figure a notebook quotes comes from here.
     * {@code attentionOff}: the same trained CTX scored with uniform attention (null unless asked for);
     * {@code skippedSteps}: training steps not applied because their loss or gradient was not finite.
     */
    public record Outcome(String method, String task, List<ShotResult> results, double trainSeconds, double imagesPerSecond,
                          int trainSteps, float finalLoss, float[] lossCurve, double evalSeconds, AttentionExample attention,
                          Outcome attentionOff, int skippedSteps) {
        public ShotResult shots(int k) {
            return results.stream().filter(r -> r.shots() == k).findFirst()
                    .orElseThrow(() -> new IllegalArgumentException("no " + k + "-shot result; have " + results.stream().map(ShotResult::shots).toList()));
        }
    }

    /** Trains the model of {@code spec} and evaluates it. */
    public static Outcome run(Spec spec) {
        try (NDManager manager = NDManager.newBaseManager(Devices.get())) {
            Trained t = train(manager, spec.task(), spec.model());
            long t0 = System.nanoTime();
            List<ShotResult> results = new ArrayList<>();
            ImageSet test = spec.task().testSet();
            List<List<Episode>> lists = new ArrayList<>();
            List<Episode> everyEpisode = new ArrayList<>();
            for (int k : spec.eval().shots()) {
                lists.add(EpisodeSampler.testEpisodes(spec.task().episodeKey(), spec.task().testSplit(), test,
                        spec.eval().ways(), k, spec.eval().queries(), spec.eval().seed(), spec.eval().episodes()));
                everyEpisode.addAll(lists.get(lists.size() - 1));
            }
            Episode shown = null;
            AttentionExample attention = null;
            List<ShotResult> offResults = new ArrayList<>();
            double offSeconds = 0;
            // backbone features once for every image any of the episode lists uses
            try (FewShotEvaluation.Features features = FewShotEvaluation.Features.of(t.model(), manager, test,
                    FewShotEvaluation.usedImages(test, everyEpisode), null)) {
                for (int i = 0; i < lists.size(); i++) {
                    int k = spec.eval().shots()[i];
                    results.add(new ShotResult(k, features.accuracies(lists.get(i))));
                    if (shown == null || k == 5) shown = lists.get(i).get(0);
                }
                if (t.model() instanceof CrossTransformer ctx) {
                    // where CTX looks: first query of the first test episode (5-shot when evaluated)
                    attention = AttentionExample.of(ctx, manager, test, shown, 0);
                    if (spec.eval().attentionOffToo()) {
                        long t1 = System.nanoTime();
                        // q·k = 0 for every pair → softmax uniform. The model is discarded after this call,
                        // so zeroing its key head in place changes nothing else.
                        ctx.keyHead().getArray().muli(0);
                        for (int i = 0; i < lists.size(); i++)
                            offResults.add(new ShotResult(spec.eval().shots()[i], features.accuracies(lists.get(i))));
                        offSeconds = (System.nanoTime() - t1) / 1e9;
                    }
                }
            }
            double evalSeconds = (System.nanoTime() - t0) / 1e9 - offSeconds;
            TrainResult r = t.training();
            double trainSeconds = r.wallSeconds() + t.pretrainSeconds();
            float[] losses = thin(r.losses(), 200);
            Outcome off = offResults.isEmpty() ? null : new Outcome(spec.model().label() + ", attention off at test", spec.task().name(),
                    offResults, trainSeconds, r.imagesPerSecond(), r.steps(), r.finalLoss(), losses, offSeconds, null, null, r.skippedSteps());
            return new Outcome(spec.model().label(), spec.task().name(), results, trainSeconds,
                    r.imagesPerSecond(), r.steps(), r.finalLoss(), losses, evalSeconds, attention, off, r.skippedSteps());
        }
    }

    /** A trained model (its parameters live in the manager given to {@link #train}); {@code pretraining} is null without it. */
    public record Trained(EpisodicModel model, TrainResult training, TrainResult pretraining) {
        public double pretrainSeconds() { return pretraining == null ? 0 : pretraining.wallSeconds(); }
    }

    public static Trained train(NDManager manager, Task task, ModelSpec spec) {
        ImageSet trainSet = task.trainSet();
        Block backbone = spec.backbone().build(spec.method() == Method.PROTONET);   // CTX and the flat-map ProtoNet keep the map
        TrainResult pre = null;
        if (spec.pretrainSteps() > 0) {
            // the classifier shares the backbone block: its trained weights are where episodic training starts
            pre = TrainLoop.fit(manager, classifier(backbone, trainSet), trainSet,
                    TrainConfig.builder().steps(spec.pretrainSteps()).batchSize(spec.pretrainBatch())
                            .adam(spec.learningRate()).cosine().seed(spec.seed()).logEvery(0).build());
        }
        EpisodicModel model = spec.method() == Method.CTX ? new CrossTransformer(backbone, spec.keyDim(), spec.valueDim())
                : new ProtoNet(backbone);
        EpisodeBatches batches = EpisodeBatches.of(trainSet, spec.trainWays(), spec.trainShots(), spec.trainQueries(), spec.seed());
        if (spec.simclrProbability() > 0)
            batches = batches.withSimClr(spec.simclrProbability(), spec.simclrQueriesPerClass())
                    .withAugment(spec.simclrViews().support(), spec.simclrViews().query());
        TrainResult r = TrainLoop.fit(manager, model, batches, spec.trainConfig(), EpisodeBatches.loss());
        return new Trained(model, r, pre);
    }

    /** Backbone (pooled if it keeps a map) and a linear layer over the training classes. */
    static Block classifier(Block backbone, ImageSet set) {
        SequentialBlock net = new SequentialBlock().add(backbone);
        Shape out = backbone.getOutputShapes(new Shape[] {new Shape(1, set.channels(), set.height(), set.width())})[0];
        if (out.dimension() == 4) net.add(ResNets.globalAveragePool());
        return net.add(Linear.builder().setUnits(set.classCount()).build());
    }

    static float[] thin(float[] losses, int points) {
        if (losses.length <= points) return losses.clone();
        float[] out = new float[points];
        int per = losses.length / points;
        for (int i = 0; i < points; i++) {
            double s = 0;
            int n = 0;
            for (int j = i * per; j < (i + 1) * per; j++) if (Float.isFinite(losses[j])) { s += losses[j]; n++; }   // skipped steps: NaN
            out[i] = n == 0 ? Float.NaN : (float) (s / n);
        }
        return out;
    }
}
