package glimpse.fewshot;

/** One few-shot experiment: where the classes come from, the recipe, the test protocol. */
public record FewShotSpec(FewShotTask task, FewShotRecipe recipe, FewShotEval eval) {
    public FewShotSpec withSeed(long seed) { return new FewShotSpec(task, recipe.withSeed(seed), eval); }

    /** A one-line summary for people: task, model, training, test protocol (keys come from SpecJson, never from this). */
    @Override public String toString() {
        return "FewShotSpec[" + task.name() + " · " + recipe.label() + " · " + recipe.training().steps() + " steps, seed " + recipe.seed()
                + " · test " + eval.ways() + "-way " + java.util.Arrays.toString(eval.shots()) + "-shot × " + eval.episodes() + "]";
    }
}
