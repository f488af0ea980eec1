package glimpse.report;

import glimpse.eval.Convergence;
import glimpse.eval.MeanCi;
import glimpse.eval.Verdict;
import glimpse.method.retrieval.RetrievalLoss;
import glimpse.method.retrieval.RetrievalResult;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Notebook 05's "What we found" (IRT, arXiv 2102.05644): did contrastive fine-tuning learn anything,
 * does the fine-tuning learning rate decide it, and did the cross-batch memory fill.
 */
public final class IrtFindings {
    private IrtFindings() {}

    /**
     * Did fine-tuning learn anything? Over the main table's IRT_L − IRT_O comparisons (each data set and
     * backbone): how many gain, lose, or show nothing the seeds agree on, and how the fine-tuning loss ended.
     */
    public static String fineTuning(List<RetrievalResults.Comparison> lMinusO) {
        List<String> gains = new ArrayList<>(), losses = new ArrayList<>(), none = new ArrayList<>(), unsettled = new ArrayList<>();
        for (RetrievalResults.Comparison c : lMinusO) {
            Verdict v = c.verdict();
            String where = c.data() + " " + c.a().replace("IRT_L ", "");
            if (v.kind() == Verdict.Kind.NOT_CONVERGED) unsettled.add(where + " (" + c.aTraining().status().name().toLowerCase(Locale.ROOT).replace('_', ' ') + ")");
            else if (Boolean.TRUE.equals(Findings.favoursA(v))) gains.add(where + " " + Findings.points(v.difference()));
            else if (Boolean.FALSE.equals(Findings.favoursA(v))) losses.add(where + " " + Findings.points(v.difference()));
            else none.add(where);
        }
        StringBuilder s = new StringBuilder("Did contrastive fine-tuning learn anything? R@1 of IRT_L − IRT_O");
        if (!gains.isEmpty()) s.append(": higher on ").append(String.join(", ", gains));
        if (!losses.isEmpty()) s.append(gains.isEmpty() ? ": " : "; ").append("lower on ").append(String.join(", ", losses));
        if (!none.isEmpty()) s.append(gains.isEmpty() && losses.isEmpty() ? ": " : "; ").append("no difference the seeds agree on for ").append(String.join(", ", none));
        if (!unsettled.isEmpty()) s.append(gains.isEmpty() && losses.isEmpty() && none.isEmpty() ? ": " : "; ").append("fine-tuning not converged, so no test: ")
                .append(String.join(", ", unsettled));
        s.append(". ");
        s.append(gains.isEmpty() && losses.isEmpty() && none.isEmpty() ? "So this run cannot tell whether fine-tuning learned anything"
                : gains.isEmpty() ? "So at this budget fine-tuning did not improve on the pre-trained start anywhere the run can tell"
                : losses.isEmpty() ? "So fine-tuning learned something on " + gains.size() + " of " + lMinusO.size() + " settings"
                : "So fine-tuning helps in some settings and hurts in others");
        return s.append(".").toString();
    }

    /**
     * The learning-rate probe: IRT_L − IRT_O at each fine-tuning learning rate. If a loss at the largest
     * rate disappears at a smaller one, the step size explains it.
     *
     * @param rates  the learning rates, in the order of {@code lMinusO}, largest first
     */
    public static String learningRate(float[] rates, List<RetrievalResults.Comparison> lMinusO) {
        StringBuilder s = new StringBuilder("Learning-rate probe, IRT_L − IRT_O R@1 on " + lMinusO.get(0).data() + ":");
        for (int i = 0; i < rates.length; i++)
            s.append(String.format(Locale.ROOT, "%slr %.0e: %s (%s)", i == 0 ? " " : "; ", rates[i], Findings.points(lMinusO.get(i).verdict().difference()),
                    lMinusO.get(i).verdict().brief()));
        Boolean atLargest = Findings.favoursA(lMinusO.get(0).verdict());
        boolean anyUnsettled = lMinusO.stream().anyMatch(c -> c.verdict().kind() == Verdict.Kind.NOT_CONVERGED);
        boolean smallerNotWorse = lMinusO.subList(1, lMinusO.size()).stream().anyMatch(c -> !Boolean.FALSE.equals(Findings.favoursA(c.verdict()))
                && c.verdict().kind() != Verdict.Kind.NOT_CONVERGED);
        String reading;
        if (anyUnsettled && atLargest == null) reading = "some rates had not converged, so the probe cannot decide whether the step size matters";
        else if (Boolean.FALSE.equals(atLargest) && smallerNotWorse) reading = "the loss at the largest rate disappears at a smaller one: the step size explains it";
        else if (Boolean.FALSE.equals(atLargest)) reading = "fine-tuning loses at every rate tried, so the step size does not explain the loss";
        else if (lMinusO.stream().anyMatch(c -> Boolean.TRUE.equals(Findings.favoursA(c.verdict())))) reading = "fine-tuning gains at some rate, so the rate matters for whether it helps";
        else reading = "no rate gives a difference the seeds agree on: the probe shows no effect of the step size at this budget";
        return s.append(". ").append(Character.toUpperCase(reading.charAt(0))).append(reading.substring(1)).append(".").toString();
    }

