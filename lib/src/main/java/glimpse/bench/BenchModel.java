package glimpse.bench;

import java.util.List;
import java.util.stream.Collectors;

/**
 * One named entry of {@code ./glimpse bench} ({@code --model=NAME}): a training step compared across
 * peers ({@link TrainStepModel}: conv4, visformer, vit) or a cost report of one process
 * ({@link ReportModel}: tasn, recall). {@link #all()} is the registry: the CLI, the usage line and
 * {@code --model=all} read it, so a new entry is one line there.
 */
sealed interface BenchModel permits TrainStepModel, ReportModel, InputModel {

    /** The run's shape when the command line does not set it (each entry keeps its default run short). */
    record Defaults(int rounds, int repeats, int steps, int warmup, int batch) {}

    String name();

    /** One line: the workload and what is measured. */
    String summary();

    Defaults defaults();

    /** Every entry, in the order {@code --model=all} runs them; conv4 (the default) first. */
    static List<BenchModel> all() {
        return List.of(TrainStepModel.conv4(), TrainStepModel.visformer(), TrainStepModel.vit(), TasnBench.model(), RecallBench.model(), InputBench.model());
    }

    static List<String> names() { return all().stream().map(BenchModel::name).toList(); }

    /** The entries {@code --model} names: one name, a comma list, or "all". */
    static List<BenchModel> select(String spec) {
        if (spec.equals("all")) return all();
        List<BenchModel> out = new java.util.ArrayList<>();
        for (String name : spec.split(",")) {
            BenchModel m = all().stream().filter(b -> b.name().equals(name)).findFirst()
                    .orElseThrow(() -> new IllegalArgumentException("unknown --model '" + name + "': one of "
                            + String.join(", ", names()) + ", or all"));
            out.add(m);
        }
        return out;
    }

    /** The registry as "name: summary" lines, for the usage message. */
    static String catalogue() {
        return all().stream().map(m -> String.format("  %-10s %s", m.name(), m.summary())).collect(Collectors.joining("\n"));
    }
}
