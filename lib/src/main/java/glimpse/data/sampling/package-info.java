/**
 * Which images a run uses, and in what order: every seeded choice of the workbook.
 *
 * <ul>
 *   <li>{@link glimpse.data.sampling.Seeds} — every random stream (seed derivation), and
 *       {@link glimpse.data.sampling.Draws} — the draws made from them (permutation, shuffle, sample);</li>
 *   <li>episodes: {@link glimpse.data.sampling.EpisodeSampler} (N-way K-shot),
 *       {@link glimpse.data.sampling.VariableEpisodeSampler} (Meta-Dataset's variable-way, variable-shot
 *       episodes, {@link glimpse.data.sampling.VariableEpisodes}), both an
 *       {@link glimpse.data.sampling.EpisodeSource}; {@link glimpse.data.sampling.Episode},
 *       {@link glimpse.data.sampling.SimClrEpisodes};</li>
 *   <li>subsets: {@link glimpse.data.sampling.LongTail} (and its balanced test subsets);</li>
 *   <li>batch orders: {@link glimpse.data.sampling.BatchOrder}, {@link glimpse.data.sampling.ShuffledBatches};
 *       {@code glimpse.train.BatchSource.shuffled} / {@code BatchSource.of} turn an order into tensors.
 *       A new sampler (e.g. m images per class per batch) is another {@code BatchOrder} here.</li>
 * </ul>
 *
 * <p>The package returns indices, never tensors, so a sampler can be checked without an engine and
 * saved choices (test episodes) stay readable.
 */
package glimpse.data.sampling;
