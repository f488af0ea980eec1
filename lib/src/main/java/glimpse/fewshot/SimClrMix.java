package glimpse.fewshot;

import glimpse.data.SimClrViews;

/**
 * SimCLR episodes mixed into episodic training (CrossTransformers, arXiv 2007.11498 §3.2).
 *
 * @param probability     chance that a training episode is a SimCLR episode (paper: 0.5; 0 = never)
 * @param queriesPerClass queries per class of a SimCLR episode (0 = as many as the episode had, the paper's rule)
 * @param views           the augmentations that make a SimCLR episode's two views
 */
public record SimClrMix(double probability, int queriesPerClass, SimClrViews views) {
    public static final SimClrMix NONE = new SimClrMix(0, 0, SimClrViews.PAPER);

    public boolean used() { return probability > 0; }

    /** Suffix of a recipe's label: "" or " + SimCLR eps" (and the views when not the paper's). */
    String labelSuffix() {
        if (!used()) return "";
        return " + SimCLR eps" + (views == SimClrViews.PAPER ? "" : " (" + views.name().toLowerCase().replace('_', '-') + " views)");
    }
}
