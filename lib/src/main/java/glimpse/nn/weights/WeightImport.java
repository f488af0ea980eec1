package glimpse.nn.weights;

import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;
import java.util.stream.Collectors;

/**
 * Copies the tensors of a safetensors checkpoint into a model's parameters by name, the way PyTorch's
 * {@code load_state_dict(strict=True)} does: every tensor the model takes must be in the file with
 * its shape, and every tensor in the file must be taken (or be one the architecture knowingly
 * ignores, such as BatchNorm's step counter). The outcome is a {@link Report}; {@link Report#requireComplete}
 * turns a missing, mismatched or unexpected tensor into an error naming the tensor, the file and the
 * shape the model expects.
 *
 * <p>Layouts: DJL stores convolution kernels (out, in, kh, kw) and linear weights (out, in), as
 * PyTorch does, so no tensor is transposed; what differs is names (BatchNorm's gamma/beta/runningMean/
 * runningVar are PyTorch's weight/bias/running_mean/running_var) and, for a ViT at another image
 * size, the position embedding, which a {@link Target#reshape} resizes.
 */
public final class WeightImport {
    private WeightImport() {}

    /** Adapts a file tensor of another shape to the parameter's, or returns null when it cannot. */
    @FunctionalInterface
    public interface Reshape {
        Resized apply(float[] values, long[] fileShape, Shape parameterShape);
    }

    /** Values of the parameter's shape, and a note saying what was done (shown by {@code weights check}). */
    public record Resized(float[] values, String note) {}

    /** One tensor the model takes: its name in the checkpoint, the parameter it fills, and an optional reshape. */
    public record Target(String name, Parameter parameter, Reshape reshape) {
        public Target(String name, Parameter parameter) { this(name, parameter, null); }
    }

    public record Loaded(String name, String shape, String note) {}

    /** A tensor that could not be loaded, with the whole sentence saying why. */
    public record Problem(String name, String message) {}

    /**
     * @param ignored    file tensors the architecture does not use, with the reason (e.g. BatchNorm's num_batches_tracked)
     * @param unexpected file tensors no parameter takes: the checkpoint is of another architecture or variant
     */
    public record Report(Path file, String architecture, List<Loaded> loaded, List<Problem> missing, List<Problem> mismatched,
                         List<Problem> unexpected, List<String> ignored) {
        public boolean complete() { return missing.isEmpty() && mismatched.isEmpty() && unexpected.isEmpty(); }

        /** Throws a {@link WeightFileException} listing the problems unless every tensor loaded and none was left over. */
        public Report requireComplete() {
            if (complete()) return this;
            List<Problem> all = new ArrayList<>(mismatched);
            all.addAll(missing);
            all.addAll(unexpected);
            String shown = all.stream().limit(5).map(Problem::message).collect(Collectors.joining("\n  "));
            throw new WeightFileException(file + " does not fit " + architecture + ": " + missing.size() + " missing, " + mismatched.size()
                    + " mismatched, " + unexpected.size() + " unexpected tensor(s)\n  " + shown + (all.size() > 5 ? "\n  … " + (all.size() - 5) + " more" : "")
                    + "\n  (./glimpse weights check --arch ARCH FILE lists them all)");
        }
    }

