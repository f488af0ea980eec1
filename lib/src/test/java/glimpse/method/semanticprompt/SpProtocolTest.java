package glimpse.method.semanticprompt;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import glimpse.data.Augment;
import glimpse.data.ClassVectors;
import glimpse.data.ImageSet;
import glimpse.data.sampling.Episode;
import glimpse.data.sampling.Seeds;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

class SpProtocolTest {

    @Test
    void derangementsAreOneCyclePermutationsWithoutFixedPoints() {
        for (int n = 2; n <= 12; n++)
            for (long seed = 0; seed < 50; seed++) {
                int[] p = SpText.derangement(n, Seeds.random(seed, n));
                boolean[] hit = new boolean[n];
                for (int i = 0; i < n; i++) {
                    assertNotEquals(i, p[i], "fixed point at " + i);
                    hit[p[i]] = true;
                }
                for (boolean h : hit) assertTrue(h, "not a permutation: " + Arrays.toString(p));
                int len = 1;                               // Sattolo: a single n-cycle
                for (int i = p[0]; i != 0; i = p[i]) len++;
                assertEquals(n, len);
            }
        assertThrows(IllegalArgumentException.class, () -> SpText.derangement(1, Seeds.random(0)));
    }

    @Test
    void shuffledTextsGiveEveryClassAnotherClasssVector() {
        List<String> texts = List.of("LATIN SMALL LETTER A", "LATIN SMALL LETTER E WITH ACUTE", "GREEK SMALL LETTER ALPHA",
                "CYRILLIC SMALL LETTER ZHE", "LATIN SMALL LETTER O WITH DIAERESIS");
        ImageSet set = new ImageSet("toy", 1, 2, 2, new byte[4 * 5], new int[] {0, 1, 2, 3, 4}, List.of("a", "é", "α", "ж", "ö"), texts);
        SpText words = SpText.of(SpText.Encoder.BAG_OF_WORDS);
        ClassVectors plain = words.vectors(set, set).get(0), shuffled = words.withShuffled(true).vectors(set, set).get(0);
        List<float[]> originals = Arrays.asList(plain.vectors());
        for (int c = 0; c < 5; c++) {
            float[] v = shuffled.vectors()[c];
            assertFalse(Arrays.equals(v, plain.vectors()[c]), "class " + c + " kept its own text");
            assertTrue(originals.stream().anyMatch(o -> Arrays.equals(o, v)), "class " + c + " got a vector that is no class's");
        }
        assertTrue(shuffled.source().contains("shuffled"));
    }

    /** Class 0 is bright on the left half, class 1 on the right half; the "encoder" reads the two half means. */
    private static ImageSet halves() {
        int n = 8, s = 8;
        byte[] px = new byte[n * s * s];
        int[] labels = new int[n];
        for (int i = 0; i < n; i++) {
            labels[i] = i % 2;
            for (int y = 0; y < s; y++)
                for (int x = 0; x < s; x++) {
                    boolean bright = labels[i] == 0 ? x < s / 2 : x >= s / 2;
                    px[i * s * s + y * s + x] = (byte) (bright ? 200 + i : 20 + y);
                }
        }
        return new ImageSet("halves", 1, s, s, px, labels, List.of("left", "right"), List.of("left", "right"));
    }

