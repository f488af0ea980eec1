package glimpse.report;

import glimpse.eval.MeanCi;
import glimpse.eval.Verdict;

import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * A notebook's "What we found": sentences generated from the run's own results, so that they stay
 * true when the numbers change. Each paper's sentences are built by its own class ({@link CtxFindings},
 * {@link SpFindings}, {@link BatchFormerFindings}, {@link TasnFindings}, {@link IrtFindings}); this class
 * holds what they share: how a difference and a verdict are said in words.
 *
 * @param title     the section's heading
 * @param sentences one paragraph each, in reading order
 */
public record Findings(String title, List<String> sentences) {
    public Findings { sentences = List.copyOf(sentences); }

    /** A bulleted list under the title, for {@code show(...)}. */
    public Show.Html html() {
        return new Show.Html("<p><b>" + Show.escape(title) + "</b></p><ul>"
                + sentences.stream().map(s -> "<li>" + Show.escape(s) + "</li>").collect(Collectors.joining()) + "</ul>");
    }

    @Override public String toString() {
        return title + "\n" + sentences.stream().map(s -> "- " + s).collect(Collectors.joining("\n"));
    }

    /**
     * The budget sentence, as measured: "{what}: 312 s of training, measured when each result was first
     * computed; this session: 2 intra-op threads on 2 cores." Cached results keep the seconds of the
     * session that computed them (the run log says which session), so the threads named are this session's.
     */
    public static String budget(String what, double trainingSeconds) {
        return String.format(Locale.ROOT, "%s: %.0f s of training, measured when each result was first computed; this session: %d intra-op threads on %d cores.",
                what, trainingSeconds, ai.djl.pytorch.jni.JniUtils.getNumThreads(), Runtime.getRuntime().availableProcessors());
    }

    /** Percentage points with sign and, where there is one, the interval: "+1.2 ± 3.4 pp" (fractions in, points out). */
    static String points(MeanCi d) {
        return Double.isNaN(d.ci95()) ? String.format(Locale.ROOT, "%+.1f pp", 100 * d.mean())
                : String.format(Locale.ROOT, "%+.1f ± %.1f pp", 100 * d.mean(), 100 * d.ci95());
    }

    /** A fraction as points with sign: "+1.2 pp". */
    static String points(double fraction) { return String.format(Locale.ROOT, "%+.1f pp", 100 * fraction); }

    /** A share as a percentage: "12.3 %". */
    static String percent(double fraction) { return String.format(Locale.ROOT, "%.1f %%", 100 * fraction); }

    /** "+1.2 ± 3.4 pp over 3 seeds" or "+1.2 pp (one training run)". */
    static String difference(Verdict v) {
        return points(v.difference()) + (v.difference().n() < 2 ? " (one training run)" : " over " + v.difference().n() + " seeds");
    }

    /** What the verdict lets a reader conclude, in words: the half-sentence after the difference. */
    static String reading(Verdict v) {
        return switch (v.kind()) {
            case HELD -> (v.difference().mean() > 0 ? v.a() : v.b()) + " is better, in the paper's direction (its 95 % interval excludes 0)";
            case REVERSED -> (v.difference().mean() > 0 ? v.a() : v.b()) + " is better, against the paper's direction (its 95 % interval excludes 0)";
            case SIGNIFICANT -> (v.difference().mean() > 0 ? v.a() : v.b()) + " is better (its 95 % interval excludes 0)";
            case NO_SIGNIFICANT_DIFFERENCE -> "the seeds do not agree on a difference (the interval includes 0; " + v.mddText() + ")";
            case UNDERPOWERED -> "no difference could have been seen: the paper's effect (" + v.paper() + ") is below this run's " + v.mddText();
            case NOT_CONVERGED -> "this is not a test of the claim: " + unsettled(v) + " when training stopped";
            case ONE_RUN -> "one training run, so no verdict";
        };
    }

    /** Whether a significant difference favours a (true), b (false); null when the verdict names no winner. */
    static Boolean favoursA(Verdict v) { return v.significant() ? v.difference().mean() > 0 : null; }

    private static String unsettled(Verdict v) {
        if (!v.aTraining().settled() && !v.bTraining().settled()) return "neither " + v.a() + " nor " + v.b() + " had converged";
        return (!v.aTraining().settled() ? v.a() : v.b()) + " had not converged";
    }
}
