/**
 * The one training loop every Glimpse method uses, and inference helpers.
 *
 * <ul>
 *   <li>{@link glimpse.train.TrainLoop#fit} — the step loop: per step a sub-manager, a
 *       {@link glimpse.train.Batch} from a {@link glimpse.train.BatchSource}, a loss from a
 *       {@link glimpse.train.StepLoss}, backward, one optimizer update. Beside it, each concern in
 *       its own small class: {@code Checkpointing} (resume, periodic saves), {@code NonFiniteGuard}
 *       (skip a NaN step, fail after too many), {@code Progress} (the progress line),
 *       {@code RunHistory} (losses, term curves, skips, time — what a checkpoint carries).</li>
 *   <li>{@link glimpse.train.TrainConfig} — what decides the result: steps, batch, Adam/SGD, weight
 *       decay, cosine/step schedule with warm-up, global-norm clipping, per-parameter-group lr
 *       multipliers, seed; and {@link glimpse.train.Watch}, how the run is watched (log interval,
 *       checkpoint folder and cadence), which is never part of a cache or checkpoint key.
 *       {@link glimpse.train.TrainResult} — loss curve, wall time, images/s.</li>
 *   <li>{@link glimpse.train.RunCheckpoints} — the checkpoints of one cached computation, handed
 *       explicitly to the experiment, which passes each config through {@code next(config)}.</li>
 *   <li>{@link glimpse.train.Predict} — the model in inference mode over an ImageSet, as float[][].</li>
 * </ul>
 *
 * <p>A notebook cell:
 * <pre>{@code
 * var fm = Datasets.load("fashion-mnist");
 * ImageSet train = fm.split("train"), test = fm.split("test");
 * try (NDManager manager = NDManager.newBaseManager(Devices.get())) {
 *     Block net = Blocks.classifier(Conv4.build(Conv4.Output.FLATTEN), 10);
 *     TrainConfig cfg = TrainConfig.builder().steps(Glimpse.byMode(200, 2000, 20000)).cosine().build();
 *     TrainResult r = TrainLoop.fit(manager, net, train, cfg);
 *     double acc = Predict.accuracy(Predict.outputs(manager, net, test, 512), test);
 *     System.out.println(r + ", test accuracy " + acc);
 * }
 * }</pre>
 *
 * <p>A method with its own objective keeps the loop and writes only the loss (and, for episodes,
 * the batch source). BatchFormer's encoder at 0.1× lr is {@code cfg.with(b -> b.group("encoder", 0.1f))}
 * when the model adds its encoder with {@code addChildBlock("encoder", …)}: DJL names parameters by
 * their path, e.g. {@code 01encoder_01SequentialBlock_01Conv2d_weight};
 * {@code Blocks.parameterNames(model)} lists them.
 */
package glimpse.train;