    /**
     * Did fine-tuning learn its own objective, and what did it learn? Per fine-tuned result, Eq. 1 per
     * pair (the contrastive sum divided by its pairs, so a filling memory does not inflate it) over the
     * first and last quarter of the run, mean over seeds, and how the run ended; then the two halves of
     * Eq. 1 on the first result that recorded them: a positive pair's mean [1 − s]₊ and a negative pair's
     * mean [s − β]₊. A loss that falls while the positives' half rises is a network that pushes
     * everything apart rather than pulling each class together.
     */
    public static String ownLoss(List<RetrievalResult> fineTuned) {
        List<String> rows = new ArrayList<>();
        int fell = 0, positivesWorse = 0, recorded = 0;
        for (RetrievalResult r : fineTuned) {
            double first = meanOverSeeds(r, RetrievalLoss.PER_PAIR, true), last = meanOverSeeds(r, RetrievalLoss.PER_PAIR, false);
            if (Double.isNaN(first)) continue;
            recorded++;
            if (last < first) fell++;
            double pullFirst = meanOverSeeds(r, RetrievalLoss.PULL_PER_POSITIVE, true), pullLast = meanOverSeeds(r, RetrievalLoss.PULL_PER_POSITIVE, false);
            if (pullLast > pullFirst) positivesWorse++;
            rows.add(String.format(Locale.ROOT, "%s %s %.4f → %.4f (%s; positive pair %.2f → %.2f, negative pair %.4f → %.4f)", r.data(), r.label(), first, last,
                    r.convergence().status().name().toLowerCase(Locale.ROOT).replace('_', ' '), pullFirst, pullLast,
                    meanOverSeeds(r, RetrievalLoss.PUSH_PER_NEGATIVE, true), meanOverSeeds(r, RetrievalLoss.PUSH_PER_NEGATIVE, false)));
        }
        if (recorded == 0) return "Did fine-tuning lower its own loss? These results did not record Eq. 1 per pair, so the run cannot say.";
        StringBuilder s = new StringBuilder("Did fine-tuning lower its own loss? Eq. 1 per pair, first → last quarter of the run, mean over seeds: ")
                .append(String.join("; ", rows)).append(". ");
        s.append(fell == recorded ? "It fell in every run, so the networks did learn the contrastive task on the training classes"
                : fell == 0 ? "It fell in none, so fine-tuning did not even learn its own task"
                : "It fell in " + fell + " of " + recorded + " runs");
        if (positivesWorse * 2 > recorded)
            s.append("; but in ").append(positivesWorse).append(" of ").append(recorded).append(" runs a positive pair's loss rose while a negative pair's fell: with a")
                    .append(" memory of the training set, Eq. 1 sums far more negative pairs than positive ones per anchor, so the loss is lowered by pushing")
                    .append(" every descriptor away from the others, not by pulling each class together");
        return s.append(".").toString();
    }

