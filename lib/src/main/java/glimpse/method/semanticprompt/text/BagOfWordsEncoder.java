package glimpse.method.semanticprompt.text;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Control: a bag-of-words count vector of a text's word tokens over a vocabulary fixed at
 * construction (all words of the given class texts, sorted). It knows which classes share words
 * ("acute", "cyrillic") and nothing of what the words mean. Words outside the vocabulary are ignored.
 */
public final class BagOfWordsEncoder implements TextEncoder {
    private final Map<String, Integer> vocabulary = new TreeMap<>();

    public BagOfWordsEncoder(List<String> vocabularyTexts) {
        TreeSet<String> words = new TreeSet<>();
        for (String t : vocabularyTexts) words.addAll(Words.of(t));
        if (words.isEmpty()) throw new IllegalArgumentException("bag of words: the vocabulary texts hold no word");
        for (String w : words) vocabulary.put(w, vocabulary.size());
    }

    @Override public String name() { return "bag-of-words(" + vocabulary.size() + " words, hash " + Integer.toHexString(vocabulary.keySet().hashCode()) + ")"; }
    @Override public int dim() { return vocabulary.size(); }

    @Override
    public float[][] encode(List<String> texts) {
        float[][] out = new float[texts.size()][dim()];
        for (int i = 0; i < out.length; i++)
            for (String w : Words.of(texts.get(i))) {
                Integer j = vocabulary.get(w);
                if (j != null) out[i][j]++;
            }
        return out;
    }
}
