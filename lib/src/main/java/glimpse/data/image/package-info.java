/**
 * Paper-resolution RGB input: image files decoded ({@link glimpse.data.image.ImageDecoder}: JPEG
 * through TwelveMonkeys' ImageIO plugin, CMYK and grayscale included), augmented with torchvision's
 * semantics into normalised float32 C×H×W images ({@link glimpse.data.image.RgbTransforms}: random
 * resized crop, resize + random or centre crop, flip, colour jitter, grayscale, blur, rotation,
 * ImageNet normalisation), and batched by worker threads behind a bounded, ordered queue
 * ({@link glimpse.data.image.ImageLoader}). The in-memory {@link glimpse.data.ImageSet} path stays
 * for the small embedded data; this one is for CUB at 448 px, miniImageNet at 84, SOP, In-Shop and
 * CUB retrieval at 224 and CIFAR at 32, read from the files. {@code ./glimpse bench --model=input}
 * compares its throughput with PyTorch's DataLoader.
 */
package glimpse.data.image;