    /**
     * Why does fine-tuning lower R@1? Each probe arm (one change to the recipe: a margin, a memory size,
     * a learning rate) against the off-the-shelf start of the same seeds: which arms still lose, and
     * which do not — a change under which the loss disappears is a candidate cause; one under which it
     * stays is ruled out at this budget.
     *
     * @param what      what the arms vary, for the sentence ("the margin β, the memory and the learning rate")
     * @param armMinusO each arm − IRT_O, paired by seed
     */
    public static String causes(String what, List<RetrievalResults.Comparison> armMinusO) {
        List<String> lower = new ArrayList<>(), notLower = new ArrayList<>(), unsettled = new ArrayList<>();
        for (RetrievalResults.Comparison c : armMinusO) {
            Verdict v = c.verdict();
            String arm = c.a() + " " + Findings.points(v.difference());
            if (v.kind() == Verdict.Kind.NOT_CONVERGED) unsettled.add(arm);
            if (Boolean.FALSE.equals(Findings.favoursA(v))) lower.add(arm);
            else notLower.add(arm + (Boolean.TRUE.equals(Findings.favoursA(v)) ? " (higher)" : " (" + v.brief() + ")"));
        }
        StringBuilder s = new StringBuilder("Why does fine-tuning lower R@1? Varying " + what + ", R@1 of each arm − IRT_O on " + armMinusO.get(0).data() + ": ");
        if (!lower.isEmpty()) s.append("lower for ").append(String.join(", ", lower));
        if (!notLower.isEmpty()) s.append(lower.isEmpty() ? "" : "; ").append("not lower for ").append(String.join(", ", notLower));
        s.append(". ");
        if (notLower.isEmpty()) s.append("No change tried removes the loss, so none of them explains it at this budget");
        else if (lower.isEmpty()) s.append("No arm is lower than its start here, so this probe does not reproduce the loss of the main table");
        else s.append("The loss is absent only under the arms listed as not lower: those changes are the candidate causes (a \"not lower\" without"
                    + " significance is no proof that the loss has gone)");
        if (!unsettled.isEmpty()) s.append("; ").append(unsettled.size()).append(" arm").append(unsettled.size() == 1 ? " had" : "s had").append(" not converged");
        return s.append(".").toString();
    }

    /**
     * Does fine-tuning settle if it runs longer? One IRT_L recipe fine-tuned for more and more steps, the same seeds:
     * at each length, how Eq. 1 per pair moved over its last quarter ({@link RetrievalResult#convergence}) and R@1
     * against the start (IRT_O, paired by seed). A loss whose last-quarter fall is no smaller at the longest run than at
     * the shortest is not approaching a plateau; if R@1 meanwhile drops (longest − shortest, paired by seed, interval
     * below 0), the extra steps fit the training images at the cost of the unseen classes, and a longer budget would
     * not give a settled test of fine-tuning here.
     *
     * @param byLength the runs, shortest first
     * @param lMinusO  each run − IRT_O of the same seeds, in the same order
     */
    public static String length(List<RetrievalResult> byLength, List<RetrievalResults.Comparison> lMinusO) {
        if (byLength.size() < 2 || byLength.size() != lMinusO.size())
            throw new IllegalArgumentException("the length probe needs two or more runs, each with its comparison against IRT_O; got " + byLength.size() + " and " + lMinusO.size());
        RetrievalResult shortest = byLength.get(0), longest = byLength.get(byLength.size() - 1);
        StringBuilder s = new StringBuilder("Does fine-tuning settle if it runs longer? " + shortest.label() + " on " + shortest.data()
                + ", by length: Eq. 1 per pair's change over the last quarter, and R@1 − IRT_O:");
        for (int i = 0; i < byLength.size(); i++) {
            Convergence c = byLength.get(i).convergence();
            s.append(String.format(Locale.ROOT, "%s%d steps %s (%s), %s", i == 0 ? " " : "; ", steps(byLength.get(i)),
                    Double.isNaN(c.change()) ? "no change measured" : String.format(Locale.ROOT, "%+.1f %%", 100 * c.change()),
                    c.status().name().toLowerCase(Locale.ROOT).replace('_', ' '), Findings.points(lMinusO.get(i).byK()[0])));
        }
        // a plateau is a length from which every longer run is settled too; a short run can pass the quarter test only because
        // its quarters are too short to show a fall that the longer runs make plain
        int settledFrom = byLength.size();
        while (settledFrom > 0 && byLength.get(settledFrom - 1).convergence().settled()) settledFrom--;
        List<String> passedEarly = new ArrayList<>();
        for (int i = 0; i < settledFrom; i++) if (byLength.get(i).convergence().settled()) passedEarly.add(steps(byLength.get(i)) + "");
        MeanCi drop = MeanCi.pairedOverSeeds(longest.recallPerSeed(1), shortest.recallPerSeed(1));
        double firstChange = shortest.convergence().change(), lastChange = longest.convergence().change();
        boolean noSlower = lastChange <= firstChange;   // false where either is NaN
        boolean r1Drops = drop.mean() + drop.ci95() < 0;
        String at = steps(longest) + " steps", from = steps(shortest) + "";
        String reading;
        if (settledFrom < byLength.size())
            reading = "it settles by " + steps(byLength.get(settledFrom)) + " steps and stays settled at every longer length; there R@1 − IRT_O is "
                    + Findings.points(lMinusO.get(settledFrom).byK()[0]) + ": a verdict on fine-tuning needs the main table at that length";
        else if (noSlower && r1Drops)
            reading = String.format(Locale.ROOT, "the loss falls no slower at %s than at %s (%+.1f %% against %+.1f %% over the last quarter) while R@1 drops by %s"
                    + " (%s − %s steps, paired by seed): the longer runs fit the %d training images instead of approaching a plateau, so no longer"
                    + " budget gives a settled test of fine-tuning here, and the longer it runs the further R@1 falls",
                    at, from, 100 * lastChange, 100 * firstChange, Findings.points(drop), at.replace(" steps", ""), from, longest.trainImages());
        else if (noSlower) reading = "the loss falls no slower at " + at + " than at " + from + ": no plateau in sight at this length";
        else if (Double.isNaN(lastChange) || Double.isNaN(firstChange)) reading = "some runs had too few steps with a full memory to judge";
        else reading = String.format(Locale.ROOT, "its fall slows with length (%+.1f %% → %+.1f %% over the last quarter) but has not settled by %s", 100 * firstChange, 100 * lastChange, at);
        s.append(". ").append(Character.toUpperCase(reading.charAt(0))).append(reading.substring(1)).append(".");
        if (!passedEarly.isEmpty())
            s.append(" The ").append(String.join("- and ", passedEarly)).append("-step run").append(passedEarly.size() == 1 ? " passes" : "s pass")
                    .append(" the quarter test, yet a longer run still falls: a short run's quarters are too short to show the fall, so a pass at that")
                    .append(" length is no evidence of a plateau.");
        return s.toString();
    }

