package glimpse.bench;

import java.util.List;

/**
 * An entry that measures one process's costs and reports them as lines (TASN's step split,
 * Recall@K's time) instead of comparing peers; it runs in a child JVM like the Java peers.
 *
 * @param defaultSize the entry's problem size when {@code --size} is not given (documented in {@link #summary})
 */
record ReportModel(String name, String summary, Defaults defaults, int defaultSize, Reporter reporter) implements BenchModel {

    /** Measures in this process and returns the report's lines. */
    @FunctionalInterface
    interface Reporter {
        List<String> run(Peers.Plan plan, int size);
    }
}