    /**
     * Loads {@code file} into the targets' parameters (the model must be initialised). Tensors that
     * fit are copied even when others do not, so a report can be inspected; use
     * {@link Report#requireComplete} before trusting the model.
     *
     * @param ignored which file tensors are knowingly not used, mapped to the reason shown
     */
    public static Report load(Path file, String architecture, List<Target> targets, Map<Predicate<String>, String> ignored) {
        SafetensorsFile weights = SafetensorsFile.open(file);
        List<Loaded> loaded = new ArrayList<>();
        List<Problem> missing = new ArrayList<>(), mismatched = new ArrayList<>(), unexpected = new ArrayList<>();
        Set<String> taken = new HashSet<>();
        for (Target t : targets) {
            if (!t.parameter().isInitialized())
                throw new IllegalStateException("initialise the " + architecture + " model before loading weights into it (Blocks.initialize)");
            taken.add(t.name());
            Shape expected = t.parameter().getArray().getShape();
            SafetensorsFile.Tensor tensor = weights.tensors().get(t.name());
            if (tensor == null) {
                missing.add(new Problem(t.name(), "tensor '" + t.name() + "' is missing from " + file + "; " + architecture + " expects it with shape " + text(expected)));
                continue;
            }
            if (!tensor.dtype().readableAsFloat()) {
                mismatched.add(new Problem(t.name(), "tensor '" + t.name() + "' in " + file + " is " + tensor.dtype() + "; " + architecture
                        + " expects floating-point weights (F32, F16, BF16) of shape " + text(expected)));
                continue;
            }
            Resized values = sameShape(tensor.shape(), expected) ? new Resized(weights.floats(t.name()), "")
                    : t.reshape() == null ? null : t.reshape().apply(weights.floats(t.name()), tensor.shape(), expected);
            if (values == null) {
                mismatched.add(new Problem(t.name(), "tensor '" + t.name() + "' in " + file + " has shape " + tensor.shapeText() + "; "
                        + architecture + " expects " + text(expected)));
                continue;
            }
            t.parameter().getArray().set(values.values());
            loaded.add(new Loaded(t.name(), text(expected), tensor.dtype() == SafetensorsFile.DType.F32 ? values.note()
                    : (tensor.dtype() + " → F32 " + values.note()).strip()));
        }
        List<String> ignoredNotes = new ArrayList<>();
        for (SafetensorsFile.Tensor tensor : weights.tensors().values()) {
            if (taken.contains(tensor.name())) continue;
            String reason = ignored.entrySet().stream().filter(e -> e.getKey().test(tensor.name())).map(Map.Entry::getValue).findFirst().orElse(null);
            if (reason != null) ignoredNotes.add(tensor.name() + " (" + reason + ")");
            else unexpected.add(new Problem(tensor.name(), "tensor '" + tensor.name() + "' " + tensor.shapeText() + " in " + file
                    + " is not a parameter of " + architecture + ": the checkpoint is of another architecture or variant"));
        }
        return new Report(file, architecture, loaded, missing, mismatched, unexpected, ignoredNotes);
    }

    static boolean sameShape(long[] fileShape, Shape expected) {
        return new Shape(fileShape).equals(expected);
    }

    static String text(Shape s) { return SafetensorsFile.Tensor.shapeText(s.getShape()); }

    // ---- walking DJL blocks by the names their parents gave them ----

    /** The child {@code name} of {@code parent} (DJL prefixes children with a two-digit ordinal: "01patchEmbedding"). */
    static Block child(Block parent, String name) {
        return parent.getChildren().stream().filter(p -> p.getKey().length() > 2 && p.getKey().substring(2).equals(name))
                .map(p -> p.getValue()).findFirst()
                .orElseThrow(() -> new IllegalArgumentException(parent.getClass().getSimpleName() + " has no child '" + name + "' (children: "
                        + parent.getChildren().keys() + ")"));
    }

    /**
     * Targets for the direct parameters of a convolution, linear or norm block under the PyTorch
     * module path {@code prefix}: weight/bias keep their names; gamma/beta/runningMean/runningVar
     * become weight/bias/running_mean/running_var.
     */
    static void addLayer(List<Target> out, String prefix, Block block) {
        for (var p : block.getDirectParameters()) {
            String torchName = switch (p.getKey()) {
                case "weight", "gamma" -> "weight";
                case "bias", "beta" -> "bias";
                case "runningMean" -> "running_mean";
                case "runningVar" -> "running_var";
                default -> throw new IllegalArgumentException("no PyTorch name for parameter '" + p.getKey() + "' of " + block.getClass().getSimpleName());
            };
            out.add(new Target(prefix + "." + torchName, p.getValue()));
        }
    }
}
