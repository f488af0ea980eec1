/**
 * The one training loop every Glimpse method uses, and inference helpers.
 *
 * <ul>
 *   <li>{@link glimpse.train.TrainLoop#fit} — runs the steps: per step a sub-manager, a
 *       {@link glimpse.train.Batch} from a {@link glimpse.train.BatchSource}, a loss from a
 *       {@link glimpse.train.StepLoss}, backward, one optimizer update; progress lines on stdout;
 *       checkpoints and resume.</li>
 *   <li>{@link glimpse.train.TrainConfig} — steps, batch, Adam/SGD, weight decay, cosine/step schedule
 *       with warm-up, global-norm clipping, per-parameter-group lr multipliers, seed, logging,
 *       checkpoint folder. {@link glimpse.train.TrainResult} — loss curve, wall time, images/s.</li>
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
