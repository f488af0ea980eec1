package glimpse.data.glyphs;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import glimpse.data.DatasetException;
import glimpse.data.DatasetReader;
import glimpse.data.Dataset;
import glimpse.data.Manifest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

/** The reader on tiny manifests written here: missing fonts, checksum mismatch and acceptance, cache, check lines. */
class GlyphsReaderTest {
    @TempDir Path tmp;

    private static final String[] PROPS = {"glimpse.cache", GlyphsDatasetReader.ACCEPT_PROPERTY, GlyphsDatasetReader.RERENDER_PROPERTY};
    private final String[] saved = new String[PROPS.length];

    @BeforeEach
    void isolateCache() {
        for (int i = 0; i < PROPS.length; i++) saved[i] = System.getProperty(PROPS[i]);
        System.setProperty("glimpse.cache", tmp.resolve("cache").toString());
        System.clearProperty(GlyphsDatasetReader.ACCEPT_PROPERTY);
        System.clearProperty(GlyphsDatasetReader.RERENDER_PROPERTY);
    }

    @AfterEach
    void restore() {
        for (int i = 0; i < PROPS.length; i++) {
            if (saved[i] == null) System.clearProperty(PROPS[i]); else System.setProperty(PROPS[i], saved[i]);
        }
    }

    /** A manifest for classes e é ę α Ж from the given faces, split into two class-disjoint halves. */
    private Manifest manifest(List<FontFace> faces, String sha) throws IOException {
        JsonObject o = new JsonObject();
        o.addProperty("imageSize", 32);
        o.addProperty("emPixels", 20);
        o.addProperty("instancesPerClass", 4);
        o.addProperty("seed", 5);
        o.addProperty("minTypefaces", 1);
        o.add("jitter", Manifest.gson().toJsonTree(new Jitter.Spec(0.9, 1.1, 5, 0.1, 2, 0.3, 1.0)));
        JsonArray fonts = new JsonArray();
        faces.forEach(f -> fonts.add(Manifest.gson().toJsonTree(f)));
        o.add("fonts", fonts);
        o.addProperty("classes", "0065 00E9 0119 03B1 0416");
        o.addProperty("splitSeed", 1);
        if (sha != null) o.addProperty("renderedSha256", sha);
        JsonObject m = new JsonObject();
        m.addProperty("id", "glyphs-test");
        m.addProperty("reader", "glyphs");
        JsonObject source = new JsonObject();
        source.addProperty("kind", "generated");
        m.add("source", source);
        JsonObject splits = new JsonObject();
        splits.addProperty("left", "0065 0119 0416");
        splits.addProperty("right", "00E9 03B1");
        m.add("splits", splits);
        m.add("options", o);
        Path file = tmp.resolve("glyphs-test.json");
        Files.writeString(file, Manifest.gson().toJson(m));
        return Manifest.read(file);
    }

    private static final List<FontFace> TWO = List.of(TestFaces.DEJAVU_SANS, TestFaces.LIBERATION_SERIF);

    @Test
    void aMissingFontFileNamesItsPackageAndTheInstallCommand() throws IOException {
        FontFace ghost = new FontFace("/usr/share/fonts/truetype/nosuch/NoSuchSans-Regular.ttf", "fonts-nosuch", "No Such Sans", "regular", null);
        Manifest m = manifest(List.of(TestFaces.DEJAVU_SANS, ghost), "0".repeat(64));
        DatasetException e = assertThrows(DatasetException.class, () -> GlyphsDatasetReader.obtain(m));
        assertTrue(e.getMessage().contains("/usr/share/fonts/truetype/nosuch/NoSuchSans-Regular.ttf"), e.getMessage());
        assertTrue(e.getMessage().contains("(Debian package fonts-nosuch)"), e.getMessage());
        assertTrue(e.getMessage().contains("sudo apt-get install fonts-nosuch"), e.getMessage());
        assertTrue(e.getMessage().contains(m.location().toString()), "names the manifest: " + e.getMessage());
    }

    @Test
    void aDifferentRenderingIsRefusedUntilThatExactRenderingIsAccepted() throws IOException {
        Manifest wrong = manifest(TWO, "ab".repeat(32));
        DatasetException e = assertThrows(DatasetException.class, () -> GlyphsDatasetReader.obtain(wrong));
        String msg = e.getMessage();
        assertTrue(msg.contains("differs"), msg);
        assertTrue(msg.contains("NOT used"), msg);
        assertTrue(msg.contains("manifest sha256 " + "ab".repeat(32)), msg);
        String actual = msg.substring(msg.indexOf("rendered sha256 ") + 16, msg.indexOf("rendered sha256 ") + 16 + 64);
        assertTrue(msg.contains("GLIMPSE_GLYPHS_ACCEPT=" + actual), msg);
        assertTrue(msg.contains("GLIMPSE_GLYPHS_RERENDER=1"), msg);

        // accepting another checksum does not help
        System.setProperty(GlyphsDatasetReader.ACCEPT_PROPERTY, "cd".repeat(32));
        assertThrows(DatasetException.class, () -> GlyphsDatasetReader.obtain(wrong));
        // accepting exactly this rendering does; it comes from the cache written by the refused attempt
        System.setProperty(GlyphsDatasetReader.ACCEPT_PROPERTY, actual);
        GlyphsDatasetReader.Loaded l = GlyphsDatasetReader.obtain(wrong);
        assertFalse(l.matchesManifest());
        assertTrue(l.fromCache());
        assertEquals(actual, l.set().sha256());
    }

