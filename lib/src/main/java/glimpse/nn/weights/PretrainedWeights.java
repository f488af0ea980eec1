package glimpse.nn.weights;

import glimpse.Glimpse;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * The one catalog of pretrained weight files the paper recipes start from: which architecture,
 * the file name expected in the weights folder ({@code GLIMPSE_WEIGHTS_DIR} or
 * {@code -Dglimpse.weights.dir}, else {@code build/weights}), where the file comes from and which
 * notebook needs it. None can be downloaded here: the user converts a published checkpoint to
 * safetensors (tensor names as the publisher's state dict) and puts it there. {@link #status} is
 * a cheap look (size and safetensors header), not a load.
 */
public final class PretrainedWeights {
    private PretrainedWeights() {}

    /**
     * @param arch     the entry's id (architecture and pretraining)
     * @param architecture what {@link ImageNetArchitecture#load} maps the tensor names onto
     * @param fileName the file expected in {@link #dir()}
     * @param source   the published checkpoint to convert
     * @param notebook the notebook whose paper mode uses it (its file name without .ipynb)
     * @param why      what the paper recipe uses it for
     * @param optional true when the notebook runs its paper section without it
     * @param loadedByRecipe true once the notebook's paper recipe actually starts from this file; until then
     *                 the doctor lists the file but does not hold paper mode back for it (a file nothing reads
     *                 is not a requirement)
     */
    public record Entry(String arch, ImageNetArchitecture architecture, String fileName, String source, String notebook, String why,
                        boolean optional, boolean loadedByRecipe) {}

    public static final List<Entry> CATALOG = List.of(
            new Entry("resnet50-imagenet", ImageNetArchitecture.RESNET50, "resnet50-imagenet.safetensors",
                    "torchvision resnet50, ResNet50_Weights.IMAGENET1K_V1 (state dict as safetensors)",
                    "04-tasn", "TASN's shared ResNet-50 backbone is ImageNet-pretrained (arXiv 1903.06150, §4.1)", false, true),
            new Entry("deit-small-imagenet", ImageNetArchitecture.DEIT_SMALL, "deit-small-imagenet.safetensors",
                    "timm deit_small_patch16_224 (Touvron et al., arXiv 2012.12877; state dict as safetensors)",
                    "05-image-retrieval", "IRT fine-tunes an ImageNet-pretrained DeiT-Small (arXiv 2102.05644, §4)", false, false),
            new Entry("resnet34-imagenet", ImageNetArchitecture.RESNET34, "resnet34-imagenet.safetensors",
                    "torchvision resnet34, ResNet34_Weights.IMAGENET1K_V1 (state dict as safetensors)",
                    "01-crosstransformers", "optional warm start for CTX's ResNet-34, which the paper trains from scratch (arXiv 2007.11498, §4)", true, false));

    /** GLIMPSE_WEIGHTS_DIR (or -Dglimpse.weights.dir), else build/weights. */
    public static Path dir() {
        String v = Glimpse.setting("glimpse.weights.dir", "GLIMPSE_WEIGHTS_DIR", null);
        return v != null ? Path.of(v).toAbsolutePath() : Glimpse.buildDir().resolve("weights");
    }

    public static Path file(Entry e) { return dir().resolve(e.fileName()); }

    public static Entry entry(String arch) {
        return CATALOG.stream().filter(e -> e.arch().equals(arch)).findFirst().orElseThrow(() -> new IllegalArgumentException(
                "no pretrained weights '" + arch + "'; known: " + CATALOG.stream().map(Entry::arch).toList()));
    }

    /** What a look at the file finds. {@code usable} is true only for a file whose safetensors header parses. */
    public record Status(Entry entry, Path file, boolean usable, String summary) {}

    /** Whether the file is there, its size, and whether its safetensors header (8-byte length + JSON) reads. */
    public static Status status(Entry e) {
        Path f = file(e);
        if (!Files.exists(f)) return new Status(e, f, false, "missing");
        if (!Files.isRegularFile(f) || !Files.isReadable(f)) return new Status(e, f, false, "not a readable file");
        try {
            long size = Files.size(f);
            // the same strict header check as a load (SafetensorsFile), so the doctor never calls usable what a load refuses
            int n = SafetensorsFile.open(f).tensors().size();
            return new Status(e, f, true, "found, " + bytes(size) + ", " + n + (n == 1 ? " tensor" : " tensors") + " in its header"
                    + "; full check: ./glimpse weights check --arch " + e.architecture().cliName() + " " + f);
        } catch (IOException | RuntimeException ex) {
            return new Status(e, f, false, "unreadable: " + ex.getMessage());
        }
    }

    static String bytes(long n) {
        return n >= 1L << 20 ? String.format(Locale.ROOT, "%.1f MiB", n / (double) (1L << 20)) : n + " bytes";
    }
}
