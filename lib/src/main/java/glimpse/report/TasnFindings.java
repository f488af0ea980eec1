package glimpse.report;

import glimpse.classification.ClassificationResult;
import glimpse.eval.Convergence;
import glimpse.eval.MeanCi;
import glimpse.eval.Verdict;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Notebook 04's "What we found" (TASN, CVPR 2019): the verdicts of the four arms, and the structure
 * sampler's row-zoom profile tied to them — does the sampler enlarge the band where accents sit? — and
 * the test of that account: where, by the position of the mark, structure sampling gains or loses
 * against the uniform downsample.
 */
public final class TasnFindings {
    private TasnFindings() {}

    /** A zoom within this of 1 counts as no zoom. */
    public static final double NO_ZOOM = 0.05;

    /** One arm against another: "structure-sampled − uniform downsample: +1.2 ± 3.4 pp over 3 seeds; reading." */
    public static String arm(Verdict v) {
        return v.a() + " − " + v.b() + ": " + Findings.difference(v) + "; " + Findings.reading(v) + ".";
    }

    /**
     * The zoom profile and what it means for the verdict of structure sampling against the uniform
     * downsample.
     *
     * @param thirds              mean row zoom of the upper, middle and lower third of the input (1 = uniform)
     * @param structureVsUniform  the verdict of structure-sampled − uniform downsample
     */
    public static String zoom(double[] thirds, Verdict structureVsUniform) {
        double upper = thirds[0];
        String profile = String.format(Locale.ROOT, "The structure sampler gives the upper third of the letter image, where most accents sit, %.2f×"
                + " the rows of a uniform downsample (middle third %.2f×, lower third %.2f×)", upper, thirds[1], thirds[2]);
        boolean enlarges = upper > 1 + NO_ZOOM, shrinks = upper < 1 - NO_ZOOM;
        String what = enlarges ? ": it enlarges the accent band, the mechanism the paper relies on"
                : shrinks ? ": it shrinks the accent band and spends its rows " + (thirds[1] >= thirds[2] ? "on the letter body" : "lower down")
                : ": it leaves the accent band at about uniform resolution";
        Boolean better = Findings.favoursA(structureVsUniform);
        String tie;
        if (structureVsUniform.kind() == Verdict.Kind.NOT_CONVERGED) tie = " The accuracy comparison is not a test here (an arm had not converged), so the profile shows what the"
                + " sampler learned, not whether it helps.";
        else if (Boolean.TRUE.equals(better)) tie = enlarges ? " Structure sampling also beats the uniform downsample, consistent with the paper's account."
                : " Structure sampling beats the uniform downsample anyway, so its gain here does not come from enlarging the accent.";
        else if (Boolean.FALSE.equals(better)) tie = enlarges ? " Yet the uniform downsample is better: enlarging the accent band did not pay at this budget."
                : " The uniform downsample is better, which fits: a sampler that does not enlarge the accent gives the classifier fewer pixels of it.";
        else tie = (enlarges ? " Structure sampling is not better than uniform despite the zoom"
                : shrinks ? " With the accent band shrunk, no gain from structure sampling is expected, and none shows"
                : " No zoom of the accent band, and no difference from the uniform downsample") + " (" + Findings.reading(structureVsUniform) + ").";
        return profile + what + "." + tie;
    }

    /**
     * How every arm's training ended by the quarter test ({@link Convergence}), after how many steps
     * and passes over the training letters, and what that lets the verdicts say.
     *
     * @param arms      the arms' names, in the order of {@code trainings}
     * @param trainings each arm's training over its seeds ({@link ClassificationResult#training}: the first seed that had not settled)
     */
    public static String training(List<String> arms, List<Convergence> trainings, int steps, double passes) {
        if (arms.size() != trainings.size()) throw new IllegalArgumentException(arms.size() + " arms but " + trainings.size() + " trainings");
        List<String> each = new ArrayList<>();
        for (int k = 0; k < arms.size(); k++) {
            Convergence c = trainings.get(k);
            each.add(arms.get(k) + " " + (c.status() == Convergence.Status.CONVERGED
                    ? String.format(Locale.ROOT, "converged (%+.1f %%)", 100 * c.change()) : c.toString()));
        }
        boolean all = trainings.stream().allMatch(Convergence::settled);
        return String.format(Locale.ROOT, "After %d steps per seed (%.1f passes over the training letters), by the quarter test (the last quarter's"
                        + " mean loss changed from the quarter before's by under %.0f %% of the arm's loss at chance — its terms' weights × ln C —"
                        + " or by no more than the noise of the two quarter means, every seed): %s. %s", steps, passes, 100 * Convergence.TOLERANCE,
                String.join("; ", each), all ? "Every arm converged, so the verdicts above test the paper's claims at this scale."
                        : "A comparison with an arm that had not converged is no test of the paper's claim; a longer run would be.");
    }