    @Test
    void aMatchingManifestLoadsFromTheCacheWithItsSplits() throws IOException {
        RenderedGlyphs reference = new GlyphSetRenderer(TestFaces.open(TestFaces.DEJAVU_SANS, TestFaces.LIBERATION_SERIF), 32, 20, 4, 5,
                new Jitter.Spec(0.9, 1.1, 5, 0.1, 2, 0.3, 1.0)).render(new int[]{'e', 0xE9, 0x119, 0x3B1, 0x416});
        Manifest m = manifest(TWO, reference.sha256());
        GlyphsDatasetReader.Loaded first = GlyphsDatasetReader.obtain(m);
        assertFalse(first.fromCache());
        assertTrue(first.matchesManifest());
        assertTrue(Files.isRegularFile(first.cacheFile()));
        assertTrue(first.cacheFile().startsWith(tmp.resolve("cache").resolve("glyphs")));
        GlyphsDatasetReader.Loaded second = GlyphsDatasetReader.obtain(m);
        assertTrue(second.fromCache());
        assertArrayEquals(reference.pixels(), second.set().pixels());

        Dataset d = new GlyphsDatasetReader().read(m);
        assertEquals(List.of("e", "ę", "Ж"), d.split("left").classNames());
        assertEquals(List.of("LATIN SMALL LETTER E WITH ACUTE", "GREEK SMALL LETTER ALPHA"), d.split("right").classTexts());
        assertEquals(5 * 4, d.split("all").size());
        assertEquals(3 * 4, d.split("left").size());
        // the images of ę in the split are those of ę in the whole set
        int inAll = d.split("all").indicesOfClass(2)[0], inLeft = d.split("left").indicesOfClass(1)[0];
        for (int y = 0; y < 32; y++)
            for (int x = 0; x < 32; x++) assertEquals(d.split("all").pixel(inAll, 0, y, x), d.split("left").pixel(inLeft, 0, y, x));
        assertEquals(List.of(GlyphClass.of(0x119)), Glyphs.classes(d.split("left")).subList(1, 2));
    }

    @Test
    void aCorruptCacheIsRenderedAgainNotUsed() throws IOException {
        Manifest m = manifest(TWO, null);
        assertThrows(DatasetException.class, () -> GlyphsDatasetReader.obtain(m));  // no checksum in the manifest: refused, but cached
        Path cache = GlyphCache.file(GlyphsConfig.from(m));
        RenderedGlyphs good = GlyphCache.read(cache);
        byte[] bytes = Files.readAllBytes(cache);
        bytes[bytes.length - 100] ^= 0x55;
        Files.write(cache, bytes);
        IOException e = assertThrows(IOException.class, () -> GlyphCache.read(cache));
        assertTrue(e.getMessage().contains("corrupt"), e.getMessage());
        Files.write(cache, java.util.Arrays.copyOf(bytes, bytes.length - 7));
        assertThrows(IOException.class, () -> GlyphCache.read(cache));
        System.setProperty(GlyphsDatasetReader.ACCEPT_PROPERTY, good.sha256());
        GlyphsDatasetReader.Loaded again = GlyphsDatasetReader.obtain(m);
        assertFalse(again.fromCache());
        assertArrayEquals(good.pixels(), again.set().pixels());
    }

    @Test
    void checkReportsClassesInstancesFontsScriptsSplitsAndChecksum() throws IOException {
        RenderedGlyphs reference = new GlyphSetRenderer(TestFaces.open(TestFaces.DEJAVU_SANS, TestFaces.LIBERATION_SERIF), 32, 20, 4, 5,
                new Jitter.Spec(0.9, 1.1, 5, 0.1, 2, 0.3, 1.0)).render(new int[]{'e', 0xE9, 0x119, 0x3B1, 0x416});
        DatasetReader.CheckReport r = new GlyphsDatasetReader().check(manifest(TWO, reference.sha256()));
        assertTrue(r.ok(), String.join("\n", r.lines()));
        String all = String.join("\n", r.lines());
        assertTrue(all.contains("classes:   5 "), all);
        assertTrue(all.contains("instances: 4 per class, 20 images of 32x32x1"), all);
        assertTrue(all.contains("fonts:     2 font files, 2 typefaces, from 2 Debian packages: fonts-dejavu-core fonts-liberation"), all);
        assertTrue(all.contains("scripts:   cyrillic 1, greek 1, latin 3"), all);
        assertTrue(all.contains("splits:    left 3, right 2 classes"), all);
        assertTrue(all.contains("checksum:  sha256 " + reference.sha256() + " (matches the manifest)"), all);

        DatasetReader.CheckReport bad = new GlyphsDatasetReader().check(manifest(TWO, "ef".repeat(32)));
        assertFalse(bad.ok());
        assertTrue(String.join("\n", bad.lines()).contains("GLIMPSE_GLYPHS_ACCEPT="));
    }
}