    /**
     * Is the start too close to the task? The workbook's IRT_O is pre-trained on every base class, the fine-tuning
     * classes among them, while the paper's ImageNet start has never seen CUB's or SOP's labels. The same IRT_L recipe
     * and seeds from a start pre-trained without the fine-tuning classes separates the two readings: if fine-tuning
     * raises R@1 from that start and not from the workbook's, the overlap is why it cannot help here. Differences are
     * paired by seed; where a fine-tuning run had not converged the sentence says so, and gives no verdict.
     *
     * @param seenL   − seenO: IRT_L − IRT_O from the workbook's start
     * @param unseenL − unseenO: the same from the start without the fine-tuning classes
     */
    public static String unseenStart(RetrievalResult seenO, RetrievalResult seenL, RetrievalResult unseenO, RetrievalResult unseenL) {
        MeanCi seen = MeanCi.pairedOverSeeds(seenL.recallPerSeed(1), seenO.recallPerSeed(1)), unseen = MeanCi.pairedOverSeeds(unseenL.recallPerSeed(1), unseenO.recallPerSeed(1));
        boolean settled = seenL.convergence().settled() && unseenL.convergence().settled();
        StringBuilder s = new StringBuilder(String.format(Locale.ROOT, "Is the start too close to the task? On %s, IRT_O's R@1 is %s %% from the workbook's start"
                + " (pre-trained on every base class, the fine-tuning classes among them) and %s %% from one pre-trained without them;"
                + " pre-training on those classes changes the start's own R@1 by %s (one pre-training each, so no seed interval)."
                + " IRT_L − IRT_O (%d steps, paired by seed) is %s from the first start and %s from the second. ", seenO.data(), Cells.percent(seenO.recall(1)),
                Cells.percent(unseenO.recall(1)), Findings.points(seenO.recall(1).mean() - unseenO.recall(1).mean()), steps(seenL), Findings.points(seen), Findings.points(unseen)));
        boolean seenUp = seen.mean() - seen.ci95() > 0, unseenUp = unseen.mean() - unseen.ci95() > 0, unseenDown = unseen.mean() + unseen.ci95() < 0;
        String reading;
        if (unseenUp && !seenUp) reading = "fine-tuning raises R@1 from a start that has not seen its classes and not from one that has: a start that already"
                + " separates the fine-tuning classes leaves the contrastive loss little to teach, so the workbook's IRT_O, unlike the paper's, cannot show"
                + " what fine-tuning adds";
        else if (unseenUp) reading = "fine-tuning raises R@1 from both starts";
        else if (unseenDown) reading = "fine-tuning lowers R@1 from the start that has not seen its classes too, so the overlap of pre-training and"
                + " fine-tuning classes does not explain why it fails here";
        else reading = "neither difference is one the seeds agree on, so this probe cannot say whether the overlap matters";
        s.append(Character.toUpperCase(reading.charAt(0))).append(reading.substring(1));
        if (!settled) s.append(" (the fine-tuning had not converged, so these are measurements on the way, not a test of the paper's claim)");
        return s.append(".").toString();
    }

