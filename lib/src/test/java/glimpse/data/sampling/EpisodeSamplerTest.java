package glimpse.data.sampling;

import glimpse.data.DatasetException;
import glimpse.data.ImageSet;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.*;

class EpisodeSamplerTest {
    @TempDir Path cache;

    @BeforeEach void useTempCache() { System.setProperty("glimpse.cache", cache.toString()); }
    @AfterEach void restore() { System.clearProperty("glimpse.cache"); }

    /** {@code perClass[c]} images of class c; image i has all pixels = i mod 256, so tensors can be traced back. */
    static ImageSet synthetic(int... perClass) {
        List<Integer> ys = new ArrayList<>();
        for (int c = 0; c < perClass.length; c++) for (int k = 0; k < perClass[c]; k++) ys.add(c);
        int n = ys.size(), side = 4;
        byte[] px = new byte[n * side * side];
        for (int i = 0; i < n; i++) java.util.Arrays.fill(px, i * side * side, (i + 1) * side * side, (byte) i);
        List<String> names = new ArrayList<>();
        for (int c = 0; c < perClass.length; c++) names.add("class-" + c);
        return new ImageSet("synthetic", 1, side, side, px, ys.stream().mapToInt(Integer::intValue).toArray(), names, names);
    }

    @Test
    void episodesHaveNDistinctClassesAndDisjointDistinctImagesWithRenumberedLabels() {
        ImageSet set = synthetic(20, 20, 20, 20, 20, 20, 20, 20);
        EpisodeSampler sampler = new EpisodeSampler(set, 5, 3, 4);
        Random rng = new Random(1);
        for (int t = 0; t < 50; t++) {
            Episode e = sampler.sample(rng);
            assertEquals(5, e.ways());
            assertEquals(5, new HashSet<>(java.util.Arrays.stream(e.classes()).boxed().toList()).size());
            assertEquals(15, e.support().length);
            assertEquals(20, e.query().length);
            Set<Integer> used = new HashSet<>();
            for (int i = 0; i < e.support().length; i++) {
                assertTrue(used.add(e.support()[i]), "an image is used twice");
                assertEquals(e.classes()[e.supportLabels()[i]], set.label(e.support()[i]));
                assertEquals(i / 3, e.supportLabels()[i]);
            }
            for (int i = 0; i < e.query().length; i++) {
                assertTrue(used.add(e.query()[i]), "a query is also a support or repeated");
                assertEquals(e.classes()[e.queryLabels()[i]], set.label(e.query()[i]));
                assertEquals(i / 4, e.queryLabels()[i]);
            }
        }
    }

    @Test
    void samplingCoversAllClassesRoughlyUniformly() {
        ImageSet set = synthetic(10, 10, 10, 10, 10, 10, 10, 10, 10, 10);
        EpisodeSampler sampler = new EpisodeSampler(set, 2, 1, 1);
        int[] hits = new int[10];
        Random rng = new Random(4);
        for (int t = 0; t < 5000; t++) for (int c : sampler.sample(rng).classes()) hits[c]++;
        // expected 1000 per class; binomial sd ~ 28
        for (int h : hits) assertTrue(Math.abs(h - 1000) < 150, java.util.Arrays.toString(hits));
    }

    @Test
    void sameSeedSameEpisodesInAnyOrderAndDifferentSeedsDiffer() {
        EpisodeSampler sampler = new EpisodeSampler(synthetic(12, 12, 12, 12, 12, 12), 3, 2, 3);
        List<Episode> a = sampler.episodes(7, 20), b = sampler.episodes(7, 20);
        assertEquals(a, b);
        assertEquals(a.get(13), sampler.episode(7, 13));
        List<Episode> c = sampler.episodes(8, 20);
        assertNotEquals(a, c);
        assertNotEquals(a.get(0), a.get(1));
    }

    @Test
    void aClassWithTooFewImagesIsNamedInTheError() {
        ImageSet set = synthetic(10, 10, 4, 10);
        var e = assertThrows(IllegalArgumentException.class, () -> new EpisodeSampler(set, 2, 1, 5));
        assertTrue(e.getMessage().contains("class 2 'class-2' has 4 images"), e.getMessage());
        assertTrue(e.getMessage().contains("fewer than the 6"), e.getMessage());
        var e2 = assertThrows(IllegalArgumentException.class, () -> new EpisodeSampler(set, 5, 1, 1));
        assertTrue(e2.getMessage().contains("4 classes"), e2.getMessage());
    }

    @Test
    void testEpisodesAreSavedReusedAndRefusedForADifferentSet() throws Exception {
        ImageSet set = synthetic(12, 12, 12, 12, 12, 12);
        List<Episode> first = EpisodeSampler.testEpisodes("synth", "novel", set, 3, 1, 2, 42, 30);
        Path file = EpisodeSampler.testEpisodesFile("synth", "novel", 3, 1, 2, 42);
        assertTrue(Files.isRegularFile(file));
        assertTrue(file.startsWith(cache));
        assertEquals(new EpisodeSampler(set, 3, 1, 2).episodes(42, 30), first);
        // the saved file is what is read back: edit it and the edit shows (proves it is not regenerated)
        String json = Files.readString(file);
        assertNotEquals(71, first.get(0).support()[0]);
        String edited = json.replaceFirst("\"support\":\\[\\d+", "\"support\":[71");
        Files.writeString(file, edited);
        List<Episode> again = EpisodeSampler.testEpisodes("synth", "novel", set, 3, 1, 2, 42, 10);
        assertEquals(10, again.size());
        assertEquals(71, again.get(0).support()[0]);
        // asking for more than saved regenerates deterministically and keeps the first ones' definition
        Files.writeString(file, json);
        List<Episode> more = EpisodeSampler.testEpisodes("synth", "novel", set, 3, 1, 2, 42, 40);
        assertEquals(first, more.subList(0, 30));
        // a different set (an extra image) under the same key is refused, naming the file
        ImageSet other = synthetic(13, 12, 12, 12, 12, 12);
        var e = assertThrows(DatasetException.class, () -> EpisodeSampler.testEpisodes("synth", "novel", other, 3, 1, 2, 42, 10));
        assertTrue(e.getMessage().contains(file.toString()), e.getMessage());
    }
}
