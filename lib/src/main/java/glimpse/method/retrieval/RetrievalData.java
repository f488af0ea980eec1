package glimpse.method.retrieval;

import glimpse.data.Datasets;
import glimpse.data.ImageResize;
import glimpse.data.ImageSet;
import glimpse.data.RetrievalSplit;
import glimpse.data.sampling.LongTail;
import glimpse.pretrain.BaseData;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.IntStream;
import io.soabase.recordbuilder.core.RecordBuilder;

/**
 * The class-disjoint retrieval benchmark of an experiment, sized for a CPU. Two workbook analogues of
 * the paper's sets (El-Nouby et al., arXiv 2102.05644 §4): "glyphs" — many classes with 20 images
 * each, like SOP ({@link RetrievalSplit#glyphs}: train on base classes, retrieve among novel ones) —
 * and "fashion-mnist" — train on 5 classes, retrieve among the other 5, like CUB's 100/100
 * ({@link RetrievalSplit#fashionMnist}). The test set is its own gallery, each query excluded.
 * And the paper's own benchmarks, {@link #benchmark}: SOP, CUB-200 retrieval and In-Shop from their
 * files, streamed at 224 px ({@link RetrievalImages#streamed}), never decoded into memory.
 *
 * @param trainClasses  keep this many training classes, evenly spaced in label order (0 = all)
 * @param trainPerClass keep this many images of each training class, a fixed seeded draw (0 = all)
 * @param testClasses   keep this many test classes, evenly spaced in label order (0 = all)
 * @param testPerClass  keep this many images of each test class, a fixed seeded draw (0 = all)
 * @param downsample    shrink images by this integer factor (64 px glyphs → 32 px)
 * @param streamed      null for the in-memory sets; for a paper benchmark, its resolution and queries
 */
