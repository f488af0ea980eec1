package glimpse.data.sampling;

import ai.djl.ndarray.NDManager;
import glimpse.data.Augment;
import glimpse.data.EpisodeTensors;
import glimpse.data.ImageSet;
import org.junit.jupiter.api.Test;

import java.util.Random;

import static org.junit.jupiter.api.Assertions.*;

class SimClrEpisodesTest {

    @Test
    void everySupportBecomesAClassAndItsQueriesAreCopiesOfIt() {
        ImageSet set = EpisodeSamplerTest.synthetic(20, 20, 20, 20, 20, 20);
        Episode e = new EpisodeSampler(set, 4, 3, 5).sample(new Random(2));
        Episode s = SimClrEpisodes.from(e);
        assertEquals(12, s.ways(), "|S| classes");
        assertEquals(1, s.shots());
        assertEquals(5, s.queriesPerClass(), "as many queries per class as the original episode");
        assertArrayEquals(e.support(), s.support());
        for (int i = 0; i < s.query().length; i++) {
            int label = s.queryLabels()[i];
            assertEquals(s.support()[label], s.query()[i], "query " + i + " is not a copy of its class's support");
        }
        for (int j = 0; j < 12; j++) assertEquals(set.label(e.support()[j]), s.classes()[j]);
    }

    @Test
    void queriesAreAugmentedViewsOfTheirOwnSupport() {
        ImageSet set = EpisodeSamplerTest.synthetic(20, 20, 20, 20);
        Episode e = new EpisodeSampler(set, 3, 2, 2).sample(new Random(3));
        try (NDManager m = NDManager.newBaseManager()) {
            // identity views: each query tensor equals its support's tensor exactly
            EpisodeTensors plain = EpisodeTensors.simclr(m, set, e, Augment.none(), Augment.none(), new Random(1));
            float[] sup = plain.support().toFloatArray(), qry = plain.query().toFloatArray();
            long[] ql = plain.queryLabels().toLongArray();
            int b = set.imageBytes();
            for (int i = 0; i < ql.length; i++)
                for (int k = 0; k < b; k++) assertEquals(sup[(int) ql[i] * b + k], qry[i * b + k]);
            // with SimCLR's augmentation the views differ from the originals (somewhere), yet stay in [0, 1]
            EpisodeTensors aug = EpisodeTensors.simclr(m, set, e, Augment.simclrSupport(), Augment.simclrQuery(), new Random(1));
            assertEquals(6, aug.ways());
            assertEquals(12, aug.query().getShape().get(0));
            float[] a = aug.query().toFloatArray();
            for (float v : a) assertTrue(v >= 0 && v <= 1);
        }
    }
}
