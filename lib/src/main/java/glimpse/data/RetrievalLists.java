package glimpse.data;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.stream.IntStream;

/**
 * The list files of the image-retrieval benchmarks, parsed into (image path, class key, split)
 * items, and their decoding into {@link ImageSet}s (shorter side to {@code size}, centre square, RGB,
 * as {@link ImageListReader}). Layouts:
 * <ul>
 *   <li>Stanford Online Products (Oh Song et al., arXiv 1511.06452): {@code Ebay_train.txt},
 *       {@code Ebay_test.txt}, header {@code image_id class_id super_class_id path}, single spaces.</li>
 *   <li>In-Shop (Liu et al., DeepFashion, CVPR 2016): {@code list_eval_partition.txt}, line 1 the
 *       count, line 2 the header {@code image_name item_id evaluation_status}, then
 *       {@code img/… id_00000001 train|query|gallery} separated by runs of spaces.</li>
 *   <li>CUB-200-2011's retrieval split: {@link CubRetrievalSplit}.</li>
 * </ul>
 */
public final class RetrievalLists {
    private RetrievalLists() {}

    /** One image of a list: path relative to the image root, its class key, split, and the list line it came from. */
    public record Item(String path, String classKey, String split, int line) {}

    static List<String> lines(Path file, Manifest m) {
        try {
            return Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw DatasetException.of("Cannot read the list file (" + e.getMessage() + ")", file, m, SourceFiles.fixFor(m));
        }
    }

    /** An {@code Ebay_*.txt} file of SOP: every item in split {@code split}, the class key its class_id. */
    public static List<Item> sop(Path file, String split, Manifest m) {
        List<String> lines = lines(file, m);
        if (lines.isEmpty() || !lines.get(0).trim().split("\\s+")[0].equals("image_id"))
            throw DatasetException.of("Not a Stanford Online Products list: line 1 must be the header 'image_id class_id super_class_id path'",
                    file, m, "restore " + file.getFileName() + " from the Stanford_Online_Products archive");
        List<Item> out = new ArrayList<>();
        for (int i = 1; i < lines.size(); i++) {
            String line = lines.get(i).trim();
            if (line.isEmpty()) continue;
            String[] f = line.split("\\s+");
            if (f.length != 4 || !f[1].matches("\\d+"))
                throw DatasetException.of("Line " + (i + 1) + " is not 'image_id class_id super_class_id path': '" + line + "'", file, m,
                        "restore " + file.getFileName() + " from the Stanford_Online_Products archive");
            out.add(new Item(f[3], f[1], split, i + 1));
        }
        return out;
    }

    /** In-Shop's {@code list_eval_partition.txt}: the items of every split (train, query, gallery), the class key the item_id. */
    public static List<Item> inShop(Path file, Manifest m) {
        List<String> lines = lines(file, m);
        String fix = "restore " + file.getFileName() + " from the In-shop Clothes Retrieval Benchmark's Eval folder";
        if (lines.size() < 2 || !lines.get(0).trim().matches("\\d+") || !lines.get(1).trim().startsWith("image_name"))
            throw DatasetException.of("Not an In-Shop partition file: line 1 must be the image count and line 2 the header 'image_name item_id evaluation_status'",
                    file, m, fix);
        int declared = Integer.parseInt(lines.get(0).trim());
        List<Item> out = new ArrayList<>();
        for (int i = 2; i < lines.size(); i++) {
            String line = lines.get(i).trim();
            if (line.isEmpty()) continue;
            String[] f = line.split("\\s+");
            if (f.length != 3 || !(f[2].equals("train") || f[2].equals("query") || f[2].equals("gallery")))
                throw DatasetException.of("Line " + (i + 1) + " is not 'image_name item_id train|query|gallery': '" + line + "'", file, m, fix);
            out.add(new Item(f[0], f[1], f[2], i + 1));
        }
        if (out.size() != declared)
            throw DatasetException.of("Line 1 declares " + declared + " images, the file lists " + out.size(), file, m, fix);
        return out;
    }

    /**
     * The items of one split decoded under {@code root}, labels 0..k−1 by the sorted class keys of
     * {@code labelSpace} (pass the union of query and gallery items so both share labels).
     */
    public static ImageSet decode(Manifest m, String name, List<Item> items, List<Item> labelSpace, Path root, Path listFile, int size) {
        List<String> keys = new ArrayList<>(new TreeSet<>(labelSpace.stream().map(Item::classKey).toList()));
        Map<String, Integer> label = new LinkedHashMap<>();
        for (int k = 0; k < keys.size(); k++) label.put(keys.get(k), k);
        int bytes = 3 * size * size;
        byte[] px = new byte[Math.multiplyExact(items.size(), bytes)];
        int[] ys = new int[items.size()];
        IntStream.range(0, items.size()).parallel().forEach(i -> {
            Item it = items.get(i);
            decodeInto(m, root, it, listFile, size, px, i * bytes);
            Integer y = label.get(it.classKey());
            if (y == null) throw new IllegalArgumentException("class " + it.classKey() + " is not in the label space");
            ys[i] = y;
        });
        return new ImageSet(m.id() + "/" + name, 3, size, size, px, ys, keys, keys);
    }

    private static void decodeInto(Manifest m, Path root, Item it, Path listFile, int size, byte[] px, int offset) {
        Path image = root.resolve(it.path());
        if (!Files.isRegularFile(image))
            throw DatasetException.of("Image listed at line " + it.line() + " of " + listFile.getFileName() + " is missing", image, m,
                    "the list's paths are relative to " + root + "; extract the dataset's images there (" + SourceFiles.fixFor(m) + ")");
        BufferedImage img;
        try {
            img = ImageIO.read(image.toFile());
        } catch (IOException e) {
            throw DatasetException.of("Cannot decode image (" + e.getMessage() + ")", image, m, "re-extract the image archive");
        }
        if (img == null) throw DatasetException.of("Not an image ImageIO can decode (line " + it.line() + " of " + listFile.getFileName() + ")",
                image, m, "re-extract the image archive");
        ImageListReader.toPlanes(ImageListReader.centreSquare(img, size), size, px, offset);
    }
}
