package glimpse.report;

import glimpse.eval.Verdict;

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
