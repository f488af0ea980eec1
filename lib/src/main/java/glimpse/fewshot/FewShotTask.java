package glimpse.fewshot;

import glimpse.data.ImageSet;

import java.util.Arrays;
import java.util.Map;
import io.soabase.recordbuilder.core.RecordBuilder;

/**
 * Where the classes come from. {@code trainClasses}/{@code testClasses} (empty = all) restrict a
 * split to some classes (Fashion-MNIST: train on 5 classes, test on the 5 others);
 * {@code downsample} shrinks images by an integer factor (64 px glyphs → 32 px on a CPU).
 */
@RecordBuilder
public record FewShotTask(String name, String dataset, String trainSplit, int[] trainClasses, String testSplit,
                          int[] testClasses, int downsample) implements FewShotTaskBuilder.With {

    public static FewShotTask of(String name, String dataset, String trainSplit, String testSplit, int downsample) {
        return new FewShotTask(name, dataset, trainSplit, new int[0], testSplit, new int[0], downsample);
    }

    /** Fashion-MNIST: train on T-shirt, Trouser, Pullover, Dress, Coat; test 5-way on the 5 held-out classes. */
    public static FewShotTask fashionMnistHeldOut() {
        return new FewShotTask("fashion-mnist held-out 5", "fashion-mnist", "train", new int[] {0, 1, 2, 3, 4}, "test",
                new int[] {5, 6, 7, 8, 9}, 1);
    }

    public ImageSet trainSet() { return Prepared.split(this, trainSplit, trainClasses); }
    public ImageSet testSet() { return Prepared.split(this, testSplit, testClasses); }

    /**
     * The saved test episodes of {@code eval} on this task's test split, per evaluated shot count: the same files for
     * every method and training seed (each few-shot pipeline scores on these).
     */
    public Map<Integer, java.util.List<glimpse.data.sampling.Episode>> testEpisodes(FewShotEval eval) {
        ImageSet test = testSet();
        Map<Integer, java.util.List<glimpse.data.sampling.Episode>> out = new java.util.LinkedHashMap<>();
        for (int k : eval.shots())
            out.put(k, glimpse.data.sampling.EpisodeSampler.testEpisodes(episodeKey(), testSplit, test, eval.ways(), k, eval.queries(),
                    eval.seed(), eval.episodes()));
        return out;
    }

    /** Key of the saved test episodes: dataset, split, class restriction and resolution. */
    public String episodeKey() {
        return dataset + (testClasses.length == 0 ? "" : "-classes" + String.join("", Arrays.stream(testClasses).mapToObj(Integer::toString).toList()))
                + (downsample == 1 ? "" : "-down" + downsample);
    }

    /** The images of a split as classification pre-training sees them: restricted and resized like this task's. */
    public glimpse.pretrain.BaseData baseData() { return new glimpse.pretrain.BaseData(dataset, trainSplit, trainClasses, downsample); }

    /** Restricted and resized splits, made once per JVM ({@link glimpse.pretrain.BaseData#images}). */
    private static final class Prepared {
        static ImageSet split(FewShotTask task, String split, int[] classes) {
            return new glimpse.pretrain.BaseData(task.dataset, split, classes, task.downsample).images();
        }
    }
}
