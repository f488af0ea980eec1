package glimpse.cluster;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import glimpse.classification.ClassificationExperiment;
import glimpse.classification.ClassificationResult;
import glimpse.classification.ClassificationSpec;
import glimpse.experiment.Experiments;
import glimpse.experiment.ResultCache;
import glimpse.method.classifier.Conv4Classifier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.*;

/**
 * GLIMPSE_EXECUTOR=workers: a batch's misses computed by separate task processes give the same numbers,
 * bit for bit, as this process computing them; a task that fails is reported with its log and spec.
 */
class WorkersExecutorTest {
    @TempDir Path cache;

    @BeforeEach void useTempCache() {
        System.setProperty("glimpse.cache", cache.toString());
        System.setProperty("glimpse.codeVersion", "workers-test");
        System.setProperty("glimpse.mode", "quick");
        System.setProperty("glimpse.taskPollSeconds", "0.2");
    }

    @AfterEach void restore() {
        for (String k : List.of("glimpse.cache", "glimpse.codeVersion", "glimpse.mode", "glimpse.executor", "glimpse.workers", "glimpse.taskPollSeconds",
                "glimpse.taskRetries"))
            System.clearProperty(k);
    }

    static ClassificationSpec spec(long seed) { return Conv4Classifier.spec("fashion-mnist", 6, 2e-3f, seed, 200); }

    /** A stored result's numbers: its JSON without the clock (wall seconds, images per second), which no two runs share. */
    static JsonElement numbers(ClassificationSpec s) throws IOException {
        JsonObject entry = JsonParser.parseString(Files.readString(ResultCache.fileFor("classification", s))).getAsJsonObject();
        JsonObject result = entry.getAsJsonObject("result");
        for (JsonElement seed : result.getAsJsonArray("perSeed")) {
            seed.getAsJsonObject().remove("wallSeconds");
            seed.getAsJsonObject().remove("imagesPerSecond");
        }
        return result;
    }

    @Test
    void taskProcessesComputeBitIdenticalResults() throws IOException {
        List<ClassificationSpec> specs = List.of(spec(1), spec(2));
        Experiments.cachedAll(ClassificationExperiment.INSTANCE, specs);          // inline: this process
        JsonElement first = numbers(specs.get(0)), second = numbers(specs.get(1));
        for (ClassificationSpec s : specs) ResultCache.forget("classification", s);

        System.setProperty("glimpse.executor", "workers");
        System.setProperty("glimpse.workers", "2");
        List<ClassificationResult> results = Experiments.cachedAll(ClassificationExperiment.INSTANCE, specs);
        assertEquals(2, results.size());
        assertEquals(first, numbers(specs.get(0)), "seed 1 computed by a task process");
        assertEquals(second, numbers(specs.get(1)), "seed 2 computed by a task process");
        assertNotEquals(first, second, "two seeds that agree would not tell a swapped result");
        try (Stream<Path> logs = Files.list(onlyBatch().resolve("logs"))) {
            assertEquals(2, logs.count(), "one log per task, one try each");
        }
    }

    /**
     * A paper table's arms, each with its seeds ({@link ClassificationExperiment#cachedBySeed(List)}, as
     * the 03/04 paper sections call it): every (arm, seed) is a task of the one batch, and each arm's seeds
     * come back merged, with the numbers this process computes.
     */
    @Test
    void everySeedOfEveryArmIsOneBatchAndMergesPerArm() throws IOException {
        List<ClassificationSpec> arms = List.of(spec(1).with(b -> b.seeds(List.of(1L, 2L))), spec(3));
        List<ClassificationResult> inline = ClassificationExperiment.cachedBySeed(arms);
        List<ClassificationSpec> tasks = List.of(spec(1), spec(1).with(b -> b.seeds(List.of(2L))), spec(3));
        for (ClassificationSpec s : tasks) ResultCache.forget("classification", s);

        System.setProperty("glimpse.executor", "workers");
        System.setProperty("glimpse.workers", "2");
        List<ClassificationResult> spread = ClassificationExperiment.cachedBySeed(arms);
        try (Stream<Path> logs = Files.list(onlyBatch().resolve("logs"))) {
            assertEquals(3, logs.count(), "one batch, a task per (arm, seed)");
        }
        assertEquals(List.of(List.of(1L, 2L), List.of(3L)), spread.stream().map(ClassificationResult::seeds).toList());
        for (int a = 0; a < arms.size(); a++)
            for (int k = 0; k < inline.get(a).perSeed().size(); k++) {
                var here = inline.get(a).perSeed().get(k); var task = spread.get(a).perSeed().get(k);
                assertEquals(here.overall(), task.overall(), "arm " + a + " seed " + here.seed());
                assertArrayEquals(here.losses(), task.losses(), "arm " + a + " seed " + here.seed());
            }
    }

    @Test
    void aTaskThatFailsEveryTryIsReportedWithItsLogAndSpec() {
        System.setProperty("glimpse.executor", "workers");
        System.setProperty("glimpse.taskRetries", "1");
        ClassificationSpec bad = Conv4Classifier.spec("no-such-dataset", 2, 2e-3f, 1, 10);
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> Experiments.cachedAll(ClassificationExperiment.INSTANCE, List.of(bad)));
        assertTrue(e.getMessage().contains("failed every try") && e.getMessage().contains("no-such-dataset") && e.getMessage().contains("-try2.log"),
                e.getMessage());
    }

    private Path onlyBatch() throws IOException {
        try (Stream<Path> b = Files.list(cache.resolve("batches"))) {
            List<Path> all = b.toList();
            assertEquals(1, all.size());
            return all.get(0);
        }
    }
}
