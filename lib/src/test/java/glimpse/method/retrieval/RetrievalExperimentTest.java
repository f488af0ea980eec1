package glimpse.method.retrieval;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import glimpse.data.ImageSet;
import glimpse.data.RetrievalSplit;
import glimpse.eval.MapAtR;
import glimpse.eval.RecallAtK;
import glimpse.eval.SpectrumEnergy;
import glimpse.nn.Blocks;
import glimpse.nn.Pooling;
import glimpse.pretrain.PretrainExperiment;
import glimpse.pretrain.PretrainSpec;
import glimpse.train.Predict;
import glimpse.train.Weights;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.IntStream;

import static org.junit.jupiter.api.Assertions.*;

class RetrievalExperimentTest {
    @TempDir Path dir;

    /** 16 classes of 1×16×16 images: class c is a bright 4×4 block at cell (c mod 4, c div 4), plus noise. */
    static ImageSet blocks(String name, int firstClass, int classes, int perClass, long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        int n = classes * perClass;
        byte[] px = new byte[n * 256];
        int[] labels = new int[n];
        for (int i = 0; i < n; i++) {
            int c = i / perClass, cls = firstClass + c;
            labels[i] = c;
            for (int y = 0; y < 16; y++)
                for (int x = 0; x < 16; x++) {
                    boolean on = x / 4 == cls % 4 && y / 4 == cls / 4;
                    px[i * 256 + y * 16 + x] = (byte) ((on ? 170 : 50) + rng.nextInt(-40, 41));
                }
        }
        List<String> names = IntStream.range(firstClass, firstClass + classes).mapToObj(c -> "block " + c).toList();
        return new ImageSet(name, 1, 16, 16, px, labels, names, names);
    }

    static RetrievalSplit split() { return new RetrievalSplit("blocks", blocks("train", 0, 8, 6, 1), blocks("test", 8, 8, 5, 2), null); }

    static RetrievalSpec tiny(Descriptor d) {
        return RetrievalSpec.cpu(RetrievalData.glyphs(8, 8), 2, 6, 4).with(b -> b.descriptor(d).batchSize(8).seeds(2)
                .pretraining(t -> t.batchSize(8)));
    }

    java.util.function.Function<PretrainSpec, Path> stage1(RetrievalSplit s, List<Path> written) {
        return ps -> {
            Path f = dir.resolve("pre-" + written.size() + ".weights");
            PretrainExperiment.train(ps, s.train(), f, glimpse.train.RunCheckpoints.NONE);
            written.add(f);
            return f;
        };
    }

    @Test
    void offTheShelfFeaturesAreExactlyThePretrainedDescriptorsFeatures() {
        RetrievalSplit s = split();
        List<Path> written = new ArrayList<>();
        RetrievalSpec spec = tiny(Descriptor.vit(Pooling.CLS)).with(RetrievalSpec.Builder::offTheShelf);
        assertEquals("IRT_O", spec.variant());
        RetrievalResult r = RetrievalExperiment.run(spec, s, stage1(s, written), glimpse.train.RunCheckpoints.NONE);
        assertEquals(1, written.size(), "one pre-training for every seed");
        ImageSet test = s.query();
        for (int k = 0; k < 2; k++) {
            try (NDManager m = NDManager.newBaseManager()) {
                RetrievalNet net = RetrievalNet.smallVit(Pooling.CLS, 16);
                Blocks.initialize(net, m, new Shape(1, 1, 16, 16));
                float[][] random = Predict.outputs(m, net, test, 64);
                Weights.load(net.backbone(), written.get(0));
                float[][] z = Predict.outputs(m, net, test, 64);
                RetrievalResult.SeedResult seed = r.perSeed().get(k);
                assertArrayEquals(RecallAtK.selfGallery(z, test.labels()).firstHitRank(), seed.firstHitRank(), "seed " + (k + 1) + " ranks");
                assertArrayEquals(MapAtR.selfGallery(z, test.labels()).perQuery(), seed.apAtR(), 0, "seed " + (k + 1) + " AP@R");
                assertArrayEquals(SpectrumEnergy.of(z).cumulative(), seed.energy(), 0, "seed " + (k + 1) + " energy");
                assertNotEquals(SpectrumEnergy.of(random).cumulative()[0], seed.energy()[0], "the loaded weights, not a random net");
                assertEquals(0, seed.losses().length, "IRT_O does not train");
            }
        }
    }

