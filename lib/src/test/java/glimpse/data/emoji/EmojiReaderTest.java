package glimpse.data.emoji;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import glimpse.data.Dataset;
import glimpse.data.DatasetException;
import glimpse.data.ImageSet;
import glimpse.data.Manifest;
import glimpse.data.Manifests;
import glimpse.data.SourceFiles;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.*;

/**
 * The emoji reader on a fixture the test writes in the npm packages' layout (emoji-datasource-&lt;style&gt;/emoji.json and
 * img/&lt;style&gt;/&lt;size&gt;/&lt;image&gt;.png): names, which emoji become classes, pixels over white, image order, the split.
 */
class EmojiReaderTest {
    static final int SIZE = 4;
    static final List<String> STYLES = List.of("twitter", "google");
    @TempDir Path root;
    /** The fixture's node_modules folder (source.path), as `npm install --prefix root` lays it out. */
    Path dir;

    @org.junit.jupiter.api.BeforeEach
    void modules() { dir = root.resolve("node_modules"); }

    /** An emoji.json entry. */
    static JsonObject entry(String name, String category, String unified, int sortOrder, boolean inGoogle) {
        JsonObject o = new JsonObject();
        o.addProperty("name", name);
        o.addProperty("unified", unified);
        o.addProperty("image", unified.toLowerCase() + ".png");
        o.addProperty("category", category);
        o.addProperty("sort_order", sortOrder);
        o.addProperty("has_img_twitter", true);
        o.addProperty("has_img_google", inGoogle);
        return o;
    }

    /**
     * 12 "Animals" and 8 "Food" emoji (listed in reverse Unicode order, so the reader must sort), a "Component" swatch,
     * a second "DOG FACE" (a repeated name) and one the Google set lacks. Image of class k in style s: every pixel
     * (10k + s, 100 + s, 7) opaque, except pixel (0, 0) transparent black and pixel (1, 0) (200, 0, 0) at alpha 128.
     */
    JsonArray writeFixture() throws IOException {
        List<JsonObject> entries = new ArrayList<>();
        int order = 0;
        entries.add(entry("DOG FACE", "Animals", "1F436", order++, true));
        for (int i = 1; i < 12; i++) entries.add(entry("ANIMAL " + i, "Animals", "A" + i, order++, true));
        for (int i = 0; i < 8; i++) entries.add(entry("Food " + i, "Food", "F" + i, order++, true));
        entries.add(entry("EMOJI MODIFIER FITZPATRICK TYPE-3", "Component", "1F3FC", order++, true));
        entries.add(entry("Dog Face", "Animals", "D2", order++, true));
        entries.add(entry("TWITTER ONLY", "Food", "T1", order++, false));
        JsonArray json = new JsonArray();
        for (int i = entries.size() - 1; i >= 0; i--) json.add(entries.get(i));
        int k = 0;
        for (JsonObject e : entries) {
            for (int s = 0; s < STYLES.size(); s++) {
                if (s == 1 && !e.get("has_img_google").getAsBoolean()) continue;
                writePng(image(STYLES.get(s), e.get("image").getAsString()), 10 * k + s, 100 + s, SIZE);
            }
            k++;
        }
        for (String style : STYLES) {
            Path pkg = Files.createDirectories(dir.resolve("emoji-datasource-" + style));
            Files.writeString(pkg.resolve("emoji.json"), json.toString(), StandardCharsets.UTF_8);
        }
        return json;
    }

    Path image(String style, String file) { return dir.resolve("emoji-datasource-" + style).resolve("img").resolve(style).resolve(Integer.toString(SIZE)).resolve(file); }

    static void writePng(Path file, int red, int green, int size) throws IOException {
        BufferedImage img = new BufferedImage(size, size, BufferedImage.TYPE_INT_ARGB);
        for (int y = 0; y < size; y++) for (int x = 0; x < size; x++) img.setRGB(x, y, 0xFF000000 | red << 16 | green << 8 | 7);
        img.setRGB(0, 0, 0x00000000);
        img.setRGB(1, 0, 128 << 24 | 200 << 16);
        Files.createDirectories(file.getParent());
        ImageIO.write(img, "png", file.toFile());
    }

