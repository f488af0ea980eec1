package glimpse.report;

import glimpse.Glimpse;
import glimpse.data.DatasetException;
import glimpse.data.Manifest;
import glimpse.data.Manifests;
import glimpse.data.SourceFiles;
import glimpse.experiment.PaperScale;
import glimpse.nn.weights.PretrainedWeights;

/**
 * The guard at the top of a notebook's paper-scale section: it runs in paper and smoke mode only,
 * and only on benchmarks (and pretrained weights) the user has. Whatever is missing is said with its
 * manifest, its variable and the fix, and the section goes on with what is there:
 * <pre>{@code
 * if (PaperSection.opens("01 · CTX at paper scale"))
 *     for (String id : List.of("miniimagenet", "tieredimagenet"))
 *         if (PaperSection.hasData(id)) { … }
 * }</pre>
 */
public final class PaperSection {
    private PaperSection() {}

    /**
     * Whether the section runs in this mode; prints why not, or, in smoke mode, that its numbers mean
     * nothing. Where the results land is said too.
     */
    public static boolean opens(String title) {
        if (!Glimpse.paperSections()) {
            System.out.println(title + ": not run in " + Glimpse.mode().name().toLowerCase() + " mode. It runs with"
                    + " `./glimpse run NN --paper` (a GPU and the real benchmarks; `./glimpse doctor` says what is missing), or"
                    + " `--paper --smoke` to try it at 2 steps per stage on fixtures (`./glimpse data fixtures DIR`).");
            return false;
        }
        if (PaperScale.smoke())
            System.out.println(title + ": SMOKE run — the paper's architectures, image sizes and protocols at " + PaperScale.SMOKE_STEPS
                    + " steps per stage, " + PaperScale.SMOKE_EPISODES + " test episodes or at most " + PaperScale.SMOKE_QUERIES
                    + " queries, one seed. Its numbers show that the section runs; they say nothing about the paper.");
        else System.out.println(title + ": paper scale; results are cached under " + Glimpse.cacheDir() + " and the report goes to "
                + Glimpse.buildDir().resolve("report/paper"));
        return true;
    }

    /** True when the benchmark's files are where its manifest looks; otherwise says what to set, and returns false. */
    public static boolean hasData(String manifestId) {
        Manifest m = Manifests.of(manifestId);
        String why;
        try {
            java.nio.file.Path dir = SourceFiles.resolveDir(m);
            // a folder benchmark lists no files, so any path "holds all of them": it must at least be a folder with something in it
            if (!m.filesOrEmpty().isEmpty() || nonEmptyFolder(dir)) return true;
            String env = m.source().env();
            why = env != null && System.getenv(env) == null && System.getProperty("glimpse.dir." + manifestId) == null ? env + " is not set"
                    : dir + " is not a folder with the benchmark in it";
        } catch (DatasetException e) {
            why = e.getMessage().lines().findFirst().orElse("");
        }
        System.out.println("skipped " + m.title() + ": " + why + " (manifest data-manifests/" + manifestId + ".json"
                + (m.source().env() == null ? "" : "; set " + m.source().env() + " to the folder: " + m.source().layout()) + ")");
        return false;
    }

    private static boolean nonEmptyFolder(java.nio.file.Path dir) {
        if (!java.nio.file.Files.isDirectory(dir)) return false;
        try (var entries = java.nio.file.Files.list(dir)) {
            return entries.findAny().isPresent();
        } catch (java.io.IOException e) {
            return false;
        }
    }

    /** True when the pretrained weight file is there and its header reads; otherwise says how to provide it, and returns false. */
    public static boolean hasWeights(String arch) {
        PretrainedWeights.Status s = PretrainedWeights.status(PretrainedWeights.entry(arch));
        if (s.usable()) return true;
        System.out.println("skipped: pretrained weights '" + arch + "' " + s.summary() + " at " + s.file() + "; put "
                + s.entry().source() + " there (GLIMPSE_WEIGHTS_DIR names the folder; README, \"Pretrained weights\", converts a .pth)");
        return false;
    }
}
