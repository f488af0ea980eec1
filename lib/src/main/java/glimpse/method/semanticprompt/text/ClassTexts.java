package glimpse.method.semanticprompt.text;

import glimpse.data.ClassVectors;
import glimpse.data.ImageSet;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Class names → class texts → {@link ClassVectors}, as Semantic Prompt prepares them (arXiv
 * 2303.14123 §3.2: a frozen text encoder applied to a prompt built from the class name).
 *
 * <p>Glyph classes: the class text of a Glyphs image set is the character's Unicode name
 * ({@code glimpse.data.glyphs.GlyphClass#unicodeName}, e.g. "LATIN SMALL LETTER E WITH ACUTE");
 * {@link #glyphName} lower-cases it so that word-level encoders find the words ("acute", "grave",
 * "diaeresis", "cyrillic" carry what a text encoder can use), giving the prompt
 * "A photo of latin small letter e with acute".
 */
public final class ClassTexts {
    private ClassTexts() {}

    /** Fashion-MNIST's ten class names in label order (Xiao et al. 2017, arXiv 1708.07747, Table 1). */
    public static final List<String> FASHION_MNIST = List.of("T-shirt/top", "Trouser", "Pullover", "Dress", "Coat", "Sandal",
            "Shirt", "Sneaker", "Bag", "Ankle boot");

    /** The official code's prompt: "A photo of " + name, underscores as spaces, no article. */
    public static String prompt(String name) { return "A photo of " + name.replace('_', ' ').strip(); }

    /** A Unicode character name as a class name: lower case ("latin small letter e with acute"). */
    public static String glyphName(String unicodeName) { return unicodeName.toLowerCase(Locale.ROOT).strip(); }

    /**
     * The prompts of {@code set}'s class texts: ImageNet ids by their WordNet name ({@link WordNetNames}), glyph
     * Unicode names lower-cased (see the class note), other texts as they are.
     */
    public static List<String> prompts(ImageSet set) {
        java.util.Set<String> ids = WordNetNames.ids(set.classTexts());
        Map<String, String> names = ids.isEmpty() ? Map.of() : WordNetNames.names(ids);
        if (names.size() < ids.size())
            System.out.println("[sp] " + set.name() + ": " + (ids.size() - names.size()) + " of " + ids.size()
                    + " ImageNet class ids are not in WordNet 3.0 (" + WordNetNames.dir() + "); their texts are the ids themselves");
        List<String> out = new ArrayList<>();
        for (String t : set.classTexts()) out.add(prompt(names.containsKey(t) ? names.get(t) : isUpperCaseName(t) ? glyphName(t) : t));
        return out;
    }

    private static boolean isUpperCaseName(String t) { return t.equals(t.toUpperCase(Locale.ROOT)) && !t.equals(t.toLowerCase(Locale.ROOT)); }

    /**
     * One frozen vector per class of {@code set}: its prompts through {@code encoder}, then, when
     * {@code eqnormTo} is non-null, rescaled to that norm ({@link TextVectors#eqnorm}).
     */
    public static ClassVectors classVectors(TextEncoder encoder, ImageSet set, Double eqnormTo) {
        float[][] v = encoder.encode(prompts(set));
        if (eqnormTo != null) v = TextVectors.eqnorm(v, eqnormTo);
        String source = encoder.name() + " \"A photo of <name>\"" + (eqnormTo != null ? " eqnorm " + eqnormTo : "");
        return new ClassVectors(source, v).requireFor(set);
    }

    /**
     * The official {@code ImageNet_idx2text.txt}: one line per class, {@code wnid idx name}
     * (whitespace separated; the name is the rest of the line). Returns wnid → name in file order.
     */
    public static Map<String, String> readImageNetIdx2Text(Path file) {
        return readPairs(file, "wnid idx name", line -> {
            String[] f = line.strip().split("\\s+", 3);
            return f.length < 3 || !f[1].matches("\\d+") ? null : Map.entry(f[0], f[2].strip());
        });
    }

    /** The official {@code cifar100_idx2text.txt}: {@code idx: name} per line. Returns idx → name. */
    public static Map<Integer, String> readCifarIdx2Text(Path file) {
        return readPairs(file, "idx: name", line -> {
            int colon = line.indexOf(':');
            if (colon < 0 || !line.substring(0, colon).strip().matches("\\d+") || line.substring(colon + 1).isBlank()) return null;
            return Map.entry(Integer.parseInt(line.substring(0, colon).strip()), line.substring(colon + 1).strip());
        });
    }

    /** Non-blank lines parsed into key → name (null: the line does not have the layout), in file order; a key twice is an error. */
    private static <K> Map<K, String> readPairs(Path file, String layout, java.util.function.Function<String, Map.Entry<K, String>> parse) {
        Map<K, String> out = new LinkedHashMap<>();
        int n = 0;
        for (String line : lines(file)) {
            n++;
            if (line.isBlank()) continue;
            Map.Entry<K, String> e = parse.apply(line);
            if (e == null) throw new IllegalArgumentException(file + " line " + n + ": expected '" + layout + "', got '" + line + "'");
            if (out.put(e.getKey(), e.getValue()) != null) throw new IllegalArgumentException(file + " line " + n + ": " + e.getKey() + " listed twice");
        }
        return out;
    }

    private static List<String> lines(Path file) {
        try {
            return Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read class texts " + file + ": " + e.getMessage()
                    + " (the official files ship in the SemanticPrompt repository's data/ folder)", e);
        }
    }
}
