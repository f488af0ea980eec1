package glimpse.train;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import ai.djl.util.Pair;
import glimpse.data.ImageSet;
import glimpse.fewshot.EpisodicModel;
import glimpse.fewshot.FewShotTask;
import glimpse.method.crosstransformer.CrossTransformer;
import glimpse.method.protonet.ProtoNet;
import glimpse.nn.FewShotBackbone;
import glimpse.data.SimClrViews;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Debugging tool (issue 9 item 4, sporadic non-finite gradients): dump the exact state before one
 * training step of a notebook-01 quick-mode model, then recompute that step's gradient many times
 * and compare the bits. Not a test; run it from the test classpath:
 * <pre>
 * java -cp lib/target/classes:lib/target/test-classes:$(cat cp.txt) glimpse.train.StepReplay dump DIR novel ctx-simclr 13
 * java -cp ... glimpse.train.StepReplay replay DIR 50 gc      # modes: plain | gc-before | gc
 * java -cp ... glimpse.train.StepReplay train novel ctx-simclr   # the whole 20-step run: losses, skipped steps
 * </pre>
 * With {@code -Dreplay.churn=true} a daemon thread allocates garbage all along, so collections
 * fall at arbitrary moments (as other threads of a notebook kernel make them), not at a chosen one.
 * {@code dump} trains through the real {@link TrainLoop} (same specs, seeds and schedule as
 * notebook 01 quick mode: 20 steps, Adam 1e-3, cosine, seed 1) and, when step {@code s} starts,
 * writes every parameter (BatchNorm statistics included) and copies the loop's checkpoint of the
 * Adam state; the batch and the engine seed of a step are functions of (seed, s), so together
 * that is the whole input of step s. {@code replay} rebuilds the model, loads the weights,
 * flattens them through {@link Updater} as the loop does, and recomputes loss and gradients n
 * times without updating: mode {@code gc} runs {@code System.gc()} (and lets the JDK's Cleaner
 * free unreachable direct buffers) between forward and backward, {@code gc-before} does that
 * before the forward, {@code plain} nothing. It prints, per replay, whether every gradient is
 * bit-identical to the first plain replay and which parameters differ or are non-finite.
 */
public final class StepReplay {
    private StepReplay() {}

    static final int STEPS = 20;
    static final long SEED = 1;

    /** The notebook-01 quick-mode task. */
    static FewShotTask task(String name) {
        return switch (name) {
            case "novel" -> FewShotTask.of("glyphs base→novel", "glyphs", "base", "novel", 2);
            case "cross" -> FewShotTask.of("glyphs Latin→Greek+Cyrillic", "glyphs", "latin", "greek-cyrillic", 2);
            default -> throw new IllegalArgumentException("task novel|cross, got " + name);
        };
    }

    /** Model and batches as glimpse.fewshot.FewShotExperiment.train builds them for CTX, CTX + SimCLR episodes, ProtoNet. */
    record Setup(EpisodicModel model, EpisodeBatches batches, TrainConfig config) {
        static Setup of(String task, String model) {
            ImageSet train = task(task).trainSet();
            EpisodicModel m = switch (model) {
                case "ctx", "ctx-simclr" -> new CrossTransformer(FewShotBackbone.CONV4_LAST_UNPOOLED.build(false), 128, 128);
                case "protonet" -> new ProtoNet(FewShotBackbone.CONV4_LAST_UNPOOLED.build(true));
                default -> throw new IllegalArgumentException("model ctx|ctx-simclr|protonet, got " + model);
            };
            EpisodeBatches b = EpisodeBatches.of(train, 5, 5, 10, SEED);
            if (model.equals("ctx-simclr")) b = b.withSimClr(0.5, 2).withAugment(SimClrViews.PAPER.support(), SimClrViews.PAPER.query());
            TrainConfig c = TrainConfig.builder().steps(STEPS).adam(1e-3f).weightDecay(0f).seed(SEED)
                    .logEvery(4).cosine().build();
            return new Setup(m, b, c);
        }
    }

    private static final class Stop extends RuntimeException {
        Stop() { super(null, null, false, false); }
    }

    /** Trains through TrainLoop and writes the state at the start of step {@code s} into {@code dir}. */
    static void dump(Path dir, String task, String model, int s) throws IOException {
        Files.createDirectories(dir);
        Setup setup = Setup.of(task, model);
        Path ckpt = Files.createTempDirectory("step-replay-ckpt");
        TrainConfig cfg = s > 0 ? setup.config().with(b -> b.checkpoints(ckpt.toString(), s)) : setup.config();
        StepLoss inner = EpisodeBatches.loss();
        StepLoss hooked = step -> {
            if (step.index() == s) {
                writeWeights(dir.resolve("weights.bin"), step.model(), task, model, s);
                try {
                    if (s > 0) Files.copy(Checkpoint.file(cfg), dir.resolve("adam-checkpoint.bin"), StandardCopyOption.REPLACE_EXISTING);
                } catch (IOException e) { throw new UncheckedIOException(e); }
                throw new Stop();
            }
            return inner.compute(step);
        };
        try (NDManager manager = NDManager.newBaseManager()) {
            TrainLoop.fit(manager, setup.model(), setup.batches(), cfg, hooked);
            throw new IllegalStateException("step " + s + " not reached");
        } catch (Stop expected) {
            System.out.println("dumped the state before step " + s + " of " + model + " on " + task + " into " + dir);
        }
    }

