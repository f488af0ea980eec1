package glimpse.data.glyphs;

/** The case of a letter as Unicode records it (titlecase letters are the digraph kind, e.g. U+01C5). */
public enum LetterCase {
    UPPER, LOWER, TITLE, NONE;

    public static LetterCase of(int codePoint) {
        if (Character.isUpperCase(codePoint)) return UPPER;
        if (Character.isLowerCase(codePoint)) return LOWER;
        if (Character.isTitleCase(codePoint)) return TITLE;
        return NONE;
    }
}