    @Test
    void fineTuningWithMemoryAndKoleoTrainsFromThePretrainedWeightsAndShowsTrueNeighbours() {
        RetrievalSplit s = split();
        List<Path> written = new ArrayList<>();
        RetrievalSpec spec = tiny(Descriptor.resNet(Pooling.GEM));
        assertEquals("IRT_R", spec.variant());
        RetrievalResult r = RetrievalExperiment.run(spec, s, stage1(s, written), glimpse.train.RunCheckpoints.NONE);
        assertEquals("dataset", r.memory());
        RetrievalResult.SeedResult first = r.perSeed().get(0);
        assertEquals(4, first.losses().length);
        assertEquals(java.util.Set.of("contrastive", "koleo", RetrievalLoss.PER_PAIR, RetrievalLoss.PULL_PER_POSITIVE, RetrievalLoss.PUSH_PER_NEGATIVE,
                RetrievalLoss.MEMORY_FILL), first.terms().keySet(), "the minimised terms and the unminimised curves");
        assertEquals(s.train().size(), r.trainImages());
        assertEquals(Math.max(spec.training().batchSize(), s.train().size()), r.memoryCapacity(), "the paper's memory: the training set");
        float[] fill = first.terms().get(RetrievalLoss.MEMORY_FILL);
        for (int t = 0; t < fill.length; t++)      // one batch enqueued per step
            assertEquals(Math.min(1.0, (double) (t + 1) * spec.training().batchSize() / r.memoryCapacity()), fill[t], 1e-6, "fill after step " + t);
        ImageSet test = s.query();
        // the picture's neighbours (plain-Java cosine ranking) agree with RecallAtK's first-hit ranks
        for (int q = 0; q < r.shownQueries().length; q++) {
            int query = r.shownQueries()[q];
            int[] top = r.shownTop()[q];
            assertEquals(8, top.length);
            int firstHit = -1;
            for (int j = 0; j < top.length; j++) if (test.label(top[j]) == test.label(query)) { firstHit = j; break; }
            int rank = first.firstHitRank()[query];
            assertEquals(rank < 8 ? rank : -1, firstHit, "query " + query);
            assertFalse(IntStream.of(top).anyMatch(j -> j == query), "a query is not its own neighbour");
        }
    }

