package glimpse.cli;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import glimpse.nn.Blocks;
import glimpse.nn.weights.CheckpointConverter;
import glimpse.nn.weights.ImageNetArchitecture;
import glimpse.nn.weights.WeightFileException;
import glimpse.nn.weights.WeightImport;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.IntStream;

/** `weights check --arch ARCH [--size PX] FILE` and `weights convert IN.pth OUT.safetensors`. */
final class WeightsCommand {
    private WeightsCommand() {}

    static final String USAGE = "usage: ./glimpse weights check --arch resnet34|resnet50|deit_small [--size PX] FILE.safetensors\n"
            + "       ./glimpse weights convert IN.pth OUT.safetensors";

    /** {@code args}: `check FILE` or `convert IN OUT`; {@code arch} and {@code sizeText} from --arch / --size (parsed by Main). */
    static int run(List<String> args, String arch, String sizeText) {
        try {
            if (args.size() == 3 && args.get(0).equals("convert")) {
                System.out.println(CheckpointConverter.convert(Path.of(args.get(1)), Path.of(args.get(2))));
                return 0;
            }
            if (args.size() == 2 && args.get(0).equals("check")) {
                if (arch == null) throw new IllegalArgumentException("weights check needs --arch\n" + USAGE);
                return check(arch, size(sizeText), args.get(1));
            }
        } catch (WeightFileException e) {
            System.err.println("glimpse: " + e.getMessage());
            return 1;
        }
        System.err.println(USAGE);
        return 2;
    }

    private static int check(String arch, int size, String file) {
        ImageNetArchitecture architecture = ImageNetArchitecture.of(arch);
        boolean vit = architecture == ImageNetArchitecture.DEIT_SMALL;
        if (size < 32 || (vit && size % 16 != 0))
            throw new IllegalArgumentException("--size " + size + ": an image size of at least 32 px" + (vit ? ", a multiple of 16 (the patch size)" : " (the ResNets halve it five times)"));
        try (NDManager manager = NDManager.newBaseManager()) {
            Block model = architecture.classifier(size);
            Blocks.initialize(model, manager, new Shape(1, 3, size, size));
            WeightImport.Report r = architecture.load(model, Path.of(file));
            System.out.printf("%s as %s at %d px (%,d parameters)%n", file, architecture.cliName(), size, Blocks.parameterCount(model));
            System.out.printf("loaded %d tensor(s)%n", r.loaded().size());
            r.loaded().stream().filter(l -> !l.note().isEmpty()).forEach(l -> System.out.println("  " + l.name() + " " + l.shape() + ": " + l.note()));
            System.out.printf("ignored %d%s%n", r.ignored().size(), r.ignored().isEmpty() ? "" : ": " + abbreviate(r.ignored()));
            printProblems("missing", r.missing());
            printProblems("mismatched", r.mismatched());
            printProblems("unexpected", r.unexpected());
            if (!r.complete()) {
                System.out.println("FAILED: the file does not fit " + architecture.cliName());
                return 1;
            }
            float[] logits = ImageNetArchitecture.logits(model, manager, ImageNetArchitecture.probeImage(size), 1, size);
            List<Integer> top = IntStream.range(0, logits.length).boxed().sorted(Comparator.comparingDouble(i -> -logits[i])).limit(5).toList();
            StringBuilder line = new StringBuilder("probe logits (sin(0.05·(h·" + size + "+w)+c)), top-5:");
            for (int i : top) line.append(String.format(" class %d: %.4f;", i, logits[i]));
            System.out.println(line.substring(0, line.length() - 1));
            System.out.println("OK");
            return 0;
        }
    }

    private static int size(String text) {
        try {
            return Integer.parseInt(text);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("--size takes an image size in pixels, e.g. --size 224, not '" + text + "'");
        }
    }

    private static void printProblems(String kind, List<WeightImport.Problem> problems) {
        System.out.printf("%s %d%n", kind, problems.size());
        problems.stream().limit(20).forEach(p -> System.out.println("  " + p.message()));
        if (problems.size() > 20) System.out.println("  … " + (problems.size() - 20) + " more");
    }

    private static String abbreviate(List<String> names) {
        List<String> shown = new ArrayList<>(names.subList(0, Math.min(3, names.size())));
        if (names.size() > 3) shown.add("… " + (names.size() - 3) + " more");
        return String.join(", ", shown);
    }
}
