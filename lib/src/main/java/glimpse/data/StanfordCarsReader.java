package glimpse.data;

import us.hebi.matlab.mat.format.Mat5;
import us.hebi.matlab.mat.format.Mat5File;
import us.hebi.matlab.mat.types.Array;
import us.hebi.matlab.mat.types.Cell;
import us.hebi.matlab.mat.types.Char;
import us.hebi.matlab.mat.types.Matrix;
import us.hebi.matlab.mat.types.Struct;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reader "stanford-cars": Stanford Cars (Krause, Stark, Deng, Fei-Fei, 3dRR 2013) in its release
 * layout: images in {@code cars_train/} and {@code cars_test/}, the devkit's MATLAB v5 files
 * {@code cars_meta.mat} (variable {@code class_names}, a 1×196 cell of strings),
 * {@code cars_train_annos.mat} and {@code cars_test_annos_withlabels.mat} (variable
 * {@code annotations}, a 1×N struct array with fields bbox_x1, bbox_y1, bbox_x2, bbox_y2, class
 * (1-based) and fname). The .mat files are looked for in the source folder, then in its
 * {@code devkit/}. Splits "train" (8,144 images) and "test" (8,041), 196 classes renumbered 0..195.
 * Images are optionally cropped to their box ({@code options.cropToBox}; inclusive 1-based pixel
 * corners), then shorter side to {@code options.imageSize} (default 64) and centre-cropped, RGB.
 */
public final class StanfordCarsReader implements DatasetReader {

    /** One annotation: image file name, 0-based class and box (x1, y1, x2, y2, 1-based, inclusive). */
    record Entry(String fname, int label, int[] box) {}

    static final Map<String, String[]> SPLITS = Map.of(
            "train", new String[] {"cars_train", "cars_train_annos.mat"},
            "test", new String[] {"cars_test", "cars_test_annos_withlabels.mat"});

    @Override
    public Dataset read(Manifest m) {
        Path dir = SourceFiles.resolveDir(m);
        int size = CifarBinaryReader.option(m, "imageSize", 64);
        boolean crop = ImageFiles.cropToBox(m);
        List<String> names = classNames(devkitFile(dir, "cars_meta.mat", m), m);
        Map<String, ImageSet> splits = new LinkedHashMap<>();
        for (String split : List.of("train", "test")) {
            Path images = dir.resolve(SPLITS.get(split)[0]);
            List<Entry> in = annotations(devkitFile(dir, SPLITS.get(split)[1], m), m, names.size());
            splits.put(split, ImageFiles.squareSet(m.id() + "/" + split, size, in.stream().mapToInt(Entry::label).toArray(), i -> {
                BufferedImage img = decode(images.resolve(in.get(i).fname()), m);
                return crop ? cropTo(img, in.get(i).box()) : img;
            }, names));
        }
        return new Dataset(m, splits);
    }

    /** The .mat file in the source folder or its devkit/. */
    static Path devkitFile(Path dir, String name, Manifest m) {
        for (Path p : List.of(dir.resolve(name), dir.resolve("devkit").resolve(name)))
            if (Files.isRegularFile(p)) return p;
        throw DatasetException.of("Missing the devkit file " + name + " (looked in the folder and in devkit/)", dir.resolve(name), m,
                "extract car_devkit.tgz into the folder (cars_test_annos_withlabels.mat is a separate download of the release)");
    }

    /** class_names of cars_meta.mat, in order. */
    static List<String> classNames(Path file, Manifest m) {
        try (Mat5File mat = Mat5.readFromFile(file.toFile())) {
            Cell cell = variable(mat, "class_names", Cell.class, file, m);
            List<String> out = new ArrayList<>(cell.getNumElements());
            for (int i = 0; i < cell.getNumElements(); i++) {
                Array a = cell.get(i);
                if (!(a instanceof Char c))
                    throw DatasetException.of("class_names{" + (i + 1) + "} is not a string", file, m, "restore cars_meta.mat from car_devkit.tgz");
                out.add(c.getString().trim());
            }
            return out;
        } catch (IOException e) {
            throw DatasetException.of("Cannot read the MAT file (" + e.getMessage() + ")", file, m, "restore it from car_devkit.tgz");
        }
    }

