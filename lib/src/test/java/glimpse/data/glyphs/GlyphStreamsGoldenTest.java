package glimpse.data.glyphs;

import glimpse.data.ImageSet;
import glimpse.data.Manifests;
import glimpse.data.sampling.Seeds;
import glimpse.testing.Digest;
import glimpse.testing.Golden;
import org.junit.jupiter.api.Test;

import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.List;

/**
 * Golden digests of the Glyphs set's seeded choices (renders, face orders, jitter seeds, splits, the
 * sample grid), recorded before the random streams were gathered into one utility. The manifest's
 * rendered sha256 depends on all of them.
 */
class GlyphStreamsGoldenTest {
    private static final int[] CLASSES = {'e', 0xE9, 0x119, 0x3B1, 0x416, 'W', 'g', 0x1EC7};

    @Test
    void rendersFaceOrdersAndJitterSeedsAreUnchanged() {
        Golden g = new Golden("render sha256", "634a88ae8a5445d87f2d0869d57c0fee1f74b5889ce210ccbccc7dfecdfa9b0b", "face orders", "315369fdb6ca4371", "jitter seeds", "9a962e0010df6a55");
        List<LoadedFace> faces = TestFaces.open(TestFaces.DEJAVU_SANS, TestFaces.DEJAVU_SANS_BOLD, TestFaces.LIBERATION_SERIF,
                TestFaces.FREE_SERIF_ITALIC, TestFaces.CALADEA);
        GlyphSetRenderer r = TestFaces.renderer(faces, 6, 7);
        g.check("render sha256", r.render(CLASSES).sha256());
        Digest d = Digest.start();
        for (int cp : CLASSES) d.ints(r.faceOrder(cp));
        g.check("face orders", d.hex());
        Digest m = Digest.start();
        for (long seed : new long[] {0, 7, -1}) for (int cp : CLASSES) for (int i = -1; i < 5; i++) m.longs(Seeds.mix(seed, cp, (long) i << 32));
        g.check("jitter seeds", m.hex());
        g.verify();
    }

    @Test
    void splitsAreUnchanged() {
        Golden g = new Golden("manifest split seed", "e6b10229001ac5a1", "seed 3", "e9dc21ba2cebc5b9");
        GlyphsConfig c = GlyphsConfig.from(glimpse.data.Manifests.of("glyphs"));
        for (long seed : new long[] {c.splitSeed(), 3}) {
            Digest d = Digest.start();
            GlyphSplits.compute(c.classCodePoints(), seed).forEach((name, cps) -> d.ints(name.hashCode()).ints(cps));
            g.check(seed == 3 ? "seed 3" : "manifest split seed", d.hex());
        }
        g.verify();
    }

    @Test
    void sampleGridRowsAreUnchanged() {
        Golden g = new Golden("grid 6 of 20 seed 5", "db7c6571a9993737");
        int n = 20 * 3;
        byte[] px = new byte[n * 4];
        int[] labels = new int[n];
        List<String> names = new ArrayList<>();
        for (int c = 0; c < 20; c++) names.add(new String(Character.toChars('a' + c)));
        for (int i = 0; i < n; i++) { labels[i] = i / 3; for (int p = 0; p < 4; p++) px[i * 4 + p] = (byte) (i * 4 + p); }
        ImageSet set = new ImageSet("grid", 1, 2, 2, px, labels, names, names);
        BufferedImage grid = Glyphs.sampleGrid(set, 6, 2, 5);
        g.check("grid 6 of 20 seed 5", Digest.of(grid.getRGB(0, 0, grid.getWidth(), grid.getHeight(), null, 0, grid.getWidth())));
        g.verify();
    }
}
