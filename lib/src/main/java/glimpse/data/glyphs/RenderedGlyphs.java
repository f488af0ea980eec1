package glimpse.data.glyphs;

import glimpse.data.ImageSet;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/**
 * The whole rendered set: images (N×size×size, uint8, white ink on black) with their class label
 * and the index (into the manifest's font list) of the face each was drawn from.
 *
 * @param sha256 checksum over the image size, the class code points, the labels and the pixels
 */
public record RenderedGlyphs(int size, int[] codePoints, int[] labels, short[] faces, byte[] pixels, String sha256) {

    public int count() { return labels.length; }

    /** All classes in label order: names are the characters, texts their Unicode names. */
    public ImageSet toImageSet(String name) {
        List<String> names = new ArrayList<>(), texts = new ArrayList<>();
        for (int cp : codePoints) {
            GlyphClass g = GlyphClass.of(cp);
            names.add(g.character());
            texts.add(g.unicodeName());
        }
        return new ImageSet(name, 1, size, size, pixels, labels, names, texts);
    }

    public static String checksum(int size, int[] codePoints, int[] labels, byte[] pixels) {
        try {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            md.update("glimpse-glyphs-v1".getBytes(StandardCharsets.US_ASCII));
            ByteBuffer head = ByteBuffer.allocate(4 * (3 + codePoints.length));
            head.putInt(size).putInt(codePoints.length).putInt(labels.length);
            for (int cp : codePoints) head.putInt(cp);
            md.update(head.array());
            ByteBuffer lb = ByteBuffer.allocate(4 * labels.length);
            for (int y : labels) lb.putInt(y);
            md.update(lb.array());
            md.update(pixels);
            return HexFormat.of().formatHex(md.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
