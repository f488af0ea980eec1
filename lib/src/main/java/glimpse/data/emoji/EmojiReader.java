package glimpse.data.emoji;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import glimpse.data.Dataset;
import glimpse.data.DatasetException;
import glimpse.data.DatasetReader;
import glimpse.data.ImageSet;
import glimpse.data.Manifest;
import glimpse.data.SourceFiles;
import glimpse.data.image.ImageDecoder;
import glimpse.data.image.Pixels;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.Set;

/**
 * Reader {@code emoji}: the same emoji drawn in several styles, from the npm packages of
 * emoji-datasource ({@code emoji-datasource-<style>}: {@code emoji.json} and {@code img/<style>/<size>/<image>}).
 * A class is one emoji, named by its Unicode name lower-cased ("dog face", "red apple"): a name a sentence
 * encoder understands, unlike a glyph's "latin small letter e with ogonek". Each class has one image per
 * style, composited over white (the PNGs' transparent surround has no defined colour).
 *
 * <p>Splits: {@code train} and {@code test}, class-disjoint, drawn per category with {@code options.splitSeed}
 * ({@code options.testFraction} of each category's classes to test), so both splits span every category and the
 * names of test classes are new but of familiar kinds; a split by category would put whole kinds of picture
 * (all flags, all food) only in test and mix a domain shift into what the class names can carry. {@code all}: every class.
 * Images are stored class by class, styles in {@code options.styles}' order, so in a 1-shot 1-query episode
 * the support and the query of a class always come from different styles (with two styles): a cross-style task.
 *
 * <p>Options: {@code styles} (e.g. ["twitter", "google"]), {@code imageSize} (the packages' folder: 64),
 * {@code splitSeed}, {@code testFraction}, {@code excludeCategories} (e.g. "Component": skin-tone swatches and
 * hair parts, not pictures). The manifest's {@code files} pin each package's emoji.json (sha256), hence its version.
 */
public final class EmojiReader implements DatasetReader {
    /** The colour the transparent surround of every emoji becomes. */
    public static final int BACKGROUND = 0xFFFFFF;

    /** One emoji: its name (lower case), its category, the image file name and its place in the Unicode order. */
    public record EmojiClass(String name, String category, String image, int sortOrder) {}

    /** The options, read and checked. */
    record Options(List<String> styles, int imageSize, long splitSeed, double testFraction, Set<String> excludeCategories) {
        static Options of(Manifest m) {
            JsonObject o = m.options();
            if (o == null || !o.has("styles") || !o.has("imageSize") || !o.has("splitSeed") || !o.has("testFraction"))
                throw DatasetException.of("The emoji reader needs options.styles, options.imageSize, options.splitSeed and options.testFraction", m,
                        "add them to \"options\" (see data-manifests/README.md, reader emoji)");
            List<String> styles = new ArrayList<>();
            for (JsonElement e : o.getAsJsonArray("styles")) styles.add(e.getAsString());
            if (styles.isEmpty()) throw DatasetException.of("options.styles is empty", m, "name at least one style, e.g. \"twitter\"");
            double fraction = o.get("testFraction").getAsDouble();
            if (!(fraction > 0 && fraction < 1))
                throw DatasetException.of("options.testFraction is " + fraction + ", not between 0 and 1", m, "set it to e.g. 0.4");
            Set<String> excluded = new HashSet<>();
            if (o.has("excludeCategories")) for (JsonElement e : o.getAsJsonArray("excludeCategories")) excluded.add(e.getAsString());
            return new Options(List.copyOf(styles), o.get("imageSize").getAsInt(), o.get("splitSeed").getAsLong(), fraction, Set.copyOf(excluded));
        }
    }

    /** The package folder of a style, below the folder holding the manifest's files. */
    public static String packageName(String style) { return "emoji-datasource-" + style; }

    /**
     * Null when the packages of manifest {@code id} are where it looks; otherwise why not, with the command that
     * installs them (a notebook cell prints it and skips).
     */
    public static String whyMissing(String id) {
        try {
            SourceFiles.resolveDir(glimpse.data.Manifests.of(id));
            return null;
        } catch (DatasetException e) {
            return e.getMessage();
        }
    }

    @Override
    public Dataset read(Manifest m) {
        Options opt = Options.of(m);
        Path dir = SourceFiles.resolveDir(m);
        for (Manifest.FileEntry f : m.filesOrEmpty()) {
            Path file = dir.resolve(f.name());
            SourceFiles.verify(SourceFiles.readContent(file, m), file, f, m);
        }
        List<EmojiClass> classes = classes(m, dir, opt);
        Map<String, ImageSet> splits = new LinkedHashMap<>();
        ImageSet all = images(m, dir, opt, classes);
        int[][] trainTest = split(classes, opt.splitSeed(), opt.testFraction());
        splits.put("train", all.restrictToClasses("emoji-train", trainTest[0]));
        splits.put("test", all.restrictToClasses("emoji-test", trainTest[1]));
        splits.put("all", all);
        return new Dataset(m, splits);
    }

    @Override
    public CheckReport check(Manifest m) {
        return checkByReading(m, "styles " + Options.of(m).styles() + " (npm " + String.join(", ", m.source().npmPackagesOrEmpty()) + ")");
    }

