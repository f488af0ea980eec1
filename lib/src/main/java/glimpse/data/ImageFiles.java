package glimpse.data;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Decoding one image a dataset's annotation lists, with errors that name the image, the manifest and the fix. */
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
}
