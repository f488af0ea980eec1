package glimpse.data.glyphs;

import glimpse.Glimpse;
import glimpse.data.SourceFiles;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Arrays;

/**
 * The rendered set on disk, in one little-endian binary file under
 * {@code Glimpse.cacheDir()/glyphs/}: magic, size, class count, image count, the checksum (64 ASCII
 * hex digits), code points, labels, face indices, pixels. The file name carries a key of the
 * rendering options and of the font files' sizes and dates, so new fonts or options never hit an
 * old file. A file whose content does not match its own checksum is reported as corrupt.
 */
public final class GlyphCache {
    private GlyphCache() {}

    private static final byte[] MAGIC = "GLIMPSE-GLYPHS-1".getBytes(StandardCharsets.US_ASCII);

    public static Path dir() { return Glimpse.cacheDir().resolve("glyphs"); }

    public static Path file(GlyphsConfig c) {
        return dir().resolve("glyphs-" + key(c).substring(0, 16) + ".bin");
    }

    /** What the rendering depends on: the options that shape images and the font files as they are now. */
    static String key(GlyphsConfig c) {
        StringBuilder sb = new StringBuilder();
        sb.append(c.imageSize()).append('|').append(c.emPixels()).append('|').append(c.instancesPerClass()).append('|')
                .append(c.seed()).append('|').append(c.jitter()).append('|').append(c.classes()).append('|');
        for (FontFace f : c.fonts()) {
            Path p = Path.of(f.file());
            sb.append(f.file()).append(':').append(f.typeface()).append(':');
            try {
                sb.append(Files.size(p)).append(':').append(Files.getLastModifiedTime(p).toMillis());
            } catch (IOException e) {
                sb.append("missing");
            }
            sb.append('|');
        }
        return SourceFiles.sha256(sb.toString().getBytes(StandardCharsets.UTF_8));
    }

    public static void write(Path file, RenderedGlyphs r) throws IOException {
        int n = r.count(), k = r.codePoints().length;
        ByteBuffer b = ByteBuffer.allocate(MAGIC.length + 12 + 64 + 4 * k + 4 * n + 2 * n + r.pixels().length).order(ByteOrder.LITTLE_ENDIAN);
        b.put(MAGIC).putInt(r.size()).putInt(k).putInt(n).put(r.sha256().getBytes(StandardCharsets.US_ASCII));
        for (int cp : r.codePoints()) b.putInt(cp);
        for (int y : r.labels()) b.putInt(y);
        for (short f : r.faces()) b.putShort(f);
        b.put(r.pixels());
        Files.createDirectories(file.getParent());
        Path tmp = file.resolveSibling(file.getFileName() + ".part");
        Files.write(tmp, b.array());
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    /** Reads and verifies a cache file; IOException when it is not a complete, self-consistent one. */
    public static RenderedGlyphs read(Path file) throws IOException {
        ByteBuffer b = ByteBuffer.wrap(Files.readAllBytes(file)).order(ByteOrder.LITTLE_ENDIAN);
        try {
            byte[] magic = new byte[MAGIC.length];
            b.get(magic);
            if (!Arrays.equals(magic, MAGIC)) throw new IOException("not a Glyphs cache file (bad magic)");
            int size = b.getInt(), k = b.getInt(), n = b.getInt();
            byte[] sha = new byte[64];
            b.get(sha);
            long expectedBytes = (long) MAGIC.length + 12 + 64 + 4L * k + 6L * n + (long) n * size * size;
            if (size <= 0 || k < 0 || n < 0 || b.capacity() != expectedBytes)
                throw new IOException("truncated or malformed (" + b.capacity() + " bytes, expected " + expectedBytes + ")");
            int[] cps = new int[k], labels = new int[n];
            short[] faces = new short[n];
            for (int i = 0; i < k; i++) cps[i] = b.getInt();
            for (int i = 0; i < n; i++) labels[i] = b.getInt();
            for (int i = 0; i < n; i++) faces[i] = b.getShort();
            byte[] pixels = new byte[n * size * size];
            b.get(pixels);
            String stored = new String(sha, StandardCharsets.US_ASCII);
            String actual = RenderedGlyphs.checksum(size, cps, labels, pixels);
            if (!actual.equals(stored)) throw new IOException("content does not match its checksum (corrupt file)");
            return new RenderedGlyphs(size, cps, labels, faces, pixels, stored);
        } catch (java.nio.BufferUnderflowException e) {
            throw new IOException("truncated", e);
        }
    }
}
