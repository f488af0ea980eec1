package glimpse.bench;

import ai.djl.ndarray.NDManager;
import ai.djl.nn.Block;
import ai.djl.ndarray.types.Shape;
import glimpse.nn.Blocks;
import glimpse.train.BatchSource;
import glimpse.train.StepLoss;
import glimpse.train.TrainConfig;
import glimpse.train.TrainLoop;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

import java.util.concurrent.TimeUnit;

/**
 * JMH view of the shared loop on the bench workload (Conv-4, 28×28×1, batch 128, Adam): the time
 * of {@value #STEPS} training steps. Slower to run than {@link Bench} (forks, iterations) and
 * without peers; use it to compare two versions of the loop:
 * {@code java -cp <lib classpath> org.openjdk.jmh.Main TrainStepJmh}.
 * Images/s = 128 × {@value #STEPS} / (seconds per operation).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 2, time = 5)
@Measurement(iterations = 5, time = 5)
@Fork(value = 1, jvmArgs = {"-Dai.djl.offline=true", "-Dai.djl.pytorch.num_threads=2", "-Dai.djl.pytorch.num_interop_threads=1"})
public class TrainStepJmh {
    static final int STEPS = 5, BATCH = 128;

    private NDManager manager;
    private Block net;
    private BatchSource source;
    private TrainConfig config;

    @Setup(Level.Trial)
    public void setUp() {
        manager = NDManager.newBaseManager();
        net = Peers.conv4();
        Blocks.initialize(net, manager, new Shape(BATCH, 1, 28, 28));
        source = BatchSource.shuffled(Peers.syntheticImages(4096), BATCH, 0);
        config = TrainConfig.builder().steps(STEPS).batchSize(BATCH).adam(1e-3f).logEvery(0).build();
    }

    @Benchmark
    public float fiveSteps() {
        return TrainLoop.fit(manager, net, source, config, StepLoss.crossEntropy()).finalLoss();
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        manager.close();
    }
}
