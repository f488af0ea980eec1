package glimpse.method.semanticprompt.text;

import glimpse.Glimpse;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Names of ImageNet classes from their ids: an ImageNet id {@code n01532829} is the WordNet 3.0 noun
 * synset at byte offset 01532829 of {@code data.noun} (Deng et al. 2009), and its first lemma, with
 * underscores as spaces, is the class name ("house finch"). miniImageNet and tieredImageNet folders are
 * named by these ids, so Semantic Prompt's class texts ("A photo of house finch", arXiv 2303.14123 §3.2)
 * need this table. The file comes from Debian's {@code wordnet-base} ({@code /usr/share/wordnet}, set up
 * by {@code environment/setup.sh}; {@code GLIMPSE_WORDNET_DIR} names another folder).
 */
public final class WordNetNames {
    private WordNetNames() {}

    /** An ImageNet / WordNet noun id. */
    public static final Pattern ID = Pattern.compile("n\\d{8}");

    private static volatile Map<String, String> table;

    public static boolean isId(String text) { return ID.matcher(text).matches(); }

    /** The folder holding WordNet 3.0's {@code data.noun}. */
    public static Path dir() { return Path.of(Glimpse.setting("glimpse.wordnetDir", "GLIMPSE_WORDNET_DIR", "/usr/share/wordnet")); }

    /**
     * The names of those {@code ids} that WordNet knows; ids it does not know (a fixture's made-up ids) are left
     * out, and the caller keeps their id as text. Throws, naming the file and the fix, when {@code data.noun} is missing.
     */
    public static Map<String, String> names(Collection<String> ids) {
        Map<String, String> all = load();
        Map<String, String> out = new HashMap<>();
        for (String id : ids) if (all.containsKey(id)) out.put(id, all.get(id));
        return out;
    }

    private static Map<String, String> load() {
        Map<String, String> t = table;
        if (t != null) return t;
        Path file = dir().resolve("data.noun");
        if (!Files.isRegularFile(file))
            throw new IllegalStateException(file + " is missing: ImageNet class ids (n01532829) are named from WordNet 3.0's noun file. "
                    + "Install Debian's wordnet-base (environment/setup.sh does) or set GLIMPSE_WORDNET_DIR to a folder holding data.noun");
        t = new HashMap<>();
        try (BufferedReader r = Files.newBufferedReader(file, StandardCharsets.ISO_8859_1)) {
            for (String line; (line = r.readLine()) != null; ) {
                if (line.startsWith("  ")) continue;   // the licence header
                // offset lex_filenum ss_type w_cnt word lex_id …
                String[] f = line.split(" ", 6);
                if (f.length < 5 || !f[2].equals("n")) continue;
                t.put("n" + f[0], f[4].replace('_', ' '));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file + ": " + e.getMessage(), e);
        }
        return table = Map.copyOf(t);
    }

    /** The ids among {@code texts}. */
    public static Set<String> ids(Collection<String> texts) {
        Set<String> out = new HashSet<>();
        for (String s : texts) if (isId(s)) out.add(s);
        return out;
    }
}