    Manifest manifest(long seed, List<Manifest.FileEntry> files) {
        JsonObject options = new JsonObject();
        JsonArray styles = new JsonArray();
        STYLES.forEach(styles::add);
        options.add("styles", styles);
        options.addProperty("imageSize", SIZE);
        options.addProperty("splitSeed", seed);
        options.addProperty("testFraction", 0.4);
        JsonArray excluded = new JsonArray();
        excluded.add("Component");
        options.add("excludeCategories", excluded);
        return new Manifest("emoji-fixture", "Emoji fixture", null, null, null, List.of("test"),
                new Manifest.Source("npm-package", null, dir.toString(), null, null, "fixture",
                        List.of("emoji-datasource-twitter@16.0.0", "emoji-datasource-google@16.0.0")),
                files, "emoji", Map.of(), null, null, options, dir.resolve("emoji-fixture.json"));
    }

    Manifest manifest(long seed) {
        return manifest(seed, List.of(new Manifest.FileEntry("emoji-datasource-twitter/emoji.json", null, null),
                new Manifest.FileEntry("emoji-datasource-google/emoji.json", null, null)));
    }

    @Test
    void classesAreTheLowerCasedNamesInUnicodeOrderDrawnInEveryStyle() throws IOException {
        writeFixture();
        ImageSet all = new EmojiReader().read(manifest(1)).split("all");
        List<String> expected = new ArrayList<>(List.of("dog face"));
        for (int i = 1; i < 12; i++) expected.add("animal " + i);
        for (int i = 0; i < 8; i++) expected.add("food " + i);
        // the Component swatch, the repeated "dog face" and the emoji without a Google image are not classes
        assertEquals(expected, all.classNames());
        assertEquals(all.classNames(), all.classTexts());
        assertEquals(3, all.channels());
        assertEquals(SIZE, all.height());
        assertEquals(2 * expected.size(), all.size());
        for (int c = 0; c < all.classCount(); c++) assertEquals(2, all.countsPerClass()[c]);
    }

    @Test
    void imagesGoClassByClassStylesInOrderOverWhite() throws IOException {
        writeFixture();
        ImageSet all = new EmojiReader().read(manifest(1)).split("all");
        for (int c : new int[] {0, 5, 19})
            for (int s = 0; s < 2; s++) {
                int i = 2 * c + s;
                assertEquals(c, all.label(i));
                // an opaque pixel keeps its colour: class c's image k is the c-th listed emoji, k = c here (the skipped ones come last)
                assertEquals(10 * c + s, all.pixel(i, 0, 2, 2));
                assertEquals(100 + s, all.pixel(i, 1, 2, 2));
                assertEquals(7, all.pixel(i, 2, 3, 3));
                // a transparent pixel becomes the white background, whatever colour it stored
                for (int ch = 0; ch < 3; ch++) assertEquals(255, all.pixel(i, ch, 0, 0));
                // alpha 128/255 over white: 200·a + 255·(1 − a) = 227.4 red; 255·(1 − a) = 127.0 green and blue (±1 for rounding)
                assertEquals(227.4, all.pixel(i, 0, 0, 1), 1.0);
                assertEquals(127.0, all.pixel(i, 1, 0, 1), 1.0);
                assertEquals(127.0, all.pixel(i, 2, 0, 1), 1.0);
            }
    }

