package glimpse.bench;

import java.util.List;

/**
 * An input-pipeline entry: images/s of decoded and augmented batches, our {@link glimpse.data.image.ImageLoader}
 * against PyTorch's {@code DataLoader} + torchvision transforms, at each of {@code sizes} (see {@link InputBench}).
 */
record InputModel(String name, String summary, Defaults defaults, List<Integer> sizes) implements BenchModel {}