    /** Where a class's mark sits, read from its Unicode name (the class text of the glyph sets). */
    public enum Mark {
        ABOVE("with a mark above the letter only"), BELOW("with a mark below the letter (ogonek, cedilla, … below; with or without one above)"), NONE("without a mark");

        private final String words;

        Mark(String words) { this.words = words; }

        /** "LATIN SMALL LETTER E WITH OGONEK" → BELOW; "… E WITH ACUTE" → ABOVE; "LATIN SMALL LETTER E" → NONE. */
        public static Mark of(String unicodeName) {
            int with = unicodeName.indexOf(" WITH ");
            if (with < 0) return NONE;
            String marks = unicodeName.substring(with);
            return marks.contains("BELOW") || marks.contains("OGONEK") || marks.contains("CEDILLA") ? BELOW : ABOVE;
        }
    }

    /** {@link #byMark(List, double[][], double[][], double[])} of two arms' per-class accuracies, seed by seed. */
    public static String byMark(List<String> classTexts, ClassificationResult structure, ClassificationResult uniform, double[] thirds) {
        if (!structure.seeds().equals(uniform.seeds()))
            throw new IllegalArgumentException("paired by seed: " + structure.seeds() + " vs " + uniform.seeds());
        return byMark(classTexts, structure.perSeed().stream().map(ClassificationResult.SeedResult::perClass).toArray(double[][]::new),
                uniform.perSeed().stream().map(ClassificationResult.SeedResult::perClass).toArray(double[][]::new), thirds);
    }

    /**
     * The test of the zoom account: structure − uniform per class, averaged over the classes whose mark
     * sits above the letter, below it, or nowhere, then over seeds (Student-t 95% interval). If the sampler
     * loses because it shrinks the upper band, the classes told apart by a mark above should lose most.
     *
     * @param structure per seed, each class's accuracy with structure sampling (NaN: no test image)
     * @param uniform   the same with the uniform downsample, same seeds
     * @param thirds    the structure sampler's mean row zoom over the upper, middle and lower third
     */
    public static String byMark(List<String> classTexts, double[][] structure, double[][] uniform, double[] thirds) {
        if (structure.length != uniform.length) throw new IllegalArgumentException(structure.length + " vs " + uniform.length + " seeds");
        List<String> parts = new ArrayList<>();
        MeanCi above = null, below = null;
        for (Mark m : Mark.values()) {
            // the classes of this group scored in every seed by both arms (a class without test images is NaN)
            List<Integer> members = new ArrayList<>();
            for (int c = 0; c < classTexts.size(); c++) {
                boolean scored = true;
                for (int s = 0; s < structure.length; s++) scored &= !Double.isNaN(structure[s][c]) && !Double.isNaN(uniform[s][c]);
                if (Mark.of(classTexts.get(c)) == m && scored) members.add(c);
            }
            int classes = members.size();
            double[] perSeed = new double[structure.length];
            for (int s = 0; s < structure.length; s++)
                for (int c : members) perSeed[s] += (structure[s][c] - uniform[s][c]) / classes;
            if (classes == 0) continue;
            MeanCi d = MeanCi.overSeeds(perSeed);
            if (m == Mark.ABOVE) above = d;
            if (m == Mark.BELOW) below = d;
            parts.add(Findings.points(d) + " on the " + classes + " class" + (classes == 1 ? "" : "es") + " " + m.words);
        }
        String head = "Per class, structure-sampled − uniform downsample, averaged within each group and then over seeds: " + String.join("; ", parts)
                + String.format(Locale.ROOT, " (the sampler's row zoom: upper third %.2f×, lower third %.2f×).", thirds[0], thirds[2]);
        if (above == null || below == null) return head;
        boolean aboveLoses = decided(above) && above.mean() < 0, belowLoses = decided(below) && below.mean() < 0;
        String reading;
        if (aboveLoses && !belowLoses)
            reading = " The loss sits in the classes told apart by a mark above the letter, "
                    + (thirds[0] < 1 - NO_ZOOM ? "the band the sampler shrinks: the zoom account fits." : "although the sampler does not shrink that band: the zoom does not explain it.");
        else if (aboveLoses)
            reading = " Classes with a mark below lose too, so shrinking the upper band is not the whole account.";
        else if (belowLoses)
            reading = " The loss sits in the classes with a mark below the letter, not in the upper band: the zoom of the upper third does not explain it.";
        else if (decided(above) || decided(below))
            reading = " Where a group differs significantly it is in structure sampling's favour: no loss to tie to the shrunk band.";
        else reading = " Neither group differs significantly (the intervals over seeds include 0), so this run cannot tie a difference to the mark's position.";
        return head + reading;
    }

    private static boolean decided(MeanCi d) { return glimpse.eval.Verdicts.decided(d, d.n()); }
}
