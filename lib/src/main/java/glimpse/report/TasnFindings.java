package glimpse.report;

import glimpse.eval.Verdict;

import java.util.Locale;

/**
 * Notebook 04's "What we found" (TASN, CVPR 2019): the verdicts of the four arms, and the structure
 * sampler's row-zoom profile tied to them — does the sampler enlarge the band where accents sit?
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
}
