package glimpse.method.tasn;

import glimpse.classification.ClassificationSpec;

import java.util.ArrayList;
import java.util.List;

/**
 * The notebook's ablations of the full TASN, each a list of specs that differ from {@code base}
 * (whose method must be a {@link TasnMethod}) in one setting and are named by it, so every row of a
 * table says what changed (Zheng et al., CVPR 2019, §4.3 ablate the normalisation, the number of
 * parts, the sampling and the distillation; their numbers were not available to us).
 */
public final class TasnAblations {
    private TasnAblations() {}

    /**
     * The notebook's ablation list for the current mode: the three other normalisations, λ = 2,
     * T = 1, sampler output 48 and dense 2, 16 attention maps (paper mode: two values of each);
     * quick mode keeps one normalisation variant and the distillation setting, to show the path runs.
     */
    public static List<ClassificationSpec> forMode(ClassificationSpec base) {
        boolean paper = glimpse.Glimpse.mode() == glimpse.Glimpse.Mode.PAPER;
        List<ClassificationSpec> out = new ArrayList<>(normalisation(base));
        out.addAll(distillation(base, paper ? new double[] {0.5, 2} : new double[] {2}, paper ? new float[] {1, 4} : new float[] {1}));
        out.addAll(sampler(base, paper ? new int[] {24, 48} : new int[] {48}, paper ? new float[] {2, 8} : new float[] {2}));
        out.addAll(channels(base, paper ? new int[] {16, 32} : new int[] {16}));
        return glimpse.Glimpse.mode() == glimpse.Glimpse.Mode.QUICK ? List.of(out.get(0), out.get(3)) : out;
    }

    /** The other trilinear normalisations (β kept). */
    public static List<ClassificationSpec> normalisation(ClassificationSpec base) {
        TasnMethod m = method(base);
        List<ClassificationSpec> out = new ArrayList<>();
        for (TrilinearAttention.Normalisation n : TrilinearAttention.Normalisation.values())
            if (n != m.trilinear().normalisation())
                out.add(with(base, m.withLabel("TASN, normalisation " + n).withTrilinear(new TrilinearAttention(n, m.trilinear().beta()))));
        return out;
    }

    /** Distillation weight λ at the base temperature, then temperature T at the base weight. */
    public static List<ClassificationSpec> distillation(ClassificationSpec base, double[] weights, float[] temperatures) {
        TasnMethod m = method(base);
        TasnLoss l = m.loss();
        List<ClassificationSpec> out = new ArrayList<>();
        for (double w : weights) out.add(with(base, m.withLabel("TASN, λ = " + w).withLoss(l.withDistillation(w, l.distillation().temperature()))));
        for (float t : temperatures) out.add(with(base, m.withLabel("TASN, T = " + t).withLoss(l.withDistillation(l.distillWeight(), t))));
        return out;
    }

    /** The sampler's output size (the backbone's input), then its clipping density {@code dense}. */
    public static List<ClassificationSpec> sampler(ClassificationSpec base, int[] outs, float[] denses) {
        TasnMethod m = method(base);
        AttentionSampler s = m.sampler();
        List<ClassificationSpec> out = new ArrayList<>();
        for (int o : outs) out.add(with(base, m.withLabel("TASN, sampler out " + o).withSampler(new AttentionSampler(o, s.dense(), s.iterations(), s.convention()))));
        for (float d : denses) out.add(with(base, m.withLabel("TASN, dense " + d).withSampler(new AttentionSampler(s.out(), d, s.iterations(), s.convention()))));
        return out;
    }

    /** The number of attention maps c. */
    public static List<ClassificationSpec> channels(ClassificationSpec base, int[] counts) {
        TasnMethod m = method(base);
        List<ClassificationSpec> out = new ArrayList<>();
        for (int c : counts) out.add(with(base, m.withLabel("TASN, " + c + " attention maps").withAttentionChannels(c)));
        return out;
    }

    private static TasnMethod method(ClassificationSpec base) {
        if (!(base.method() instanceof TasnMethod m))
            throw new IllegalArgumentException("TASN ablations need a TasnMethod spec, got " + base.method().label());
        return m;
    }

    private static ClassificationSpec with(ClassificationSpec base, TasnMethod m) { return base.with(b -> b.method(m)); }
}