    private static int steps(RetrievalResult r) { return r.perSeed().get(0).steps(); }

    /** The mean over seeds of the first (or last) quarter of a recorded curve; NaN where no seed recorded it. */
    private static double meanOverSeeds(RetrievalResult r, String curve, boolean firstQuarter) {
        double s = 0;
        int n = 0;
        for (RetrievalResult.SeedResult seed : r.perSeed()) {
            float[] c = seed.terms().get(curve);
            if (c == null || c.length < 4) continue;
            int q = c.length / 4, from = firstQuarter ? 0 : c.length - q;
            double m = 0;
            int k = 0;
            for (int i = from; i < from + q; i++) if (Float.isFinite(c[i])) { m += c[i]; k++; }
            if (k > 0) { s += m / k; n++; }
        }
        return n == 0 ? Double.NaN : s / n;
    }

    /**
     * Does the memory fill, and is it the paper's (the training set's size)? From what the run recorded:
     * the memory's capacity, the training set's images, the batch and the steps.
     */
    public static String memory(RetrievalResult r) {
        if (r.memoryCapacity() == 0) return memory(r.data(), 0, r.batchSize(), r.perSeed().get(0).steps());
        boolean fills = r.memoryFullAtStep() <= r.perSeed().get(0).steps();
        String size = r.memoryCapacity() == r.trainImages()
                ? " It has the training set's size (" + r.trainImages() + " images), as in the paper" + (fills ? "; convergence is judged on the steps after it is full."
                        : ", but as it never fills, no convergence can be judged.")
                : " It holds " + r.memoryCapacity() + " entries for a training set of " + r.trainImages() + " images, not the paper's size.";
        return memory(r.data(), r.memoryCapacity(), r.batchSize(), r.perSeed().get(0).steps()) + size;
    }

    /**
     * Does the memory fill? A FIFO of {@code capacity} embeddings, {@code batch} enqueued per step,
     * over {@code steps} steps: full from step ⌈capacity / batch⌉ on, if the run is that long.
     *
     * @param data the data set's name, for the sentence
     */
    public static String memory(String data, int capacity, int batch, int steps) {
        if (capacity == 0) return "On " + data + " this recipe has no cross-batch memory.";
        int fullAt = (capacity + batch - 1) / batch;
        if (fullAt > steps)
            return String.format(Locale.ROOT, "On %s the memory never fills: %d steps of %d embeddings put %d of its %d entries in (%s), so the paper's"
                    + " dataset-sized memory is not what was tested, and every step compares the batch with more stored embeddings than the step before.",
                    data, steps, batch, steps * batch, capacity, Findings.percent((double) steps * batch / capacity));
        String late = fullAt > steps / 2 ? ": more than half of the run trains with a filling memory, so the loss curve's quarters compare steps against"
                + " different numbers of stored embeddings" : "; its last half trains against a full memory, where the loss curve can show learning";
        return String.format(Locale.ROOT, "On %s the memory (%d entries, %d added per step) is full from step %d of %d%s.", data, capacity, batch, fullAt, steps, late);
    }
}