    static void writeWeights(Path file, Block model, String task, String modelName, int s) {
        try (DataOutputStream out = new DataOutputStream(Files.newOutputStream(file))) {
            out.writeUTF(task);
            out.writeUTF(modelName);
            out.writeInt(s);
            var params = model.getParameters();
            out.writeInt(params.size());
            for (Pair<String, Parameter> p : params) {
                NDArray a = p.getValue().getArray();
                out.writeUTF(p.getKey());
                long[] shape = a.getShape().getShape();
                out.writeInt(shape.length);
                for (long d : shape) out.writeLong(d);
                for (float v : a.toFloatArray()) out.writeInt(Float.floatToRawIntBits(v));
            }
        } catch (IOException e) { throw new UncheckedIOException(e); }
    }

    /** One replayed step: loss bits and, per trainable parameter, its gradient's bits. */
    record Fingerprint(int lossBits, Map<String, int[]> gradients) {
        List<String> differingFrom(Fingerprint ref) {
            List<String> out = new ArrayList<>();
            for (var e : gradients.entrySet()) if (!Arrays.equals(e.getValue(), ref.gradients.get(e.getKey()))) out.add(e.getKey());
            return out;
        }

        List<String> nonFinite() {
            List<String> out = new ArrayList<>();
            for (var e : gradients.entrySet())
                for (int b : e.getValue()) if (!Float.isFinite(Float.intBitsToFloat(b))) { out.add(e.getKey()); break; }
            return out;
        }

        long hash() {
            long h = lossBits;
            for (var e : gradients.entrySet()) h = h * 31 + Arrays.hashCode(e.getValue());
            return h;
        }
    }

    /** Live model with the dumped weights, flattened by an Updater like the loop's; call {@link #step} repeatedly. */
    static final class Replayer implements AutoCloseable {
        final NDManager manager = NDManager.newBaseManager();
        final Setup setup;
        final int s;
        final Updater updater;
        final ParameterStore ps;

        Replayer(Path dir) throws IOException {
            try (DataInputStream in = new DataInputStream(Files.newInputStream(dir.resolve("weights.bin")))) {
                String task = in.readUTF(), model = in.readUTF();
                s = in.readInt();
                setup = Setup.of(task, model);
                try (NDManager probe = manager.newSubManager()) {
                    NDList data = setup.batches().batch(probe, 0).data();
                    setup.model().initialize(manager, DataType.FLOAT32, data.stream().map(NDArray::getShape).toArray(Shape[]::new));
                }
                Map<String, Parameter> byName = new LinkedHashMap<>();
                for (Pair<String, Parameter> p : setup.model().getParameters()) byName.put(p.getKey(), p.getValue());
                int n = in.readInt();
                for (int i = 0; i < n; i++) {
                    String name = in.readUTF();
                    long[] shape = new long[in.readInt()];
                    for (int d = 0; d < shape.length; d++) shape[d] = in.readLong();
                    float[] v = new float[Math.toIntExact(new Shape(shape).size())];
                    for (int k = 0; k < v.length; k++) v[k] = Float.intBitsToFloat(in.readInt());
                    try (NDManager tmp = manager.newSubManager()) {
                        byName.get(name).getArray().set(new NDIndex("..."), tmp.create(v, new Shape(shape)));   // copy into torch memory
                    }
                }
            }
            updater = new Updater(setup.config(), setup.model().getParameters(), manager);
            ps = new ParameterStore(manager, false);
        }

