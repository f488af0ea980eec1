package glimpse.method.semanticprompt.text;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** The word tokens word-level encoders see: lower case, split on anything not a letter or digit. */
final class Words {
    private Words() {}

    static List<String> of(String text) {
        List<String> out = new ArrayList<>();
        for (String w : text.toLowerCase(Locale.ROOT).split("[^\\p{L}\\p{N}]+")) if (!w.isEmpty()) out.add(w);
        return out;
    }
}