    @Test
    void logisticRegressionSeesEverySupportInTenViewsAndClassifiesTheToyQueries() {
        ImageSet set = halves();
        Episode e = Episode.of(new int[] {0, 1}, new int[][] {{0, 2}, {1, 3}}, new int[][] {{4, 6}, {5, 7}});
        List<NDArray> seen = new ArrayList<>();
        List<int[]> seenIds = new ArrayList<>();
        SpScoring.SupportEncoder halfMeans = (ps, images, ids) -> {
            seen.add(images);
            seenIds.add(ids);
            NDArray left = images.get(":, :, :, 0:4").reshape(images.getShape().get(0), -1).mean(new int[] {1});
            NDArray right = images.get(":, :, :, 4:8").reshape(images.getShape().get(0), -1).mean(new int[] {1});
            return left.reshape(-1, 1).concat(right.reshape(-1, 1), 1);
        };
        try (NDManager m = NDManager.newBaseManager()) {
            float[][] queries = new float[set.size()][];
            for (int q : e.query()) {
                float[] img = set.toTensor(m, new int[] {q}).toFloatArray();
                double l = 0, r = 0;
                for (int i = 0; i < img.length; i++) if (i % 8 < 4) l += img[i]; else r += img[i];
                queries[q] = new float[] {(float) (l / 32), (float) (r / 32)};
            }
            SpScoring.Protocol protocol = new SpScoring.Protocol(10, Augment.none().withCropArea(0.35, 1), 1.0);
            double acc = SpScoring.score(new ParameterStore(m, false), m, set, e, queries, halfMeans, true, 3, 2, 0, protocol);
            assertEquals(1.0, acc);
            NDArray images = seen.get(0);
            assertEquals(new Shape(40, 1, 8, 8), images.getShape(), "4 supports × 10 views");
            NDArray originals = set.toTensor(m, e.support());
            assertEquals(originals.sub(images.get("0:4")).abs().max().getFloat(), 0f, "view 1 is the support itself");
            assertTrue(originals.sub(images.get("4:8")).abs().max().getFloat() > 0.01f, "later views are augmented");
            int[] expectIds = new int[40];
            for (int v = 0; v < 10; v++) for (int s = 0; s < 4; s++) expectIds[v * 4 + s] = e.classes()[e.supportLabels()[s]];
            assertArrayEquals(expectIds, seenIds.get(0), "every view carries its support's class (its prompt)");

            // the same seed, shot count and episode index draw the same views: paired across models
            SpScoring.score(new ParameterStore(m, false), m, set, e, queries, halfMeans, true, 3, 2, 0, protocol);
            assertEquals(0f, seen.get(0).sub(seen.get(1)).abs().max().getFloat());
            // nearest prototype uses the supports alone
            SpScoring.score(new ParameterStore(m, false), m, set, e, queries, halfMeans, false, 3, 2, 0, protocol);
            assertEquals(new Shape(4, 1, 8, 8), seen.get(2).getShape());
        }
    }

    @Test
    void labelsNameTheAblatedParts() {
        assertEquals("SP", SpMethod.paper().label());
        assertEquals("SP SI only", SpMethod.paper().withInteractions(true, false).label());
        assertEquals("SP CI only, Patch pooling", SpMethod.paper().withInteractions(false, true).withPooling(SpNet.Pooling.PATCH).label());
        assertEquals("SP, before block 0, MLP projection", SpMethod.paper().withBeforeBlock(0).withProjection(SemanticPrompt.Projection.MLP).label());
        assertThrows(IllegalArgumentException.class, () -> SpMethod.paper().withInteractions(false, true).withPooling(SpNet.Pooling.HEAD));
    }

    @Test
    void metaTuningPutsTheTextProjectionsAtTheBaseLrAndEverythingElseAt1e6() {
        var cfg = SpSpec.metaTuning(10, 1);
        try (NDManager m = NDManager.newBaseManager()) {
            SpNet net = SpMethod.paper().withProjection(SemanticPrompt.Projection.MLP).build(Visformer.cpu32(), 6);
            net.initialize(m, ai.djl.ndarray.types.DataType.FLOAT32, new Shape(5, 1, 32, 32), new Shape(5), new Shape(5, 1, 32, 32),
                    new Shape(5), new Shape(5, 6));
            int projections = 0;
            for (var p : net.getParameters()) {
                double lr = cfg.learningRate() * cfg.lrMultiplierFor(p.getKey());
                boolean projection = p.getKey().contains("spatialProjection") || p.getKey().contains("channelProjection");
                assertEquals(projection ? 5e-4 : 1e-6, lr, projection ? 1e-9 : 1e-12, p.getKey());
                assertEquals(5e-2, cfg.weightDecayFor(p.getKey()), 1e-9, p.getKey());
                if (projection) projections++;
            }
            assertEquals(4, projections, "h_s as an MLP (2 weights + 1 bias) and W_c");
        }
    }
}
