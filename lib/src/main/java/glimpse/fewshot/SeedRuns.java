package glimpse.fewshot;

import glimpse.experiment.Experiments;

import glimpse.eval.Convergence;
import glimpse.eval.MeanCi;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * One few-shot recipe trained once per seed, every run scored on the same saved test episodes
 * (the episodes' seed is the {@code FewShotEval}'s and does not change with the training seed). The
 * training seed decides initialisation, episode order and augmentations, so the seeds' accuracies
 * differ by the run-to-run variation that one run's episode interval does not cover.
 *
 * <pre>{@code
 * SeedRuns ctx = SeedRuns.of(spec, 1, 3);   // seeds 1, 2, 3, each through the cached runner
 * ctx.seedMeans(1);    // per seed: mean accuracy over the 1-shot test episodes
 * ctx.accuracy(1);     // mean over seeds ± t(0.975, 2)·s/√3
 * }</pre>
 *
 * @param seeds       the training seeds, in run order
 * @param outcomes    one outcome per seed, same order
 * @param lossClasses the classes of the cross-entropy the recipe trains on — its episodes' ways — or 0 where no one
 *                    chance level holds (SimCLR episodes mixed in, variable ways): the scale of {@link #convergence}
 */
public record SeedRuns(List<Long> seeds, List<FewShotOutcome> outcomes, int lossClasses) {
    /** Runs whose loss has no known chance level (judged relatively). */
    public SeedRuns(List<Long> seeds, List<FewShotOutcome> outcomes) { this(seeds, outcomes, 0); }

    public SeedRuns {
        if (lossClasses < 0 || lossClasses == 1) throw new IllegalArgumentException("a chance level needs 2 or more classes (0: unknown), not " + lossClasses);
        seeds = List.copyOf(seeds);
        outcomes = List.copyOf(outcomes);
        if (seeds.isEmpty()) throw new IllegalArgumentException("at least one seed");
        if (seeds.size() != outcomes.size()) throw new IllegalArgumentException(seeds.size() + " seeds for " + outcomes.size() + " outcomes");
        if (seeds.stream().distinct().count() != seeds.size()) throw new IllegalArgumentException("repeated seed in " + seeds);
        for (FewShotOutcome o : outcomes)
            if (!o.method().equals(outcomes.get(0).method()) || !o.task().equals(outcomes.get(0).task()))
                throw new IllegalArgumentException("one recipe per SeedRuns: " + o.method() + " on " + o.task()
                        + " vs " + outcomes.get(0).method() + " on " + outcomes.get(0).task());
    }

    /**
     * Runs {@code spec}'s recipe with training seeds {@code firstSeed .. firstSeed + count − 1} (the
     * recipe's own seed is replaced; the test episodes are not), all through the cached runner as one
     * batch ({@link Experiments#cachedAll}), so a seed already computed costs nothing.
     */
    public static SeedRuns of(FewShotSpec spec, long firstSeed, int count) {
        if (count < 1) throw new IllegalArgumentException("at least one seed, not " + count);
        List<Long> seeds = java.util.stream.LongStream.range(firstSeed, firstSeed + count).boxed().toList();
        // one batch: with `./glimpse run --workers N | --slurm` the seeds' trainings run at once, as tasks of their own
        return new SeedRuns(seeds, Experiments.cachedAll(FewShotExperiment.INSTANCE, seeds.stream().map(spec::withSeed).toList()),
                lossClasses(spec.recipe()));
    }

    /**
     * The classes of the cross-entropy {@code recipe} trains on: its episodes' ways ({@code EpisodeBatches.loss}), or 0 where
     * SimCLR episodes (over their own instance classes) are mixed in or the ways vary from episode to episode.
     */
    public static int lossClasses(FewShotRecipe recipe) {
        return recipe.simclr().used() || recipe.episodes().isVariable() ? 0 : recipe.episodes().ways();
    }

    /** The same loop with another way to obtain one seed's outcome (tests). */
    public static SeedRuns of(FewShotSpec spec, long firstSeed, int count, Function<FewShotSpec, FewShotOutcome> runOne) {
        SeedRuns r = of(firstSeed, count, s -> runOne.apply(spec.withSeed(s)));
        return new SeedRuns(r.seeds(), r.outcomes(), lossClasses(spec.recipe()));
    }

    /**
     * Training seeds {@code firstSeed .. firstSeed + count − 1}, each seed's outcome from {@code runSeed} (any few-shot
     * pipeline: {@code FewShotExperiment}, Semantic Prompt's own).
     */
    public static SeedRuns of(long firstSeed, int count, java.util.function.LongFunction<FewShotOutcome> runSeed) {
        if (count < 1) throw new IllegalArgumentException("at least one seed, not " + count);
        List<Long> seeds = new ArrayList<>();
        List<FewShotOutcome> outcomes = new ArrayList<>();
        for (long s = firstSeed; s < firstSeed + count; s++) {
            seeds.add(s);
            outcomes.add(runSeed.apply(s));
        }
        return new SeedRuns(seeds, outcomes);
    }

    public String method() { return outcomes.get(0).method(); }
    public String task() { return outcomes.get(0).task(); }
    public int count() { return seeds.size(); }

    /** The first seed's run (its attention example, loss curve). */
    public FewShotOutcome first() { return outcomes.get(0); }

    /** The shot counts the runs were evaluated at. */
    public List<Integer> shots() { return first().results().stream().map(FewShotOutcome.ShotResult::shots).toList(); }

    /** Per seed, the mean accuracy over the saved test episodes of {@code shots}. */
    public double[] seedMeans(int shots) {
        return outcomes.stream().mapToDouble(o -> o.shots(shots).accuracy().mean()).toArray();
    }

    /** Mean over seeds ± Student-t 95% CI (df = seeds − 1); NaN CI for one seed. */
    public MeanCi accuracy(int shots) { return MeanCi.overSeeds(seedMeans(shots)); }

    /** One seed's within-run interval: mean ± 1.96·s/√n over its test episodes only. */
    public MeanCi withinRun(long seed, int shots) { return outcome(seed).shots(shots).accuracy(); }

    public FewShotOutcome outcome(long seed) {
        int i = seeds.indexOf(seed);
        if (i < 0) throw new IllegalArgumentException("no seed " + seed + "; have " + seeds);
        return outcomes.get(i);
    }

    /**
     * Whether seed {@code seed}'s training had settled ({@link Convergence}): an episodic loss is a cross-entropy over the
     * episode's ways, so its change is measured against ln(ways), as every cross-entropy in the workbook; without a known
     * count ({@link #lossClasses} 0), against the previous quarter.
     */
    public Convergence convergence(long seed) { return Convergence.of(outcome(seed).lossCurve(), lossClasses); }

    /** The same trained models scored as their evaluation variant {@code variant} ({@link FewShotEval#withVariant}). */
    public SeedRuns variant(EvaluationVariant variant) {
        return new SeedRuns(seeds, outcomes.stream().map(o -> o.variant(variant)).toList(), lossClasses);
    }

    /** The first {@code n} seeds only (e.g. to pair with a recipe trained once). */
    public SeedRuns firstSeeds(int n) {
        if (n < 1 || n > count()) throw new IllegalArgumentException("have " + count() + " seeds, asked for " + n);
        return new SeedRuns(seeds.subList(0, n), outcomes.subList(0, n), lossClasses);
    }
}
