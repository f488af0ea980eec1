package glimpse.report;

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
