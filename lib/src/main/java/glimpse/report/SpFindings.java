package glimpse.report;

import glimpse.eval.Verdict;
import glimpse.method.semanticprompt.PromptAttention;

import java.util.Locale;

/**
 * Notebook 02's "What we found" (Semantic Prompt, arXiv 2303.14123): the headline gain, whether the
 * prompt attends to the accent, and what the text controls (shuffled texts, random vectors) mean.
 */
public final class SpFindings {
    private SpFindings() {}

    /** A share of the prompt's attention further than this from uniform counts as a preference. */
    public static final double PREFERENCE = 0.05;

    /** SP − baseline on one task and shot count, with what the verdict allows. */
    public static String headline(FewShotResults.Comparison spMinusBaseline) {
        Verdict v = spMinusBaseline.verdict();
        return String.format(Locale.ROOT, "On %s at %d shot%s, %s − %s is %s: %s.", spMinusBaseline.task(), spMinusBaseline.shots(),
                spMinusBaseline.shots() == 1 ? "" : "s", spMinusBaseline.a(), spMinusBaseline.b(), Findings.difference(v), Findings.reading(v));
    }

    /** The prompt's attention on the upper half of the patch grid, per image (the patches' own order is row-major). */
    public static double[] upperHalfShare(PromptAttention look) {
        double[] out = new double[look.promptToPatch().length];
        int upper = look.grid() / 2 * look.grid();
        for (int i = 0; i < out.length; i++) {
            double top = 0, all = 0;
            for (int p = 0; p < look.promptToPatch()[i].length; p++) { all += look.promptToPatch()[i][p]; if (p < upper) top += look.promptToPatch()[i][p]; }
            out[i] = top / all;
        }
        return out;
    }

    /**
     * Does the prompt attend to the accent? Most accents of the shown letters sit above the letter
     * body, in the upper half of the grid, so the prompt's attention there is compared with the half a
     * uniform attention would give (a preference only beyond {@link #PREFERENCE}).
     */
    public static String accent(PromptAttention look) {
        double[] share = upperHalfShare(look);
        double mean = java.util.Arrays.stream(share).average().orElse(Double.NaN);
        double min = java.util.Arrays.stream(share).min().orElse(Double.NaN), max = java.util.Arrays.stream(share).max().orElse(Double.NaN);
        double patchesOnPrompt = 0;
        int n = 0;
        for (float[] row : look.patchToPrompt()) for (float w : row) { patchesOnPrompt += w; n++; }
        patchesOnPrompt /= n;
        double uniformToken = 1.0 / (look.grid() * look.grid() + 1);
        String where = mean > 0.5 + PREFERENCE ? "leans towards the upper half, where the accents above a letter sit"
                : mean < 0.5 - PREFERENCE ? "leans away from the upper half, so it does not look for accents above the letter"
                : "shows no preference for the upper half: it does not single out the accent region";
        String heard = patchesOnPrompt > 2 * uniformToken ? "patches attend to the prompt token more than to an average token"
                : patchesOnPrompt < uniformToken / 2 ? "patches nearly ignore the prompt token" : "patches attend to the prompt token about as to any other token";
        long accented = look.texts().stream().filter(t -> t.toUpperCase(Locale.ROOT).contains(" WITH ")).count();
        return String.format(Locale.ROOT, "Does the prompt look at the accent? On %d letters (%d of them accented) the prompt puts %s of its attention on the upper half of"
                + " the %dx%d grid (%s to %s per letter; uniform: 50 %%), so it %s; %s (%.3f on average against %.3f for uniform attention over the %d tokens).",
                share.length, accented, Findings.percent(mean), look.grid(), look.grid(), Findings.percent(min), Findings.percent(max), where, heard,
                patchesOnPrompt, uniformToken, look.grid() * look.grid() + 1);
    }

    /**
     * What the text controls mean: true vs shuffled texts (every seed) and a random vector per class vs
     * MiniLM (one training run). "Random ≥ MiniLM and true ≈ shuffled" means the prompt does not use
     * what the text says, only that it differs between classes.
     *
     * @param trueMinusShuffled SP with true − with shuffled texts, at one shot
     * @param randomMinusMiniLm SP with random class vectors − with MiniLM, one shot, one run; null where not run
     */
    public static String textMeaning(FewShotResults.Comparison trueMinusShuffled, FewShotResults.Comparison randomMinusMiniLm) {
        Verdict control = trueMinusShuffled.verdict();
        String first = "True − shuffled class texts: " + Findings.difference(control) + "; " + Findings.reading(control) + ".";
        if (randomMinusMiniLm == null) return first;
        double r = randomMinusMiniLm.overSeeds().mean(), ci = randomMinusMiniLm.withinRunCi()[0];
        String random = String.format(Locale.ROOT, " Random vectors − MiniLM: %s (one run, ±%.1f pp over test episodes)", Findings.points(r), 100 * ci);
        boolean trueBetter = Boolean.TRUE.equals(Findings.favoursA(control));
        boolean randomAsGood = r >= -ci;
        if (control.kind() == Verdict.Kind.NOT_CONVERGED) return first + random + ".";
        if (!trueBetter && randomAsGood)
            return first + random + ". Together: a vector that only tells the classes apart does as well as MiniLM's sentence vector, and giving every"
                    + " class another class's text costs nothing the seeds agree on, so whatever SP does here it does not use what the text says;"
                    + " the prompt acts as a learned per-class signal, not as semantics.";
        if (trueBetter && !randomAsGood)
            return first + random + ". Both point the same way: the meaning of the class text matters here, as the paper argues.";
        return first + random + ". The two controls disagree, so the run cannot say whether the prompt uses the text's meaning.";
    }
}