    /**
     * PCA in the descriptor path, checked against an independent route: the components from
     * commons-math's SVD of the centred training descriptors (not the covariance's eigenvectors that
     * {@link glimpse.eval.Pca} uses), the test descriptors projected, L2-normalised and ranked.
     */
    @Test
    void pcaScoresTheDescriptorsProjectedOnTheTrainingPrincipalComponents() {
        RetrievalSplit s = split();
        List<Path> written = new ArrayList<>();
        RetrievalSpec spec = tiny(Descriptor.vit(Pooling.CLS)).with(b -> b.offTheShelf().pca(8, 2));
        RetrievalResult r = RetrievalExperiment.run(spec, s, stage1(s, written), glimpse.train.RunCheckpoints.NONE);
        assertEquals(List.of(8, 2), r.pcaDims());
        ImageSet test = s.query(), train = s.train();
        for (int k = 0; k < 2; k++) {
            try (NDManager m = NDManager.newBaseManager()) {
                RetrievalNet net = RetrievalNet.smallVit(Pooling.CLS, 16);
                Blocks.initialize(net, m, new Shape(1, 1, 16, 16));
                Weights.load(net.backbone(), written.get(0));
                float[][] fit = Predict.outputs(m, net, train, 64), z = Predict.outputs(m, net, test, 64);   // 48 < PCA_FIT_IMAGES: every training image
                int dims = z[0].length;
                double[] mean = new double[dims];
                for (float[] row : fit) for (int c = 0; c < dims; c++) mean[c] += row[c] / fit.length;
                double[][] centred = new double[fit.length][dims];
                for (int i = 0; i < fit.length; i++) for (int c = 0; c < dims; c++) centred[i][c] = fit[i][c] - mean[c];
                var v = new org.apache.commons.math3.linear.SingularValueDecomposition(new org.apache.commons.math3.linear.Array2DRowRealMatrix(centred)).getV();
                for (int d : new int[] {8, 2}) {
                    float[][] p = new float[z.length][d];
                    for (int i = 0; i < z.length; i++) {
                        double norm = 0;
                        for (int j = 0; j < d; j++) {
                            double x = 0;
                            for (int c = 0; c < dims; c++) x += (z[i][c] - mean[c]) * v.getEntry(c, j);
                            p[i][j] = (float) x;
                            norm += x * x;
                        }
                        for (int j = 0; j < d; j++) p[i][j] /= (float) Math.sqrt(norm);
                    }
                    RetrievalResult.SeedResult got = r.projected(d).perSeed().get(k);
                    assertArrayEquals(RecallAtK.selfGallery(p, test.labels()).firstHitRank(), got.firstHitRank(), "seed " + (k + 1) + ", PCA " + d);
                    assertArrayEquals(MapAtR.selfGallery(p, test.labels()).perQuery(), got.apAtR(), 1e-9, "seed " + (k + 1) + ", PCA " + d + " AP@R");
                    assertEquals(d, got.energy().length);
                }
                assertArrayEquals(RecallAtK.selfGallery(z, test.labels()).firstHitRank(), r.perSeed().get(k).firstHitRank(), "the full descriptor is still scored");
            }
        }
        assertEquals("IRT_O ViT/CLS, PCA 2", r.projected(2).label());
        assertEquals(r.seeds(), r.projected(8).seeds(), "paired with the full descriptor seed by seed");
        var e = assertThrows(IllegalArgumentException.class, () -> r.projected(16));
        assertTrue(e.getMessage().contains("[8, 2]"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> spec.with(b -> b.pca(0)));
    }

    @Test
    void specVariantsAndMemorySizes() {
        RetrievalSpec r = RetrievalSpec.cpu(RetrievalData.glyphs(10, 10), 2, 10, 10);
        assertEquals("IRT_R ViT/CLS", r.label());
        assertEquals("IRT_L ResNet/MEAN", r.with(b -> b.koleo(0).descriptor(Descriptor.resNet(Pooling.MEAN))).label());
        assertEquals("IRT_L ViT/CLS, β 0.3", r.with(b -> b.margin(0.3).koleo(0)).label(), "a sweep's rows tell themselves apart");
        assertEquals("IRT_R ViT/CLS, λ 0.3, memory none", r.with(b -> b.koleo(0.3).noMemory()).label());
        assertEquals("IRT_O ViT/CLS", r.with(RetrievalSpec.Builder::offTheShelf).label());
        assertEquals(200, r.objective().memoryCapacity(64, 200), "dataset memory: the training set");
        assertEquals(64, r.objective().memoryCapacity(64, 10), "at least a batch");
        assertEquals(192, r.with(b -> b.memoryOfBatches(2)).objective().memoryCapacity(64, 200), "current + 2 past batches");
        assertEquals(0, r.with(RetrievalSpec.Builder::noMemory).objective().memoryCapacity(64, 200));
        assertEquals(3, r.seeds().size());
        assertEquals(r.pretrainSpec(), r.with(b -> b.seeds(java.util.List.of(7L, 8L))).pretrainSpec(), "the seeds share one pre-training");
        assertEquals(r.pretrainSpec(), r.with(b -> b.pooling(Pooling.GEM)).pretrainSpec(), "every ViT pooling starts from the same pre-training");
        assertEquals(glimpse.nn.FewShotBackbone.RESNET_SMALL, r.with(b -> b.descriptor(Descriptor.resNet(Pooling.MAX))).pretrainSpec().architecture(),
                "the ResNet is the few-shot notebooks' small ResNet-12: one pre-training serves both");
        assertEquals(glimpse.pretrain.BaseData.of("glyphs", "base", 2), r.pretrainSpec().data(), "all base classes, whatever subset fine-tuning uses");
        assertThrows(IllegalArgumentException.class, () -> Descriptor.resNet(Pooling.CLS));
        assertThrows(IllegalArgumentException.class, () -> r.with(b -> b.perClass(3)), "64 is not a multiple of 3");
        assertThrows(IllegalStateException.class, () -> r.with(b -> b.offTheShelf().koleo(0.5)));
        assertEquals(16, RetrievalData.glyphs16(10, 10).imageSize(), "64 px glyphs shrunk 4x");
        assertEquals("glyphs 10/10 classes, 16 px", RetrievalData.glyphs16(10, 10).name());
        assertEquals(List.of(), r.pcaDims(), "no PCA unless asked");
        assertEquals(List.of(32, 16), r.with(b -> b.pca(32, 16)).pcaDims());
    }

    @Test
    void anUnseenStartPretrainsOnEveryBaseClassButThoseFineTuningUses() {
        RetrievalData data = RetrievalData.glyphs16(100, 60);
        java.util.Set<String> fineTuned = new java.util.HashSet<>(data.load().train().classNames());
        ImageSet unseen = data.unseenBaseData().images();
        ImageSet base = glimpse.data.Datasets.load("glyphs").split("base");
        assertEquals(100, fineTuned.size());
        assertEquals(base.classCount() - 100, unseen.classCount(), "every other base class is kept");
        for (String c : unseen.classNames()) assertFalse(fineTuned.contains(c), "fine-tuning class " + c + " must not be pre-trained on");
        assertEquals(16, unseen.height(), "at the task's image size");

        RetrievalSpec r = RetrievalSpec.cpu(data, 2, 10, 10), u = r.with(RetrievalSpec.Builder::pretrainWithoutFineTuningClasses);
        assertEquals(data.unseenBaseData(), u.pretrainSpec().data());
        assertEquals(data.baseData(), r.pretrainSpec().data(), "the default start: every base class");
        assertEquals("IRT_O ViT/CLS, start without its classes", u.with(RetrievalSpec.Builder::offTheShelf).label(), "its rows tell themselves apart");
        assertEquals(u.pretrainSpec(), u.with(b -> b.koleo(0).seeds(1)).pretrainSpec(), "one unseen pre-training for every arm and seed");
        assertThrows(IllegalStateException.class, () -> RetrievalData.glyphs16(0, 60).unseenBaseData(), "all base classes fine-tuned: none left");
        assertThrows(IllegalStateException.class, () -> RetrievalData.fashionMnist(10, 10).unseenBaseData());
    }
}
