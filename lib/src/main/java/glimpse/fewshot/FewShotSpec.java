package glimpse.fewshot;

/** One few-shot experiment: where the classes come from, the recipe, the test protocol. */
public record FewShotSpec(FewShotTask task, FewShotRecipe recipe, FewShotEval eval) {
    public FewShotSpec withSeed(long seed) { return new FewShotSpec(task, recipe.withSeed(seed), eval); }
}