    /**
     * The classes drawn in every style, in Unicode order: the first style's emoji.json, minus excluded categories,
     * minus emoji some style lacks, minus a later emoji whose lower-cased name repeats an earlier one.
     */
    static List<EmojiClass> classes(Manifest m, Path dir, Options opt) {
        Path json = dir.resolve(packageName(opt.styles().get(0))).resolve("emoji.json");
        JsonArray entries;
        try {
            entries = JsonParser.parseString(new String(SourceFiles.readContent(json, m), StandardCharsets.UTF_8)).getAsJsonArray();
        } catch (JsonParseException | IllegalStateException e) {
            throw DatasetException.of("emoji.json is not a JSON array of emoji (" + e.getMessage() + ")", json, m, SourceFiles.fixForDamaged(json, m));
        }
        List<EmojiClass> out = new ArrayList<>();
        Set<String> names = new HashSet<>();
        List<JsonObject> sorted = new ArrayList<>();
        for (JsonElement e : entries) sorted.add(e.getAsJsonObject());
        sorted.sort(Comparator.comparingInt(o -> o.has("sort_order") ? o.get("sort_order").getAsInt() : Integer.MAX_VALUE));
        for (JsonObject o : sorted) {
            if (!o.has("name") || o.get("name").isJsonNull() || !o.has("image") || !o.has("category"))
                throw DatasetException.of("An entry of emoji.json lacks name, image or category: " + o, json, m, SourceFiles.fixForDamaged(json, m));
            String category = o.get("category").getAsString();
            if (opt.excludeCategories().contains(category)) continue;
            if (!opt.styles().stream().allMatch(s -> o.has("has_img_" + s) && o.get("has_img_" + s).getAsBoolean())) continue;
            String name = o.get("name").getAsString().toLowerCase(Locale.ROOT).strip();
            if (!names.add(name)) continue;
            out.add(new EmojiClass(name, category, o.get("image").getAsString(), o.has("sort_order") ? o.get("sort_order").getAsInt() : out.size()));
        }
        if (out.size() < 2) throw DatasetException.of("emoji.json lists " + out.size() + " emoji drawn in every style of " + opt.styles(), json, m,
                "check options.styles and options.excludeCategories");
        return out;
    }

    /**
     * Class indices of train and test: within each category (in first-seen order) the classes are shuffled with
     * {@code seed} and the first round(fraction · n) go to test, at least one and at most n − 1 where n ≥ 2.
     */
    static int[][] split(List<EmojiClass> classes, long seed, double testFraction) {
        Map<String, List<Integer>> byCategory = new LinkedHashMap<>();
        for (int c = 0; c < classes.size(); c++) byCategory.computeIfAbsent(classes.get(c).category(), k -> new ArrayList<>()).add(c);
        Random rng = new Random(seed);
        List<Integer> train = new ArrayList<>(), test = new ArrayList<>();
        for (List<Integer> members : byCategory.values()) {
            java.util.Collections.shuffle(members, rng);
            int n = members.size();
            int k = n < 2 ? 0 : Math.max(1, Math.min(n - 1, (int) Math.round(testFraction * n)));
            test.addAll(members.subList(0, k));
            train.addAll(members.subList(k, n));
        }
        // label order within a split: Unicode order, whatever the draw
        return new int[][] {train.stream().sorted().mapToInt(Integer::intValue).toArray(), test.stream().sorted().mapToInt(Integer::intValue).toArray()};
    }

    /** Every class in every style, RGB, class by class and styles in order within a class. */
    static ImageSet images(Manifest m, Path dir, Options opt, List<EmojiClass> classes) {
        int size = opt.imageSize(), plane = size * size, styles = opt.styles().size();
        byte[] pixels = new byte[classes.size() * styles * 3 * plane];
        int[] labels = new int[classes.size() * styles];
        try (ImageDecoder decoder = new ImageDecoder()) {
            for (int c = 0; c < classes.size(); c++)
                for (int s = 0; s < styles; s++) {
                    String style = opt.styles().get(s);
                    Path file = dir.resolve(packageName(style)).resolve("img").resolve(style).resolve(Integer.toString(size)).resolve(classes.get(c).image());
                    if (!Files.isRegularFile(file))
                        throw DatasetException.of("Emoji image missing (class '" + classes.get(c).name() + "', style " + style + ")", file, m, SourceFiles.fixFor(m));
                    Pixels p = decoder.open(file).decodeOver(BACKGROUND);
                    if (p.width() != size || p.height() != size)
                        throw DatasetException.of("Emoji image is " + p.width() + "x" + p.height() + ", not the " + size + "x" + size + " options.imageSize says",
                                file, m, "set options.imageSize to the size of the package's img/<style>/<size>/ folder, or " + SourceFiles.fixForDamaged(file, m));
                    int i = c * styles + s;
                    labels[i] = c;
                    int base = i * 3 * plane;
                    for (int y = 0; y < size; y++)
                        for (int x = 0; x < size; x++)
                            for (int ch = 0; ch < 3; ch++) pixels[base + ch * plane + y * size + x] = (byte) p.sample(x, y, ch);
                }
        }
        List<String> names = classes.stream().map(EmojiClass::name).toList();
        return new ImageSet("emoji-" + String.join("+", opt.styles()), 3, size, size, pixels, labels, names, names);
    }
}
