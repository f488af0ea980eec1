/**
 * Pre-trained backbones, once: classification pre-training of an {@link glimpse.nn.Architecture} on the
 * base classes of a dataset ({@link glimpse.pretrain.BaseData}), one cached experiment
 * ({@link glimpse.pretrain.PretrainExperiment}, keyed by {@link glimpse.pretrain.PretrainSpec}: architecture,
 * data and image size, training budget and seed) whose backbone weights every pipeline loads.
 *
 * <p>Where it sits in the flow: above {@code glimpse.experiment} (it is an experiment run through the one
 * cached runner) and below the pipelines ({@code glimpse.fewshot}, {@code glimpse.classification},
 * {@code glimpse.method.*}), which warm-start from its weights — the few-shot recipes' optional
 * pre-training, Semantic Prompt's stage 1, IRT's stand-in for ImageNet features, TASN's backbone.
 * A backbone pre-trained once on the Glyphs base classes (or Fashion-MNIST's train classes) at a given
 * size and budget is reused by every notebook and every arm that names the same spec; the seeds of the
 * later stage do not re-run it.
 */
package glimpse.pretrain;
