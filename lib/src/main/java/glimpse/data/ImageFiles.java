package glimpse.data;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.IntFunction;

/**
 * Decoding the images a dataset's annotation lists, one ({@link #read}, with errors that name the image, the
 * manifest and the fix) or a split of them ({@link #squareSet}).
 */
final class ImageFiles {
    private ImageFiles() {}

    /** {@code image} decoded; {@code listedIn} names what lists it and {@code extractFix} how to get it when it is missing. */
    static BufferedImage read(Path image, Manifest m, String listedIn, String extractFix) {
        try {
            if (!Files.isRegularFile(image)) throw DatasetException.of("Image listed in " + listedIn + " is missing", image, m, extractFix);
            BufferedImage img = ImageIO.read(image.toFile());
            if (img == null) throw DatasetException.of("Not an image ImageIO can decode", image, m, "re-extract the image archive");
            return img;
        } catch (IOException e) {
            throw DatasetException.of("Cannot decode image (" + e.getMessage() + ")", image, m, "re-extract the image archive");
        }
    }

    /** The manifest's {@code options.cropToBox}: whether a reader with boxes crops each image to its box first (default no). */
    static boolean cropToBox(Manifest m) {
        return m.options() != null && m.options().has("cropToBox") && m.options().get("cropToBox").getAsBoolean();
    }

    /**
     * A split of RGB images, in order: the i-th is {@code image.apply(i)} (decoded, and cropped where the
     * reader crops), its shorter side scaled to {@code size} and centre-cropped square; its class {@code labels[i]}.
     */
    static ImageSet squareSet(String name, int size, int[] labels, IntFunction<BufferedImage> image, List<String> classNames) {
        int bytes = 3 * size * size;
        byte[] px = new byte[Math.multiplyExact(labels.length, bytes)];
        for (int i = 0; i < labels.length; i++) ImageListReader.toPlanes(ImageListReader.centreSquare(image.apply(i), size), size, px, i * bytes);
        return new ImageSet(name, 3, size, size, px, labels.clone(), classNames, classNames);
    }
}
