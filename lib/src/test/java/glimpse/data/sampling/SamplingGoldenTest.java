package glimpse.data.sampling;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import glimpse.data.ImageSet;
import glimpse.data.sampling.Episode;
import glimpse.data.sampling.EpisodeSampler;
import glimpse.data.sampling.LongTail;
import glimpse.testing.Digest;
import glimpse.testing.Golden;
import glimpse.testing.IndexLabelledImages;
import glimpse.train.Batch;
import glimpse.train.BatchSource;
import glimpse.train.EpisodeBatches;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Golden digests of every seeded choice the sampling code makes, recorded from the code as it was
 * before the random streams were gathered into one utility. Saved test episodes, long-tail subsets
 * and batch orders must not change, so these values must never be edited to make a test pass.
 */
class SamplingGoldenTest {
    /** 12 classes × 30 images of 1×4×4; pixel values encode the image index, labels round-robin. */
    static ImageSet twelveClasses() {
        int n = 360, px = 16;
        byte[] pixels = new byte[n * px];
        int[] labels = new int[n];
        for (int i = 0; i < n; i++) {
            labels[i] = i % 12;
            for (int p = 0; p < px; p++) pixels[i * px + p] = (byte) (i * 7 + p);
        }
        List<String> names = new ArrayList<>();
        for (int c = 0; c < 12; c++) names.add("c" + c);
        return new ImageSet("twelve", 1, 4, 4, pixels, labels, names, names);
    }

    private static Digest episode(Digest d, Episode e) {
        return d.ints(e.classes()).ints(e.support()).ints(e.supportLabels()).ints(e.query()).ints(e.queryLabels());
    }

    @Test
    void evaluationEpisodesOfASeedAreUnchanged() {
        Golden g = new Golden("seed 0", "5c542dfa713ccd3e", "seed 1", "5161772efe2e5925", "seed 42", "6de859d7b4b4dfc6", "seed -7", "68e7fe4424535c6b");
        EpisodeSampler s = new EpisodeSampler(twelveClasses(), 5, 3, 4);
        for (long seed : new long[] {0, 1, 42, -7}) {
            Digest d = Digest.start();
            for (Episode e : s.episodes(seed, 20)) episode(d, e);
            g.check("seed " + seed, d.hex());
        }
        g.verify();
    }

    @Test
    void trainingEpisodesFromACallersGeneratorAreUnchanged() {
        Golden g = new Golden("12-way from Random(3)", "1d3e2c64735d2704");
        EpisodeSampler s = new EpisodeSampler(twelveClasses(), 12, 1, 2);
        Random rng = new Random(3);
        Digest d = Digest.start();
        for (int i = 0; i < 10; i++) episode(d, s.sample(rng));
        g.check("12-way from Random(3)", d.hex());
        g.verify();
    }

    @Test
    void longTailSubsetsAndBalancedSubsetsAreUnchanged() {
        Golden g = new Golden("LT10 seed 0", "85af69a4f8c4efd3", "LT3 seed 5", "5ec30e54f1da4585", "balanced 7 seed 11", "7b7a70f061818dbd");
        ImageSet set = twelveClasses();
        g.check("LT10 seed 0", Digest.of(new LongTail(10, 30, 0).indices(set)));
        g.check("LT3 seed 5", Digest.of(new LongTail(3, 25, 5).indices(set)));
        // the kept images' pixels name them (pixel 0 of image i is 7i mod 256), labels their classes
        ImageSet b = LongTail.balanced(set, 7, 11);
        int[] kept = new int[b.size()];
        for (int i = 0; i < b.size(); i++) kept[i] = b.pixel(i, 0, 0, 0);
        g.check("balanced 7 seed 11", Digest.start().ints(kept).ints(b.labels()).hex());
        g.verify();
    }

    @Test
    void shuffledBatchOrdersAreUnchanged() {
        Golden g = new Golden("seed 0", "2d2234d451f92f11", "seed 1", "1c807168a428ee24", "seed 9", "8802a46c7f5e0b3c");
        ImageSet set = IndexLabelledImages.of(100, 1);   // a batch's labels are its image indices
        try (NDManager m = NDManager.newBaseManager()) {
            for (long seed : new long[] {0, 1, 9}) {
                BatchSource source = BatchSource.shuffled(set, 32, seed);
                Digest d = Digest.start();
                for (int step : new int[] {0, 1, 2, 3, 4, 7, 2}) d.ints(source.batch(m, step).y().toType(DataType.INT32, false).toIntArray());
                g.check("seed " + seed, d.hex());
            }
        }
        g.verify();
    }

    @Test
    void episodicBatchesWithSimClrEpisodesAndAugmentationAreUnchanged() {
        Golden g = new Golden("simclr 0.5 seed 4", "74e1bdc3f904e98c");
        EpisodeBatches source = EpisodeBatches.of(twelveClasses(), 5, 2, 3, 4).withSimClr(0.5, 2);
        try (NDManager m = NDManager.newBaseManager()) {
            Digest d = Digest.start();
            for (int step = 0; step < 8; step++) {
                Batch b = source.batch(m, step);
                // the pinned stream: supports, their labels, queries (the class ids appended since are checked below)
                for (int i = 0; i < 3; i++) d.floats(b.data().get(i).toType(DataType.FLOAT32, false).toFloatArray());
                assertEquals(4, b.data().size(), "support, labels, query, class ids");
                d.floats(b.y().toType(DataType.FLOAT32, false).toFloatArray());
            }
            g.check("simclr 0.5 seed 4", d.hex());
        }
        g.verify();
    }
}
