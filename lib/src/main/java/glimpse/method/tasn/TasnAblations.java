package glimpse.method.tasn;

import glimpse.classification.ClassificationResult;
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
     * The notebook's ablation list for the current mode, each on {@link #seeds()} of {@code base}'s
     * seeds at its steps. Paper mode: the three other normalisations, λ 0.5 and 2, T 1 and 4, sampler
     * output 16 and 32, dense 2 and 8, 16 and 64 attention maps. Full mode, sized for a CPU budget: one
     * setting from four of the groups (normalisation without the inner softmax, T = 1, dense 2, 16
     * maps), each ONE run: a single run's difference, no verdict. Quick mode: the first two.
     */
    public static List<ClassificationSpec> forMode(ClassificationSpec base) {
        ClassificationSpec b = base.with(x -> x.seeds(base.seeds().subList(0, Math.min(seeds(), base.seeds().size()))));
        if (glimpse.Glimpse.budgetMode() != glimpse.Glimpse.Mode.PAPER) {
            List<ClassificationSpec> out = List.of(normalisation(b).get(0), distillation(b, new double[0], new float[] {1}).get(0),
                    sampler(b, new int[0], new float[] {2}).get(0), channels(b, new int[] {16}).get(0));
            return glimpse.Glimpse.budgetMode() == glimpse.Glimpse.Mode.QUICK ? out.subList(0, 2) : out;
        }
        List<ClassificationSpec> out = new ArrayList<>(normalisation(b));
        out.addAll(distillation(b, new double[] {0.5, 2}, new float[] {1, 4}));
        out.addAll(sampler(b, new int[] {16, 32}, new float[] {2, 8}));
        out.addAll(channels(b, new int[] {16, 64}));
        return out;
    }

    /** Training seeds per ablation: one in quick and full mode, three in paper mode. */
    public static int seeds() { return glimpse.Glimpse.byMode(1, 1, 3); }

    /** {@code r} restricted to {@code seeds} (the reference of an ablation run on fewer seeds than the main table). */
    public static ClassificationResult onSeeds(ClassificationResult r, List<Long> seeds) {
        List<ClassificationResult.SeedResult> kept = r.perSeed().stream().filter(s -> seeds.contains(s.seed())).toList();
        if (kept.size() != seeds.size())
            throw new IllegalArgumentException(r.method() + " has seeds " + r.seeds() + ", not all of " + seeds);
        return r.withPerSeed(kept);
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
