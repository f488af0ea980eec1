package glimpse.fewshot;

/**
 * A way to score a trained few-shot model other than its own, on the same saved test episodes with
 * the same weights (CrossTransformers with uniform attention, Semantic Prompt without its prompt or
 * with nearest-prototype scoring). Each method names its variants as constants of its own type (an
 * enum implementing this), so a misspelt or foreign variant does not compile, and the pipeline
 * refuses, before training, one the method does not offer ({@link FewShotMethod#variants}).
 * Results are stored under {@link #label()}; in a key (SpecJson) an enum variant is its constant name.
 */
public interface EvaluationVariant {
    /** The variant's name in tables and stored outcomes, e.g. "attention off". */
    String label();
}