        Fingerprint step(String mode) throws InterruptedException {
            Engine engine = manager.getEngine();
            engine.setRandomSeed(glimpse.data.sampling.Seeds.engineSeed(setup.config().seed(), s));
            try (NDManager sm = manager.newSubManager()) {
                Batch batch = setup.batches().batch(sm, s);
                if (mode.equals("gc-before")) collectGarbage();
                NDArray value;
                try (GradientCollector collector = engine.newGradientCollector()) {
                    value = EpisodeBatches.loss().compute(new Step(sm, setup.model(), batch, s, ps));
                    if (mode.equals("gc")) collectGarbage();
                    collector.backward(value);
                }
                Map<String, int[]> grads = new TreeMap<>();
                for (Pair<String, Parameter> p : setup.model().getParameters()) {
                    NDArray w = p.getValue().getArray();
                    if (!p.getValue().requiresGradient()) continue;
                    NDArray g = w.getGradient();
                    g.attach(sm);
                    float[] f = g.toFloatArray();
                    int[] bits = new int[f.length];
                    for (int k = 0; k < f.length; k++) bits[k] = Float.floatToRawIntBits(f[k]);
                    grads.put(p.getKey(), bits);
                }
                Fingerprint fp = new Fingerprint(Float.floatToRawIntBits(value.getFloat()), grads);
                updater.discard(sm);   // zero the gradients: every replay starts from the same state
                return fp;
            }
        }

        @Override public void close() { updater.close(); manager.close(); }
    }

    /**
     * A full GC, time for the JDK's Cleaner thread to free the native memory of unreachable direct
     * buffers, and some small direct allocations that may reuse it (as the rest of a program would).
     */
    static void collectGarbage() throws InterruptedException {
        System.gc();
        Thread.sleep(20);
        List<ByteBuffer> churn = new ArrayList<>();
        for (int k = 0; k < 64; k++) {
            ByteBuffer b = ByteBuffer.allocateDirect(4).order(ByteOrder.nativeOrder());
            b.putFloat(0, 1e-40f);
            churn.add(b);
        }
        CHURN.add(churn);
        if (CHURN.size() > 64) CHURN.remove(0);
    }

    private static final List<List<ByteBuffer>> CHURN = new ArrayList<>();

    static void replay(Path dir, int n, String mode) throws Exception {
        try (Replayer r = new Replayer(dir)) {
            Fingerprint ref = r.step("plain");
            System.out.printf("reference (plain): loss %s, gradient hash %016x, non-finite %s%n",
                    Float.intBitsToFloat(ref.lossBits()), ref.hash(), ref.nonFinite());
            int identical = 0, nonFinite = 0;
            Map<String, Integer> differs = new TreeMap<>();
            for (int i = 0; i < n; i++) {
                Fingerprint fp = r.step(mode);
                List<String> diff = fp.differingFrom(ref), bad = fp.nonFinite();
                if (diff.isEmpty() && fp.lossBits() == ref.lossBits()) identical++;
                if (!bad.isEmpty()) nonFinite++;
                for (String d : diff) differs.merge(d, 1, Integer::sum);
                if (!diff.isEmpty() && i < 5)
                    System.out.printf("  replay %d: loss %s, differs in %s, non-finite in %s%n", i, Float.intBitsToFloat(fp.lossBits()), diff, bad);
            }
            System.out.printf("step %d, mode %s: bit-identical %d of %d, non-finite gradient %d of %d; parameters that differed (count): %s%n",
                    r.s, mode, identical, n, nonFinite, n, differs);
            System.out.printf("hash %016x%n", ref.hash());
        }
    }

    /** The full run through TrainLoop: losses, skipped steps and a hash of the final weights. */
    static void train(String task, String model) {
        Setup setup = Setup.of(task, model);
        try (NDManager manager = NDManager.newBaseManager()) {
            TrainResult r = TrainLoop.fit(manager, setup.model(), setup.batches(), setup.config().with(b -> b.logEvery(0)), EpisodeBatches.loss());
            long h = 0;
            for (Pair<String, Parameter> p : setup.model().getParameters()) h = h * 31 + Arrays.hashCode(p.getValue().getArray().toFloatArray());
            System.out.printf("train %s %s: skipped %d, losses %s, weight hash %016x%n", model, task, r.skippedSteps(), Arrays.toString(r.losses()), h);
        }
    }

    /** Garbage allocated continuously by a daemon thread: collections at arbitrary moments. */
    static void startChurn() {
        Thread t = new Thread(() -> {
            List<byte[]> recent = new ArrayList<>();
            while (true) {
                recent.add(new byte[256 * 1024]);
                if (recent.size() > 8) recent.remove(0);
                try { Thread.sleep(1); } catch (InterruptedException e) { return; }
            }
        }, "garbage-churn");
        t.setDaemon(true);
        t.start();
    }

    public static void main(String[] args) throws Exception {
        if (Boolean.getBoolean("replay.churn")) startChurn();
        switch (args.length == 0 ? "" : args[0]) {
            case "train" -> train(args[1], args[2]);
            case "dump" -> dump(Path.of(args[1]), args[2], args[3], Integer.parseInt(args[4]));
            case "replay" -> replay(Path.of(args[1]), Integer.parseInt(args[2]), args.length > 3 ? args[3] : "plain");
            default -> System.err.println("usage: StepReplay dump DIR novel|cross ctx|ctx-simclr|protonet STEP | replay DIR N plain|gc-before|gc");
        }
    }
}
