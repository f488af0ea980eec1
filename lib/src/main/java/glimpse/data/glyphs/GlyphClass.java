package glimpse.data.glyphs;

import java.text.Normalizer;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * What one Glyphs class is, derived from the Unicode character database only (not from any font):
 * the character, its Unicode name (the class text), its script and case, and its base letter and
 * diacritics from the canonical decomposition, so accented families (e, é, è, ê, ë, ...) are known
 * groups. {@code family} is the base letter; a plain letter is the head of its own family.
 *
 * @param diacritics the combining marks of the canonical decomposition, in order, by their Unicode
 *                   names without the word "COMBINING", in lower case ("acute accent", "ogonek")
 */
public record GlyphClass(int codePoint, String character, String unicodeName, Character.UnicodeScript script,
                         LetterCase letterCase, String baseLetter, List<String> diacritics, String family) {

    /** Scripts the benchmark draws from. */
    public static final Set<Character.UnicodeScript> SCRIPTS = Set.of(Character.UnicodeScript.LATIN,
            Character.UnicodeScript.GREEK, Character.UnicodeScript.CYRILLIC, Character.UnicodeScript.ARMENIAN,
            Character.UnicodeScript.GEORGIAN, Character.UnicodeScript.COPTIC);

    public GlyphClass {
        diacritics = List.copyOf(diacritics);
    }

    public static GlyphClass of(int codePoint) {
        if (!Character.isValidCodePoint(codePoint) || !Character.isDefined(codePoint))
            throw new IllegalArgumentException(String.format("U+%04X is not a defined Unicode character", codePoint));
        String ch = new String(Character.toChars(codePoint));
        String nfd = Normalizer.normalize(ch, Normalizer.Form.NFD);
        int base = nfd.codePointAt(0);
        List<String> marks = new ArrayList<>();
        for (int i = Character.charCount(base); i < nfd.length(); ) {
            int m = nfd.codePointAt(i);
            marks.add(markName(m));
            i += Character.charCount(m);
        }
        String baseLetter = new String(Character.toChars(base));
        return new GlyphClass(codePoint, ch, Character.getName(codePoint), Character.UnicodeScript.of(codePoint),
                LetterCase.of(codePoint), baseLetter, marks, baseLetter);
    }

    private static String markName(int mark) {
        String n = Character.getName(mark);
        if (n == null) return String.format("U+%04X", mark);
        return (n.startsWith("COMBINING ") ? n.substring("COMBINING ".length()) : n).toLowerCase(Locale.ROOT);
    }

    public boolean accented() { return !diacritics.isEmpty(); }

    /** "U+00E9": how manifests and messages name a class. */
    public String hex() { return hex(codePoint); }

    public static String hex(int codePoint) { return String.format("U+%04X", codePoint); }

    /**
     * Whether a code point may become a class at all, before any font is asked: a cased or plain
     * letter (no modifier letters) of one of {@link #SCRIPTS}, in its canonical composed form (so
     * U+1F71, a canonical duplicate of U+03AC, is out) and without a compatibility decomposition
     * (digraphs such as U+01C4 and ligatures such as U+0132 are out).
     */
    public static boolean isCandidate(int cp) {
        if (!Character.isDefined(cp) || !Character.isLetter(cp)) return false;
        int type = Character.getType(cp);
        if (type != Character.UPPERCASE_LETTER && type != Character.LOWERCASE_LETTER
                && type != Character.TITLECASE_LETTER && type != Character.OTHER_LETTER) return false;
        if (!SCRIPTS.contains(Character.UnicodeScript.of(cp))) return false;
        String s = new String(Character.toChars(cp));
        if (!Normalizer.normalize(s, Normalizer.Form.NFC).equals(s)) return false;
        return Normalizer.normalize(s, Normalizer.Form.NFKD).equals(Normalizer.normalize(s, Normalizer.Form.NFD));
    }
}
