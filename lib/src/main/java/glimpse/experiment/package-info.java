/**
 * The experiment contract and the one cached runner.
 *
 * <p>An experiment is {@code id + spec record → result record}
 * ({@link glimpse.experiment.Experiment}), run through {@link glimpse.experiment.Experiments#cached}:
 * the result is stored under a key made of the id, the spec (by the one rule of
 * {@link glimpse.SpecJson}), the mode and the {@link glimpse.experiment.CodeVersion}; while it is
 * computed, the runner hands the experiment its {@link glimpse.train.RunCheckpoints}, and the
 * experiment passes each training config through {@code checkpoints.next(config)} so an interrupted
 * computation resumes. Several independent specs asked for at once (seeds, a sweep's grid, a table's
 * arms) go through {@link glimpse.experiment.Experiments#cachedAll}, which computes them here one by
 * one, or hands the cache misses to the {@link glimpse.experiment.BatchExecutor} GLIMPSE_EXECUTOR names
 * (glimpse.cluster: local task processes, a Slurm job array). A result is computed under a file lock
 * in the cache, so two processes that want it compute it once.
 *
 * <p><b>One word per concept</b>, across the library:
 * <ul>
 *   <li><b>Spec</b> — a value that decides a result and keys it: an experiment's input
 *       ({@code FewShotSpec}, {@code ClassificationSpec}, {@code RetrievalSpec}, {@code SpSpec},
 *       {@code PretrainSpec}) or a derived dataset's ({@code DiacriticGlyphs.Spec},
 *       {@code Jitter.Spec}). It prints as a one-line summary; its key is its JSON, never its text.</li>
 *   <li><b>Config</b> — the shape or settings of one component, part of a spec but not an experiment
 *       by itself: a network's ({@code Visformer.Config}, {@code BatchFormer.Config},
 *       {@code MultiHeadSelfAttention.Config}, {@code Tasn.Config}), the training loop's
 *       ({@code TrainConfig}) or the glyph renderer's ({@code GlyphsConfig}).</li>
 *   <li><b>Recipe</b> — a model and how it is trained, without the task or the test protocol: the row of
 *       a results table ({@code FewShotRecipe}). Each paper has one recipe whose {@code cpu(…)} and
 *       {@code paper(…)} factories go through the same pipeline ({@code CtxRecipe}, {@code SpSpec},
 *       {@code BatchFormerRecipe}, {@code TasnRecipe}, {@code RetrievalSpec}); a paper factory passes every
 *       budget through {@link glimpse.experiment.PaperScale}.</li>
 *   <li><b>Watch</b> — how a training run is watched (progress lines, checkpoint cadence): never part of a key.</li>
 *   <li>"Settings" is not used.</li>
 * </ul>
 *
 * <p>A record over about five components is derived with its builder, {@code r.with(b -> b.field(v))}
 * (or the builder's {@code withField(v)}); the builders are generated at compile time (RecordBuilder,
 * {@code @RecordBuilder} on the record) or, where they carry domain helpers such as
 * {@code TrainConfig.Builder.adamW(lr)}, written once beside the record. No code copies a record's
 * components by hand (LayeringTest).
 */
package glimpse.experiment;