    @Test
    void trainAndTestAreClassDisjointStratifiedByCategoryAndRepeatable() throws IOException {
        writeFixture();
        Dataset d = new EmojiReader().read(manifest(7));
        ImageSet train = d.split("train"), test = d.split("test");
        Set<String> trainNames = new HashSet<>(train.classNames()), testNames = new HashSet<>(test.classNames());
        assertTrue(java.util.Collections.disjoint(trainNames, testNames), trainNames + " / " + testNames);
        Set<String> union = new HashSet<>(trainNames);
        union.addAll(testNames);
        assertEquals(new HashSet<>(d.split("all").classNames()), union);
        // round(0.4 · 12) = 5 animals and round(0.4 · 8) = 3 foods to test
        assertEquals(5, test.classNames().stream().filter(n -> n.contains("animal") || n.equals("dog face")).count(), test.classNames().toString());
        assertEquals(3, test.classNames().stream().filter(n -> n.startsWith("food")).count(), test.classNames().toString());
        // every class keeps both styles' images, labels in Unicode order within the split
        assertEquals(2 * test.classCount(), test.size());
        List<String> sorted = new ArrayList<>(test.classNames());
        sorted.sort(java.util.Comparator.comparingInt(d.split("all").classNames()::indexOf));
        assertEquals(sorted, test.classNames());
        // the same seed gives the same split (a fresh read, not the memoised set); another seed another one
        assertEquals(test.classNames(), new EmojiReader().read(manifest(7)).split("test").classNames());
        assertArrayEquals(test.pixelsUnsafe(), new EmojiReader().read(manifest(7)).split("test").pixelsUnsafe());
        assertNotEquals(test.classNames(), new EmojiReader().read(manifest(8)).split("test").classNames());
    }

    @Test
    void missingPackageNamesTheNpmCommandThatInstallsIt() {
        Manifest m = manifest(1);
        DatasetException e = assertThrows(DatasetException.class, () -> new EmojiReader().read(m));
        assertTrue(e.getMessage().contains("emoji-datasource-twitter/emoji.json"), e.getMessage());
        assertTrue(e.getMessage().contains("npm install --prefix " + root + " --no-audit --no-fund emoji-datasource-twitter@16.0.0 emoji-datasource-google@16.0.0"),
                e.getMessage());
    }

    @Test
    void missingImageAndWrongSizeNameTheFile() throws IOException {
        writeFixture();
        Files.delete(image("google", "f3.png"));
        DatasetException missing = assertThrows(DatasetException.class, () -> new EmojiReader().read(manifest(1)));
        assertTrue(missing.getMessage().contains("class 'food 3', style google"), missing.getMessage());
        assertTrue(missing.getMessage().contains(image("google", "f3.png").toString()), missing.getMessage());
        writePng(image("google", "f3.png"), 0, 0, SIZE + 1);
        DatasetException wrong = assertThrows(DatasetException.class, () -> new EmojiReader().read(manifest(1)));
        assertTrue(wrong.getMessage().contains("5x5, not the 4x4"), wrong.getMessage());
    }

    @Test
    void anotherVersionsEmojiJsonFailsItsPin() throws IOException {
        writeFixture();
        Manifest pinned = manifest(1, List.of(new Manifest.FileEntry("emoji-datasource-twitter/emoji.json", "00".repeat(32), null)));
        DatasetException e = assertThrows(DatasetException.class, () -> new EmojiReader().read(pinned));
        assertTrue(e.getMessage().contains("Checksum mismatch"), e.getMessage());
        assertTrue(e.getMessage().contains("npm install --prefix"), e.getMessage());
    }

    @Test
    void theRepositoryManifestPinsBothPackagesUnderTheBuildFolder() {
        Manifest m = Manifests.of("emoji");
        assertEquals(List.of("emoji-datasource-twitter@16.0.0", "emoji-datasource-google@16.0.0"), m.source().npmPackagesOrEmpty());
        // a relative source.path is below the Glimpse home, whatever the working folder
        assertEquals(glimpse.Glimpse.home().resolve("build/env/emoji/node_modules"), SourceFiles.packagePath(m));
        assertEquals("npm install --prefix " + glimpse.Glimpse.home().resolve("build/env/emoji")
                + " --no-audit --no-fund emoji-datasource-twitter@16.0.0 emoji-datasource-google@16.0.0", SourceFiles.npmInstallCommand(m));
    }
}