@RecordBuilder
public record RetrievalData(String dataset, int trainClasses, int trainPerClass, int testClasses, int testPerClass, int downsample,
                            Streamed streamed) implements RetrievalDataBuilder.With {
    /**
     * A paper benchmark read from its files: images at {@code imageSize} px (resize to 256/224 of it,
     * then a random crop for training and the centre crop for testing), and at most {@code queries}
     * test queries, evenly spaced over the query set (the SOP/CUB test set is its own gallery: the same
     * images; In-Shop's gallery is always whole).
     */
    public record Streamed(int imageSize, int queries) {
        public Streamed {
            if (imageSize < 16 || queries < 1) throw new IllegalArgumentException("image size >= 16 and queries >= 1, not " + imageSize + ", " + queries);
        }
    }

    public RetrievalData {
        if (streamed != null) {
            IrtBenchmark.of(dataset);
            if (trainClasses != 0 || trainPerClass != 0 || testClasses != 0 || testPerClass != 0 || downsample != 1)
                throw new IllegalArgumentException("a paper benchmark (" + dataset + ") is used whole: no class or image subsets, no downsampling");
        } else if (!dataset.equals("glyphs") && !dataset.equals("fashion-mnist"))
            throw new IllegalArgumentException("in-memory retrieval data is \"glyphs\" or \"fashion-mnist\", not \"" + dataset
                    + "\"; SOP, CUB and In-Shop are streamed: RetrievalData.benchmark(\"" + dataset + "\", queries)");
        if (trainClasses < 0 || trainPerClass < 0 || testClasses < 0 || testPerClass < 0 || downsample < 1)
            throw new IllegalArgumentException("class and image counts must be >= 0 (0 = all) and downsample >= 1: " + this);
    }

    /** Glyphs at 32 px: {@code trainClasses} base classes, {@code testClasses} novel ones, all 20 images of each. */
    public static RetrievalData glyphs(int trainClasses, int testClasses) { return new RetrievalData("glyphs", trainClasses, 0, testClasses, 0, 2, null); }

    /** The paper benchmark of manifest {@code id} ("sop", "cub-retrieval", "inshop") at 224 px, at most {@code queries} test queries. */
    public static RetrievalData benchmark(String id, int queries) { return new RetrievalData(id, 0, 0, 0, 0, 1, new Streamed(224, queries)); }

    /**
     * Glyphs at 16 px (64 px ÷ 4; the ViT then cuts 4×4 patches of 4 px): the size the CPU budget of
     * the notebook's quick and full modes allows (a training image costs about half of one at 32 px on one core).
     */
    public static RetrievalData glyphs16(int trainClasses, int testClasses) { return new RetrievalData("glyphs", trainClasses, 0, testClasses, 0, 4, null); }

    /** Fashion-MNIST 5/5 at 28 px, {@code trainPerClass} and {@code testPerClass} images of each class (0 = all). */
    public static RetrievalData fashionMnist(int trainPerClass, int testPerClass) {
        return new RetrievalData("fashion-mnist", 0, trainPerClass, 0, testPerClass, 1, null);
    }

    /** The images' side after downsampling (the descriptor net is built for it). */
    public int imageSize() { return streamed != null ? streamed.imageSize() : dataset.equals("glyphs") ? 64 / downsample : 28 / downsample; }

    /** "glyphs 500/300 cl." or "fashion-mnist 5/5". */
    public String name() {
        if (streamed != null) return dataset + ", " + streamed.imageSize() + " px";
        return dataset.equals("glyphs") ? "glyphs " + (trainClasses == 0 ? "all" : trainClasses) + "/" + (testClasses == 0 ? "all" : testClasses) + " classes, " + imageSize() + " px"
                : "fashion-mnist 5/5";
    }

    /**
     * The images a descriptor is pre-trained on here, standing in for ImageNet: ALL training classes of the in-memory
     * set at its image size — the Glyphs base classes, Fashion-MNIST's train images of classes 0–4 — whatever subset
     * of them fine-tuning uses, so that one pre-training serves every notebook on those images.
     */
    public BaseData baseData() {
        if (streamed != null) throw new IllegalStateException(dataset + " starts from imported ImageNet weights: it has no pre-training data here");
        return dataset.equals("glyphs") ? BaseData.of("glyphs", "base", downsample)
                : new BaseData("fashion-mnist", "train", IntStream.range(0, 5).toArray(), downsample);
    }

    /**
     * The Glyphs base classes that fine-tuning does not use: a pre-training that has never seen the fine-tuning classes'
     * labels, as ImageNet has not seen CUB's or SOP's (the paper's IRT_O). {@link #baseData} includes them.
     */
    public BaseData unseenBaseData() {
        if (streamed != null || !dataset.equals("glyphs") || trainClasses == 0)
            throw new IllegalStateException(name() + ": only a glyph task that fine-tunes on some of the base classes leaves others to pre-train on");
        int all = Datasets.load("glyphs").split("base").classCount();
        java.util.Set<Integer> used = IntStream.of(evenlySpaced(trainClasses, all)).boxed().collect(java.util.stream.Collectors.toSet());
        return new BaseData("glyphs", "base", IntStream.range(0, all).filter(c -> !used.contains(c)).toArray(), downsample);
    }

    /** {@code classes} of {@code all} class indices, evenly spaced in label order, so that every script of the glyphs is represented. */
    private static int[] evenlySpaced(int classes, int all) {
        return IntStream.range(0, classes).map(k -> (int) ((long) k * all / classes)).toArray();
    }

    private static final Map<RetrievalData, RetrievalSplit> LOADED = new ConcurrentHashMap<>();

    /** The images an experiment trains and tests on: the in-memory split, or the benchmark's files streamed. */
    public RetrievalImages images() {
        return streamed == null ? RetrievalImages.of(load()) : RetrievalImages.streamed(dataset, streamed.imageSize(), streamed.queries());
    }

    /** The in-memory split (made once per JVM: every recipe and seed of a notebook asks for the same one). */
    public RetrievalSplit load() {
        if (streamed != null) throw new IllegalStateException(dataset + " is streamed from its files, not loaded into memory: use images()");
        return LOADED.computeIfAbsent(this, d -> {
            RetrievalSplit s = dataset.equals("glyphs") ? RetrievalSplit.glyphs(Datasets.load("glyphs")) : RetrievalSplit.fashionMnist(Datasets.load("fashion-mnist"));
            return new RetrievalSplit(name(), shape(s.train(), trainClasses, trainPerClass), shape(s.query(), testClasses, testPerClass), null);
        });
    }

    private ImageSet shape(ImageSet set, int classes, int perClass) {
        ImageSet out = set;
        if (classes > 0) {
            if (classes > set.classCount()) throw new IllegalArgumentException(set.name() + " has " + set.classCount() + " classes, fewer than " + classes);
            out = out.restrictToClasses(set.name() + "[" + classes + " cl.]", evenlySpaced(classes, set.classCount()));
        }
        if (perClass > 0) out = LongTail.balanced(out, perClass, 0);
        return ImageResize.downsample(out, downsample);
    }
}
