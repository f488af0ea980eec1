package glimpse.report;

import glimpse.eval.Verdict;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * Notebook 01's "What we found" (CrossTransformers, arXiv 2007.11498): the headline by shots and
 * checks A, B and C, each sentence chosen by what the comparisons show.
 */
public final class CtxFindings {
    private CtxFindings() {}

    /**
     * CTX − ProtoNet by shots on one task: from which K CTX wins, where ProtoNet wins, or that the
     * seeds agree on neither.
     *
     * @param ctxMinusProtoNet one comparison per shot count, ascending K
     */
    public static String shots(List<FewShotResults.Comparison> ctxMinusProtoNet) {
        FewShotResults.Comparison first = ctxMinusProtoNet.get(0), last = ctxMinusProtoNet.get(ctxMinusProtoNet.size() - 1);
        String range = String.format(Locale.ROOT, "On %s, %s − %s is %s at K = %d and %s at K = %d", first.task(), first.a(), first.b(),
                Findings.points(first.difference()), first.shots(), Findings.points(last.difference()), last.shots());
        if (ctxMinusProtoNet.stream().anyMatch(c -> c.verdict().kind() == Verdict.Kind.NOT_CONVERGED))
            return range + "; " + Findings.reading(ctxMinusProtoNet.stream().filter(c -> c.verdict().kind() == Verdict.Kind.NOT_CONVERGED).findFirst().orElseThrow().verdict()) + ".";
        List<Integer> aWins = shotsWhere(ctxMinusProtoNet, Boolean.TRUE), bWins = shotsWhere(ctxMinusProtoNet, Boolean.FALSE);
        if (aWins.isEmpty() && bWins.isEmpty())
            return range + "; at no K do the seeds agree on a winner, so this run neither shows nor refutes the paper's gain.";
        StringBuilder s = new StringBuilder(range).append(";");
        if (!aWins.isEmpty()) s.append(" ").append(first.a()).append(" is better at K = ").append(join(aWins));
        if (!aWins.isEmpty() && !bWins.isEmpty()) s.append(", and");
        if (!bWins.isEmpty()) s.append(" ").append(first.b()).append(" is better at K = ").append(join(bWins));
        s.append(" (intervals excluding 0)");
        if (!aWins.isEmpty() && !bWins.isEmpty() && bWins.get(0) < aWins.get(0))
            s.append(": the joint softmax over supports pays off only once a class has several supports to choose from");
        return s.append(".").toString();
    }

    /**
     * Check A: the same trained CTX scored with learned attention and with its key head zeroed
     * (uniform attention over a class's support positions).
     *
     * @param learnedMinusUniform one comparison per shot count, ascending K
     */
    public static String attentionOff(List<FewShotResults.Comparison> learnedMinusUniform) {
        String byK = learnedMinusUniform.stream().map(c -> Findings.points(c.difference()) + " at K = " + c.shots()).collect(Collectors.joining(", "));
        String caveat = " This measures how much the trained model depends on its attention (its backbone and value head were trained with the"
                + " attention on and adapted to it), not what the alignment adds with backbone and value head held fixed.";
        var unsettled = learnedMinusUniform.stream().filter(c -> c.verdict().kind() == Verdict.Kind.NOT_CONVERGED).findFirst();
        if (unsettled.isPresent())   // both sides are the same trained model: what it lacks is its training's convergence, said as such
            return "Check A: learned − uniform attention on the same trained CTX is " + byK + "; " + Findings.reading(unsettled.get().verdict()) + "." + caveat;
        List<Integer> helps = shotsWhere(learnedMinusUniform, Boolean.TRUE), misleads = shotsWhere(learnedMinusUniform, Boolean.FALSE);
        String what;
        if (!misleads.isEmpty())
            what = "uniform attention scores better at K = " + join(misleads) + ": there the learned keys mislead the trained model (hypothesis A holds at those K)";
        else if (!helps.isEmpty())
            what = "the trained CTX loses accuracy without its attention at K = " + join(helps) + " and is not better without it at any K, so hypothesis A "
                    + "(the learned attention misleads with few supports) is not supported";
        else what = "the seeds agree on no difference at any K, so neither a dependence on attention nor hypothesis A shows";
        return "Check A: learned − uniform attention on the same trained CTX is " + byK + "; " + what + "." + caveat;
    }