    /** The annotations struct array, in file order; classes checked against 1..classes. */
    static List<Entry> annotations(Path file, Manifest m, int classes) {
        try (Mat5File mat = Mat5.readFromFile(file.toFile())) {
            Struct s = variable(mat, "annotations", Struct.class, file, m);
            for (String f : List.of("bbox_x1", "bbox_y1", "bbox_x2", "bbox_y2", "class", "fname"))
                if (!s.getFieldNames().contains(f))
                    throw DatasetException.of("The annotations struct has no field '" + f + "' (it has " + s.getFieldNames() + ")", file, m,
                            "use the devkit's file; the test annotations must be cars_test_annos_withlabels.mat, which has 'class'");
            List<Entry> out = new ArrayList<>(s.getNumElements());
            for (int i = 0; i < s.getNumElements(); i++) {
                int label = number(s, "class", i, file, m) - 1;
                if (label < 0 || label >= classes)
                    throw DatasetException.of("Annotation " + (i + 1) + " has class " + (label + 1) + ", outside 1.." + classes + " of cars_meta.mat",
                            file, m, "restore the devkit files from one release");
                Array name = s.get("fname", i);
                if (!(name instanceof Char c))
                    throw DatasetException.of("Annotation " + (i + 1) + "'s fname is not a string", file, m, "restore the file from car_devkit.tgz");
                int[] box = {number(s, "bbox_x1", i, file, m), number(s, "bbox_y1", i, file, m), number(s, "bbox_x2", i, file, m), number(s, "bbox_y2", i, file, m)};
                out.add(new Entry(c.getString().trim(), label, box));
            }
            return out;
        } catch (IOException e) {
            throw DatasetException.of("Cannot read the MAT file (" + e.getMessage() + ")", file, m, "restore it from car_devkit.tgz");
        }
    }

    private static <T extends Array> T variable(Mat5File mat, String name, Class<T> type, Path file, Manifest m) {
        Array a;
        try {
            a = mat.getArray(name);
        } catch (IllegalArgumentException e) {
            throw DatasetException.of("No variable '" + name + "' in the MAT file", file, m, "restore it from car_devkit.tgz");
        }
        if (!type.isInstance(a))
            throw DatasetException.of("Variable '" + name + "' is a " + a.getType() + ", not a " + type.getSimpleName(), file, m, "restore it from car_devkit.tgz");
        return type.cast(a);
    }

    private static int number(Struct s, String field, int i, Path file, Manifest m) {
        Array a = s.get(field, i);
        if (!(a instanceof Matrix x) || x.getNumElements() != 1)
            throw DatasetException.of("Annotation " + (i + 1) + "'s " + field + " is not a number", file, m, "restore the file from car_devkit.tgz");
        return (int) Math.round(x.getDouble(0));
    }

    private static BufferedImage decode(Path image, Manifest m) {
        return ImageFiles.read(image, m, "the annotations", "extract cars_train.tgz and cars_test.tgz so that cars_train/ and cars_test/ sit in the folder");
    }

    /** The box's pixels (1-based inclusive corners), clamped to the image. */
    static BufferedImage cropTo(BufferedImage img, int[] box) {
        int x1 = Math.max(0, Math.min(img.getWidth() - 1, box[0] - 1)), y1 = Math.max(0, Math.min(img.getHeight() - 1, box[1] - 1));
        int x2 = Math.max(x1, Math.min(img.getWidth() - 1, box[2] - 1)), y2 = Math.max(y1, Math.min(img.getHeight() - 1, box[3] - 1));
        return img.getSubimage(x1, y1, x2 - x1 + 1, y2 - y1 + 1);
    }

    @Override
    public CheckReport check(Manifest m) {
        return checkByReading(m, "cars_meta.mat, cars_train_annos.mat, cars_test_annos_withlabels.mat, cars_train/, cars_test/");
    }
}