    /**
     * Check B: does training on 1-shot episodes close the 1-shot gap? One training run (seed 1), so
     * the sentence compares the two gaps and names their within-run intervals, without a verdict.
     *
     * @param trainedOneShot  CTX − ProtoNet at K = 1, both trained on 1-shot episodes
     * @param trainedFiveShot CTX − ProtoNet at K = 1, both trained on 5-shot episodes, the same seed
     */
    public static String trainedOneShot(FewShotResults.Comparison trainedOneShot, FewShotResults.Comparison trainedFiveShot) {
        double g1 = trainedOneShot.overSeeds().mean(), g5 = trainedFiveShot.overSeeds().mean();
        double ci = Math.max(trainedOneShot.withinRunCi()[0], trainedFiveShot.withinRunCi()[0]);
        String change = Math.abs(Math.abs(g1) - Math.abs(g5)) <= ci ? "about the same size (the change is within the test episodes' CI, ±"
                + String.format(Locale.ROOT, "%.1f", 100 * ci) + " pp)"
                : Math.abs(g1) < Math.abs(g5) ? "smaller: part of the 1-shot gap is the train/test shot mismatch"
                : "larger: the shot mismatch does not explain the gap";
        return String.format(Locale.ROOT, "Check B: trained on 1-shot episodes, CTX − ProtoNet at one shot is %s against %s when both train on 5-shot episodes"
                + " (seed %d, one training run each, no verdict), so the gap is %s.", Findings.points(g1), Findings.points(g5),
                trainedOneShot.seeds().get(0), change);
    }

    /**
     * Check C: glyph-safe SimCLR views against the paper's photo augmentations (one training run).
     *
     * @param safeMinusPaperViews CTX + SimCLR episodes with glyph-safe views − with the paper's views, per shot count
     */
    public static String glyphSafeViews(List<FewShotResults.Comparison> safeMinusPaperViews) {
        String byK = safeMinusPaperViews.stream().map(c -> Findings.points(c.difference()) + " at K = " + c.shots()
                + String.format(Locale.ROOT, " (±%.1f)", 100 * c.withinRunCi()[0])).collect(Collectors.joining(", "));
        long beyond = safeMinusPaperViews.stream().filter(c -> Math.abs(c.overSeeds().mean()) > c.withinRunCi()[0]).count();
        boolean better = safeMinusPaperViews.stream().allMatch(c -> c.overSeeds().mean() > c.withinRunCi()[0]);
        boolean worse = safeMinusPaperViews.stream().allMatch(c -> c.overSeeds().mean() < -c.withinRunCi()[0]);
        String what = better ? "glyph-safe views help at every K beyond the test episodes' CI, which points at the flips and tiny crops"
                : worse ? "glyph-safe views are worse at every K beyond the test episodes' CI: the harsh augmentations are not what holds SimCLR episodes back"
                : beyond == 0 ? "no difference beyond the test episodes' CI: the augmentations do not explain what SimCLR episodes cost or gain here"
                : "the sign depends on K, so the augmentations alone do not explain it";
        return "Check C on " + safeMinusPaperViews.get(0).task() + ": glyph-safe − the paper's views is " + byK + " (one training run, within-run CIs); " + what + ".";
    }

    /**
     * SimCLR episodes at equal steps: with probability p an episode is instance discrimination, so the
     * SimCLR arm trains on about (1 − p)·steps labelled episodes against all of them for CTX.
     *
     * @param simclrMinusCtx CTX + SimCLR episodes − CTX, per shot count, on one task
     */
    public static String simclrEpisodes(double probability, int steps, List<FewShotResults.Comparison> simclrMinusCtx) {
        long supervised = Math.round((1 - probability) * steps);
        List<Integer> worse = shotsWhere(simclrMinusCtx, Boolean.FALSE), better = shotsWhere(simclrMinusCtx, Boolean.TRUE);
        String equal = String.format(Locale.ROOT, "With p = %.2f, CTX + SimCLR episodes trained on about %d labelled episodes of its %d steps and CTX on all %d:"
                + " the comparison is at equal steps, not at equal supervised episodes (that would take about %d steps)", probability, supervised, steps, steps,
                Math.round(steps / (1 - probability)));
        String on = " on " + simclrMinusCtx.get(0).task();
        if (simclrMinusCtx.stream().anyMatch(c -> c.verdict().kind() == Verdict.Kind.NOT_CONVERGED))
            return equal + ". SimCLR − CTX" + on + ": " + Findings.reading(simclrMinusCtx.stream().filter(c -> c.verdict().kind() == Verdict.Kind.NOT_CONVERGED)
                    .findFirst().orElseThrow().verdict()) + ".";
        if (!worse.isEmpty()) return equal + ". Its loss" + on + " at K = " + join(worse) + " may therefore be the halved supervised training rather than the SimCLR episodes.";
        if (!better.isEmpty()) return equal + ". It is better" + on + " at K = " + join(better) + " even with half the labelled episodes.";
        return equal + ". SimCLR − CTX" + on + ": the seeds agree on no difference, with half the labelled episodes.";
    }

    private static List<Integer> shotsWhere(List<FewShotResults.Comparison> cs, Boolean favoursA) {
        List<Integer> out = new ArrayList<>();
        for (FewShotResults.Comparison c : cs) if (favoursA.equals(Findings.favoursA(c.verdict()))) out.add(c.shots());
        return out;
    }

    private static String join(List<Integer> ks) { return ks.stream().map(String::valueOf).collect(Collectors.joining(", ")); }
}
